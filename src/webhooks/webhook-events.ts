/**
 * What a subscription may ask for. Public events carry only what the public can read (the published
 * fact-check); desk events carry the desk's view of the claim, drafts and proposals included.
 */
export const publicWebhookEvents = ['claim.published', 'claim.corrected'] as const;
export const deskWebhookEvents = ['claim.created', 'claim.status_changed', 'evidence.added', 'article.revised'] as const;
export const webhookEvents = [...publicWebhookEvents, ...deskWebhookEvents] as const;
export type WebhookEventType = (typeof webhookEvents)[number];

export const isPublicEvent = (type: WebhookEventType): boolean => (publicWebhookEvents as readonly string[]).includes(type);
