import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Article } from '../articles/article.entity';
import { Rating } from '../ratings/rating.entity';
import { User } from '../users/user.entity';
import { claimStatuses, type ClaimStatus } from './claim-status';
import { ClaimSource } from './claim-source.entity';
import { sqlList } from '../database/sql';

export const anchorStatuses = ['anchored', 'lost'] as const;
export type AnchorStatus = (typeof anchorStatuses)[number];

@Entity({ name: 'claims' })
@ForeignKey(() => Rating, ['ratingScaleVersion', 'rating'], ['scaleVersion', 'id'], { name: 'claims_rating_fkey' })
@ForeignKey(() => Rating, ['proposedRatingScaleVersion', 'proposedRating'], ['scaleVersion', 'id'], {
  name: 'claims_proposed_rating_fkey',
})
@Check('claims_status_check', `"status" IN (${sqlList(claimStatuses)})`)
@Check('claims_anchor_status_check', `"anchor_status" IN (${sqlList(anchorStatuses)})`)
@Check('claims_offsets_check', `"start_offset" >= 0 AND "end_offset" > "start_offset"`)
@Index('claims_status_seq_idx', ['status', 'seq'])
@Index('claims_article_seq_idx', ['articleId', 'seq'])
@Index('claims_anchor_lost_idx', ['seq'], { where: `"anchor_status" = 'lost'` })
@Index('claims_published_idx', ['lastPublishedAt', 'id'], { where: '"last_published_at" IS NOT NULL' })
@Index('claims_match_of_idx', ['matchOfId'], { where: '"match_of_id" IS NOT NULL' })
@Index('claims_updated_seq_idx', ['updatedAt', 'seq'])
@Index('claims_review_queue_idx', ['enteredReviewAt', 'seq'], { where: `"status" = 'in_review'` })
@Index('claims_assigned_work_idx', ['assigneeId', 'seq'], { where: `"status" IN ('in_progress', 'in_review')` })
export class Claim {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'claims_pkey' })
  id: string;

  @Index('claims_seq_key', { unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ type: 'uuid' })
  articleId: string;

  @ManyToOne(() => Article, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'claims_article_id_fkey' })
  article?: Article;

  /** The exact text of the claim as it stands in the article body. */
  @Column({ type: 'text' })
  quote: string;

  /** Offsets in Unicode code points into the article body; end is exclusive. */
  @Column({ type: 'integer', name: 'start_offset' })
  start: number;

  @Column({ type: 'integer', name: 'end_offset' })
  end: number;

  @Column({ type: 'char', length: 64 })
  quoteSha256: string;

  /**
   * `lost` once a revision of the article changed or removed the quoted words: the quote is kept, and
   * the offsets still point into the revision before that one (see articles/article-revisions.service.ts).
   */
  @Column({ type: 'varchar', length: 10, default: 'anchored' })
  anchorStatus: AnchorStatus;

  /**
   * The quote as similarity compares it (src/similar/wording.ts); set on insert, as the quote never
   * changes. Its MinHash band keys are in claim_wording_bands (migration 1795835000000).
   */
  @Index('claims_published_wording_trgm_idx', { synchronize: false }) // GIN trigram index of published claims, made by a migration
  @Column({ type: 'text', select: false })
  wording?: string;

  @Column({ type: 'varchar', length: 280, nullable: true })
  summary: string | null;

  @Column({ type: 'text' })
  claimant: string;

  @Column({ type: 'date', nullable: true })
  claimDate: string | null;

  @Column({ type: 'varchar', length: 35 })
  language: string;

  @Column({ type: 'varchar', length: 20, default: 'unverified' })
  status: ClaimStatus;

  /** The rating of the latest published verdict (see Verdict), with the scale version it used. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  rating: string | null;

  @Column({ type: 'integer', nullable: true })
  ratingScaleVersion: number | null;

  @ForeignKey(() => User, { name: 'claims_assignee_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  /** The verdict a checker proposed and an editor has yet to approve or send back. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  proposedRating: string | null;

  @Column({ type: 'integer', nullable: true })
  proposedRatingScaleVersion: number | null;

  @Column({ type: 'text', nullable: true })
  proposedRationale: string | null;

  @ForeignKey(() => User, { name: 'claims_proposed_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  proposedBy: string | null;

  /** A match proposal: the published fact-check whose verdict this claim would carry. */
  @ForeignKey(() => Claim, { name: 'claims_proposed_match_of_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  proposedMatchOfId: string | null;

  /** Published as a match of this fact-check: its verdict, and each correction of it, is this claim's. */
  @ForeignKey(() => Claim, { name: 'claims_match_of_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  matchOfId: string | null;

  /** What the proposal pinned (see workflow/proposal-pin.ts); approving checks that it still holds. */
  @Column({ type: 'char', length: 64, nullable: true })
  proposalDigest: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstPublishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastPublishedAt: Date | null;

  /** Bumped on every change; the ETag and the optimistic lock. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** When the claim last moved into review (its status.changed event's time), set by a trigger: migration 1795850000000. */
  @Column({ type: 'timestamptz', nullable: true, select: false, insert: false, update: false })
  enteredReviewAt?: Date | null;

  /** Full-text vector of quote, summary and claimant, kept by a trigger (see claim-search.ts). */
  @Index('claims_search_vector_idx', { synchronize: false }) // GIN, created by the migration
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string;

  @OneToMany(() => ClaimSource, (source) => source.claim)
  sources?: ClaimSource[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
