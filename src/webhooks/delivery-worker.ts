import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { WebhookConfig } from '../config/config';
import type { Database } from '../database/database';
import { webhooksChannel } from './outbox';
import { retryDelayMs } from './retry-schedule';
import { sendWebhook, type SendOutcome } from './send';
import { signatureHeaders } from './signing';
import { webhookStats } from './webhook-stats';

type Claimed = { id: string; subscription_id: string; message_id: string; payload: unknown; attempts: number; failures_in_row: number };
type Target = { id: string; url: string; secret: string; previous_secret: string | null; previous_secret_expires_at: Date | null };

/**
 * Claims due deliveries and sends them. Every instance runs one: a claim is one UPDATE over rows
 * picked with FOR UPDATE SKIP LOCKED, which sets a lease (`locked_until`), so two instances never
 * take the same row, and a crashed instance's rows come due again when its lease runs out. No row
 * lock is held during the HTTP call: the result is written in a short transaction of its own,
 * only while the lease is still this instance's.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = false;

  constructor(
    private readonly db: Database,
    private readonly config: WebhookConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    // Woken by any instance's commit (NOTIFY is sent only when the transaction commits), else by the poll.
    this.unsubscribe = await this.db.subscribe(webhooksChannel, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.config.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops claiming, and waits for the deliveries in flight to be sent and recorded (bounded by their timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.unsubscribe?.();
    await this.running;
  }

  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook delivery round failed; retrying at the next poll'))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopping) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopping) {
      this.again = false;
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      const targets = await this.targets(claimed);
      await Promise.all(claimed.map((row) => this.deliver(row, targets.get(row.subscription_id))));
      if (claimed.length < this.config.batchSize && !this.again) return;
    }
  }

  private async claim(): Promise<Array<Claimed & { lease: Date }>> {
    const lease = new Date(Date.now() + this.config.leaseMs);
    const [rows] = (await this.db.dataSource.query(
      `UPDATE webhook_deliveries SET locked_until = $1, attempts = attempts + 1
        WHERE id IN (
          SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
           WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now()) AND s.active
           ORDER BY d.next_attempt_at LIMIT $2
             FOR UPDATE OF d SKIP LOCKED)
        RETURNING id, subscription_id, message_id, payload, attempts, failures_in_row`,
      [lease, this.config.batchSize],
    )) as [Claimed[], number];
    return rows.map((row) => ({ ...row, lease }));
  }

  private async targets(claimed: Claimed[]): Promise<Map<string, Target>> {
    const ids = [...new Set(claimed.map((row) => row.subscription_id))];
    const rows = (await this.db.dataSource.query(
      `SELECT id, url, secret, previous_secret, previous_secret_expires_at FROM webhook_subscriptions WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as Target[];
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async deliver(row: Claimed & { lease: Date }, target: Target | undefined): Promise<void> {
    const body = typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload);
    const started = performance.now();
    let outcome: SendOutcome;
    if (!target) outcome = { ok: false, statusCode: null, excerpt: null, error: 'the subscription is gone' };
    else {
      const secrets = [target.secret];
      if (target.previous_secret && target.previous_secret_expires_at && new Date(target.previous_secret_expires_at) > new Date()) {
        secrets.push(target.previous_secret);
      }
      const headers = signatureHeaders(secrets, row.message_id, new Date(), body);
      outcome = await sendWebhook(target.url, body, headers, { timeoutMs: this.config.timeoutMs, allowPrivate: this.config.allowPrivateTargets });
    }
    const latencyMs = Math.round(performance.now() - started);
    await this.db.dataSource.transaction((manager) => this.record(manager, row, outcome, latencyMs));
  }

  private async record(manager: EntityManager, row: Claimed & { lease: Date }, outcome: SendOutcome, latencyMs: number): Promise<void> {
    const stats = webhookStats(this.db.dataSource);
    await manager.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, outcome, status_code, latency_ms, response_excerpt, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.attempts, outcome.ok ? 'delivered' : 'failed', outcome.statusCode, latencyMs, outcome.excerpt, outcome.error],
    );
    if (outcome.ok) {
      stats.delivered += 1;
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), locked_until = NULL, last_error = NULL
          WHERE id = $1 AND locked_until = $2`,
        [row.id, row.lease],
      );
      await manager.query(`UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [row.subscription_id]);
      return;
    }
    stats.failed += 1;
    const failures = row.failures_in_row + 1;
    const dead = failures >= this.config.maxAttempts;
    if (dead) stats.dead_lettered += 1;
    await manager.query(
      `UPDATE webhook_deliveries
          SET status = $3, failures_in_row = $4, next_attempt_at = now() + $5 * interval '1 millisecond', locked_until = NULL, last_error = $6
        WHERE id = $1 AND locked_until = $2`,
      [row.id, row.lease, dead ? 'dead' : 'pending', failures, retryDelayMs(failures, this.config), outcome.error],
    );
    await this.noteFailure(manager, row.subscription_id, outcome.error ?? 'failed');
  }

  /** A subscription with no success for WEBHOOK_DISABLE_AFTER_MS is turned off, saying why. */
  private async noteFailure(manager: EntityManager, subscriptionId: string, error: string): Promise<void> {
    const [rows] = (await manager.query(
      `UPDATE webhook_subscriptions SET failing_since = COALESCE(failing_since, now()) WHERE id = $1 RETURNING failing_since, active`,
      [subscriptionId],
    )) as [Array<{ failing_since: Date; active: boolean }>, number];
    const since = rows[0] ? new Date(rows[0].failing_since) : undefined;
    if (!since || !rows[0]!.active || Date.now() - since.getTime() < this.config.disableAfterMs) return;
    const reason = `No successful delivery since ${since.toISOString()}; the last attempt: ${error}. Fix the receiver, then PATCH active: true.`;
    await manager.query(`UPDATE webhook_subscriptions SET active = false, disabled_reason = $2, updated_at = now() WHERE id = $1`, [subscriptionId, reason]);
    this.logger.warn({ subscriptionId, since }, 'webhook subscription turned off: failing for too long');
  }
}
