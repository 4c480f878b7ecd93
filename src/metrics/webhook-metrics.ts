import { Counter, Gauge, type Registry } from 'prom-client';
import type { Database } from '../database/database';
import { deliveryOutcomes } from '../webhooks/webhook-stats';
import { webhookStats } from '../webhooks/webhook-stats';

/**
 * Webhook deliveries: this instance's attempts by outcome (delivered, failed, dead_lettered), and, for
 * the whole database, how many wait and how old the oldest undelivered one is (read when scraped).
 */
export function registerWebhookMetrics(registry: Registry, db: Database): void {
  const registers = [registry];
  new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts made by this instance, by outcome (dead_lettered: the last failure of a delivery given up on).',
    labelNames: ['outcome'],
    registers,
    collect() {
      const stats = webhookStats(db.dataSource);
      this.reset();
      for (const outcome of deliveryOutcomes) this.inc({ outcome }, stats[outcome]);
    },
  });
  const pending = async (): Promise<{ depth: number; oldestSeconds: number }> => {
    const [row] = (await db.dataSource.query(
      `SELECT count(*)::int AS depth, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
         FROM webhook_deliveries WHERE status = 'pending'`,
    )) as Array<{ depth: number; oldest: number }>;
    return { depth: Number(row?.depth ?? 0), oldestSeconds: Number(row?.oldest ?? 0) };
  };
  new Gauge({
    name: 'webhook_queue_depth',
    help: 'Webhook deliveries not yet delivered nor dead-lettered (all instances).',
    registers,
    async collect() {
      this.set((await pending()).depth);
    },
  });
  new Gauge({
    name: 'webhook_oldest_undelivered_age_seconds',
    help: 'Age of the oldest delivery still waiting to be delivered (0 when none waits).',
    registers,
    async collect() {
      this.set((await pending()).oldestSeconds);
    },
  });
}
