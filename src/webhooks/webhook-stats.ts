import type { DataSource } from 'typeorm';

export const deliveryOutcomes = ['delivered', 'failed', 'dead_lettered'] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

/** This instance's delivery counts, read by /metrics when scraped. */
export type WebhookStats = Record<DeliveryOutcome, number>;

const stats = new WeakMap<DataSource, WebhookStats>();

export function webhookStats(db: DataSource): WebhookStats {
  let found = stats.get(db);
  if (!found) stats.set(db, (found = { delivered: 0, failed: 0, dead_lettered: 0 }));
  return found;
}
