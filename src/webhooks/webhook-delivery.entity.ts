import { Check, Column, CreateDateColumn, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { sqlList } from '../database/sql';
import type { WebhookEventType } from './webhook-events';
import { WebhookSubscription } from './webhook-subscription.entity';

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * The outbox: one row per event and subscription, written in the transaction that made the change.
 * The worker claims due rows by setting `lockedUntil` (a lease a crashed instance lets expire).
 */
@Entity({ name: 'webhook_deliveries' })
@Check('webhook_deliveries_status_check', `"status" IN (${sqlList(deliveryStatuses)})`)
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('webhook_deliveries_subscription_seq_idx', ['subscriptionId', 'seq'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_deliveries_pkey' })
  id: string;

  @Index('webhook_deliveries_seq_key', { unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @ForeignKey(() => WebhookSubscription, { name: 'webhook_deliveries_subscription_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  subscriptionId: string;

  /** The `webhook-id`: one per event, the same for every subscription and every attempt. */
  @Column({ type: 'uuid' })
  messageId: string;

  @Column({ type: 'varchar', length: 40 })
  eventType: WebhookEventType;

  /** The body sent, exactly: {type, timestamp, data}. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: DeliveryStatus;

  /** Every attempt made, redeliveries included (the attempt log numbers them). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Failed attempts since the last redelivery: WEBHOOK_MAX_ATTEMPTS of them dead-letter it. */
  @Column({ type: 'integer', default: 0 })
  failuresInRow: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
