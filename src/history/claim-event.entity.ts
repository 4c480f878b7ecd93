import { Column, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import { ApiToken } from '../users/api-token.entity';
import { User } from '../users/user.entity';
import { WebSession } from '../web/web-session.entity';

export type ClaimEventAction =
  | 'claim.created'
  | 'claim.updated'
  | 'evidence.added'
  | 'evidence.retracted'
  | 'status.changed'
  | 'anchor.moved'
  | 'anchor.lost'
  /** A match's published verdict followed a correction of its original (see workflow/matches.ts). */
  | 'verdict.followed';

/** One entry of a claim's append-only history; a trigger refuses UPDATE and DELETE. */
@Entity({ name: 'claim_events' })
@Index('claim_events_claim_seq_idx', ['claimId', 'seq'])
export class ClaimEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'claim_events_pkey' })
  id: string;

  @Index('claim_events_seq_key', { unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @ForeignKey(() => Claim, { name: 'claim_events_claim_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  claimId: string;

  /** Null for the system itself (the seed import). */
  @ForeignKey(() => User, { name: 'claim_events_actor_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** The credential that acted (null for the system, and for events recorded before tokens were). */
  @ForeignKey(() => ApiToken, { name: 'claim_events_actor_token_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  actorTokenId: string | null;

  /** The browser session that acted, when the change was made on a page. */
  @ForeignKey(() => WebSession, { name: 'claim_events_actor_session_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  actorSessionId: string | null;

  @Column({ type: 'varchar', length: 40 })
  action: ClaimEventAction;

  /** The claim version this event produced. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  toStatus: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  rating: string | null;

  @Column({ type: 'text', nullable: true })
  rationale: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Changed fields as {field: {from, to}}, or what was added or retracted. */
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
