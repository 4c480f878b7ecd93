import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Article } from '../articles/article.entity';
import { presentArticleSummary } from '../articles/article.presenter';
import type { Claim } from '../claims/claim.entity';
import type { Site } from '../fact-checks/site';
import type { EventDraft } from '../history/history.service';
import type { WebhookEventType } from './webhook-events';
import { eventData } from './webhook-payload';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

/** The PostgreSQL channel that wakes every instance's delivery worker when deliveries commit. */
export const webhooksChannel = 'claim_tracker_webhooks';

const sites = new WeakMap<DataSource, Site>();
const fallbackSite: Site = { baseUrl: 'http://localhost', organization: { name: 'Fact-check desk', url: undefined }, reviewLanguage: 'en' };

/** The public site whose URLs public payloads carry (the server sets it at start). */
export const setWebhookSite = (db: DataSource, site: Site): void => void sites.set(db, site);

/** The webhook events a history event stands for. */
export function webhookEventsFor(claim: Claim, draft: EventDraft): WebhookEventType[] {
  switch (draft.action) {
    case 'claim.created':
      return ['claim.created'];
    case 'evidence.added':
      return ['evidence.added'];
    case 'status.changed': {
      if (draft.toStatus !== 'published') return ['claim.status_changed'];
      const republished = claim.firstPublishedAt?.getTime() !== claim.lastPublishedAt?.getTime();
      return ['claim.status_changed', republished ? 'claim.corrected' : 'claim.published'];
    }
    default:
      return [];
  }
}

/**
 * The outbox write: called where the claim's history event is appended, inside the same transaction,
 * so a change and its deliveries commit or roll back together. One delivery per active subscription
 * of each event type; the NOTIFY that wakes the workers is sent only if the transaction commits.
 */
export async function enqueueWebhooks(manager: EntityManager, claim: Claim, draft: EventDraft): Promise<void> {
  const site = sites.get(manager.connection) ?? fallbackSite;
  await enqueue(manager, webhookEventsFor(claim, draft), (type) => eventData(manager, type, claim, draft, site));
}

/** The same for an article's metadata change (its history's article.updated): a desk event. */
export async function enqueueArticleWebhooks(manager: EntityManager, articleId: string, changes: Record<string, unknown>): Promise<void> {
  await enqueue(manager, ['article.revised'], async () => ({
    article: presentArticleSummary(await manager.findOneByOrFail(Article, { id: articleId })),
    changes,
  }));
}

async function enqueue(
  manager: EntityManager,
  types: WebhookEventType[],
  render: (type: WebhookEventType) => Promise<Record<string, unknown>>,
): Promise<void> {
  if (types.length === 0) return;
  const subscriptions = await manager
    .createQueryBuilder(WebhookSubscription, 'subscription')
    .select(['subscription.id', 'subscription.events'])
    .where('subscription.active')
    .andWhere('subscription.events && CAST(:types AS text[])', { types })
    .getMany();
  if (subscriptions.length === 0) return;
  const rows: Array<QueryDeepPartialEntity<WebhookDelivery>> = [];
  for (const type of types) {
    const targets = subscriptions.filter((subscription) => subscription.events.includes(type));
    if (targets.length === 0) continue;
    const payload = { type, timestamp: new Date().toISOString(), data: await render(type) };
    const messageId = randomUUID();
    for (const { id } of targets) rows.push({ subscriptionId: id, messageId, eventType: type, payload });
  }
  if (rows.length === 0) return;
  await manager.createQueryBuilder().insert().into(WebhookDelivery).values(rows).updateEntity(false).execute();
  await manager.query('SELECT pg_notify($1, $2)', [webhooksChannel, '']);
}
