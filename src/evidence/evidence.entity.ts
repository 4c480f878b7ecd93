import { Check, Column, CreateDateColumn, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import { sqlList } from '../database/sql';
import { User } from '../users/user.entity';
import { stances, type Stance } from './stance';

/** A piece of evidence on a claim. Never deleted: a wrong one is retracted, with its reason. */
@Entity({ name: 'evidence' })
@Check('evidence_stance_check', `"stance" IN (${sqlList(stances)})`)
@Index('evidence_claim_seq_idx', ['claimId', 'seq'])
export class Evidence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'evidence_pkey' })
  id: string;

  /** The order evidence was added in; the keyset of its pages. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @ForeignKey(() => Claim, { name: 'evidence_claim_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  claimId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  @Column({ type: 'text', nullable: true })
  excerpt: string | null;

  @Column({ type: 'varchar', length: 20 })
  stance: Stance;

  @Column({ type: 'timestamptz' })
  accessedAt: Date;

  @Column({ type: 'text', nullable: true })
  archiveUrl: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @ForeignKey(() => User, { name: 'evidence_added_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  addedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retractedAt: Date | null;

  @ForeignKey(() => User, { name: 'evidence_retracted_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  retractedBy: string | null;

  @Column({ type: 'text', nullable: true })
  retractionReason: string | null;
}
