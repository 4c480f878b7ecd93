import type { WebhookAttempt } from './webhook-attempt.entity';
import type { WebhookDelivery } from './webhook-delivery.entity';
import { isPublicEvent } from './webhook-events';
import type { WebhookSubscription } from './webhook-subscription.entity';
import { secretHint } from './signing';

/** A subscription without its secret (only its first characters). */
export function presentWebhook(subscription: WebhookSubscription) {
  return {
    id: subscription.id,
    url: subscription.url,
    events: subscription.events,
    deskEvents: subscription.events.some((event) => !isPublicEvent(event)),
    description: subscription.description,
    active: subscription.active,
    disabledReason: subscription.disabledReason,
    failingSince: subscription.failingSince?.toISOString() ?? null,
    secretHint: secretHint(subscription.secret),
    previousSecretExpiresAt:
      subscription.previousSecretExpiresAt && subscription.previousSecretExpiresAt > new Date() ? subscription.previousSecretExpiresAt.toISOString() : null,
    createdBy: subscription.createdBy,
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

/** At creation and rotation only: the secret to verify signatures with. */
export const presentWebhookWithSecret = (subscription: WebhookSubscription) => ({ ...presentWebhook(subscription), secret: subscription.secret });

export function presentAttempt(attempt: WebhookAttempt) {
  return {
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    statusCode: attempt.statusCode,
    latencyMs: attempt.latencyMs,
    responseExcerpt: attempt.responseExcerpt,
    error: attempt.error,
    attemptedAt: attempt.attemptedAt.toISOString(),
  };
}

export function presentDelivery({ delivery, attempts }: { delivery: WebhookDelivery; attempts: WebhookAttempt[] }) {
  return {
    id: delivery.id,
    messageId: delivery.messageId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: attempts.map(presentAttempt),
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
