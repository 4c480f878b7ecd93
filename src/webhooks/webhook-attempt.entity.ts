import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';

/** One try at a delivery: what the receiver answered and how long it took. Append-only. */
@Entity({ name: 'webhook_attempts' })
@Index('webhook_attempts_delivery_attempt_idx', ['deliveryId', 'attempt'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_attempts_pkey' })
  id: string;

  @ForeignKey(() => WebhookDelivery, { name: 'webhook_attempts_delivery_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  deliveryId: string;

  @Column({ type: 'integer' })
  attempt: number;

  /** 'delivered' (2xx) or 'failed' (anything else, a refused target or a timeout included). */
  @Column({ type: 'varchar', length: 20 })
  outcome: 'delivered' | 'failed';

  @Column({ type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'integer' })
  latencyMs: number;

  /** The first bytes of the receiver's answer (WEBHOOK_RESPONSE_EXCERPT_BYTES). */
  @Column({ type: 'text', nullable: true })
  responseExcerpt: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  attemptedAt: Date;
}
