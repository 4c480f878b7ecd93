import { In, type DataSource, type EntityManager } from 'typeorm';
import type { WebhookConfig } from '../config/config';
import { notFound, Problem } from '../errors/problem';
import { decodeCursor } from '../http/pagination';
import type { Actor } from '../users/users.service';
import { webhooksChannel } from './outbox';
import { newSigningSecret } from './signing';
import { checkTarget, TargetRefused } from './target-safety';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import type { CreateWebhookDto, UpdateWebhookDto } from './webhooks.dto';

/** Each active subscription gets a delivery of every event it takes: the cap bounds what one change fans out to. */
export const maxActiveSubscriptions = 50;

/** Serialises creations and reactivations, so that two at once cannot both see room for one more. */
async function refuseOverCap(manager: EntityManager): Promise<void> {
  await manager.query('LOCK TABLE webhook_subscriptions IN SHARE ROW EXCLUSIVE MODE');
  const active = await manager.countBy(WebhookSubscription, { active: true });
  if (active >= maxActiveSubscriptions) {
    throw new Problem(
      'webhook-limit-reached',
      `${active} subscriptions are active; at most ${maxActiveSubscriptions} may be. Repoint one (PATCH url, events) or turn one off.`,
      { limit: maxActiveSubscriptions },
    );
  }
}

type Settings = Pick<WebhookConfig, 'allowPrivateTargets' | 'secretOverlapMs'>;

async function refuseUnsafeTarget(url: string, settings: Settings): Promise<void> {
  try {
    await checkTarget(new URL(url), settings.allowPrivateTargets);
  } catch (error) {
    if (error instanceof TargetRefused) throw new Problem('webhook-target-refused', error.message, { url });
    throw error;
  }
}

export async function createWebhook(db: DataSource, actor: Actor, input: CreateWebhookDto, settings: Settings): Promise<WebhookSubscription> {
  await refuseUnsafeTarget(input.url, settings);
  return db.transaction(async (manager) => {
    await refuseOverCap(manager);
    return manager.save(
      manager.create(WebhookSubscription, {
        url: input.url,
        events: input.events,
        description: input.description ?? null,
        secret: newSigningSecret(),
        createdBy: actor.id,
      }),
    );
  });
}

export const listWebhooks = (manager: EntityManager): Promise<WebhookSubscription[]> =>
  manager.find(WebhookSubscription, { order: { createdAt: 'ASC', id: 'ASC' } });

export async function getWebhook(manager: EntityManager, id: string): Promise<WebhookSubscription> {
  const found = await manager.findOneBy(WebhookSubscription, { id });
  if (!found) throw notFound('webhook subscription', id);
  return found;
}

export async function updateWebhook(db: DataSource, id: string, input: UpdateWebhookDto, settings: Settings): Promise<WebhookSubscription> {
  if (input.url !== undefined) await refuseUnsafeTarget(input.url, settings);
  return db.transaction(async (manager) => {
    const subscription = await manager.findOne(WebhookSubscription, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!subscription) throw notFound('webhook subscription', id);
    if (input.url !== undefined) subscription.url = input.url;
    if (input.events !== undefined) subscription.events = input.events;
    if (input.description !== undefined) subscription.description = input.description;
    if (input.active !== undefined) {
      if (input.active && !subscription.active) {
        await refuseOverCap(manager);
        subscription.disabledReason = null;
        subscription.failingSince = null;
      }
      subscription.active = input.active;
    }
    const saved = await manager.save(subscription);
    // Deliveries waiting while it was off are due again.
    if (saved.active) await manager.query('SELECT pg_notify($1, $2)', [webhooksChannel, '']);
    return saved;
  });
}

/** A new secret signs from now on; the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP_MS. */
export async function rotateWebhookSecret(db: DataSource, id: string, settings: Settings): Promise<WebhookSubscription> {
  return db.transaction(async (manager) => {
    const subscription = await manager.findOne(WebhookSubscription, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!subscription) throw notFound('webhook subscription', id);
    subscription.previousSecret = subscription.secret;
    subscription.previousSecretExpiresAt = new Date(Date.now() + settings.secretOverlapMs);
    subscription.secret = newSigningSecret();
    return manager.save(subscription);
  });
}

export type DeliveryWithAttempts = { delivery: WebhookDelivery; attempts: WebhookAttempt[] };

/** Newest first; fetches limit + 1 deliveries (see toPage), each with its attempts oldest first. */
export async function listDeliveries(
  manager: EntityManager,
  subscriptionId: string,
  page: { limit: number; cursor?: string },
): Promise<Array<DeliveryWithAttempts & { seq: string }>> {
  await getWebhook(manager, subscriptionId);
  const select = manager
    .createQueryBuilder(WebhookDelivery, 'delivery')
    .where('delivery.subscriptionId = :subscriptionId', { subscriptionId })
    .orderBy('delivery.seq', 'DESC')
    .limit(page.limit + 1);
  const before = decodeCursor(page.cursor);
  if (before) select.andWhere('delivery.seq < :before', { before });
  const deliveries = await select.getMany();
  const attempts =
    deliveries.length === 0
      ? []
      : await manager.find(WebhookAttempt, { where: { deliveryId: In(deliveries.map((delivery) => delivery.id)) }, order: { attempt: 'ASC' } });
  return deliveries.map((delivery) => ({
    seq: delivery.seq,
    delivery,
    attempts: attempts.filter((attempt) => attempt.deliveryId === delivery.id),
  }));
}

/** Sends a delivered or dead-lettered delivery again, now, with a fresh round of retries. */
export async function redeliver(db: DataSource, subscriptionId: string, deliveryId: string): Promise<DeliveryWithAttempts> {
  return db.transaction(async (manager) => {
    const delivery = await manager.findOne(WebhookDelivery, { where: { id: deliveryId, subscriptionId }, lock: { mode: 'pessimistic_write' } });
    if (!delivery) throw notFound('delivery of this subscription', deliveryId);
    if (delivery.status === 'pending') {
      throw new Problem('delivery-pending', 'The delivery is still being tried; it can be sent again once it is delivered or dead-lettered.', {
        nextAttemptAt: delivery.nextAttemptAt.toISOString(),
      });
    }
    delivery.status = 'pending';
    delivery.failuresInRow = 0;
    delivery.nextAttemptAt = new Date();
    delivery.lockedUntil = null;
    await manager.save(delivery);
    await manager.query('SELECT pg_notify($1, $2)', [webhooksChannel, '']);
    const attempts = await manager.find(WebhookAttempt, { where: { deliveryId }, order: { attempt: 'ASC' } });
    return { delivery, attempts };
  });
}
