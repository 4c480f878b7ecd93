import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { WebhookEventType } from './webhook-events';

/**
 * Where to send which events. The signing secret is stored as issued (it must sign every delivery);
 * after a rotation the previous one keeps signing beside it until `previousSecretExpiresAt`.
 */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_subscriptions_pkey' })
  id: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  events: WebhookEventType[];

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'text', nullable: true })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Why the service turned it off (failing for too long); null when an admin did, or while active. */
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  /** The first failure since its last success: failing for WEBHOOK_DISABLE_AFTER_MS turns it off. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @ForeignKey(() => User, { name: 'webhook_subscriptions_created_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
