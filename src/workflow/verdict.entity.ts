import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from '../claims/claim.entity';
import { Rating } from '../ratings/rating.entity';
import { User } from '../users/user.entity';

/**
 * A published verdict. Publishing again (a correction) adds a row; earlier rows stay, so the public
 * record shows what was said before and why it changed.
 */
@Entity({ name: 'verdicts' })
@ForeignKey(() => Rating, ['ratingScaleVersion', 'rating'], ['scaleVersion', 'id'], { name: 'verdicts_rating_fkey' })
@Index('verdicts_claim_id_idx', ['claimId', 'publishedAt'])
export class Verdict {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'verdicts_pkey' })
  id: string;

  @ForeignKey(() => Claim, { name: 'verdicts_claim_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  claimId: string;

  @Column({ type: 'varchar', length: 40 })
  rating: string;

  @Column({ type: 'integer' })
  ratingScaleVersion: number;

  @Column({ type: 'text' })
  rationale: string;

  @ForeignKey(() => User, { name: 'verdicts_proposed_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  proposedBy: string;

  @ForeignKey(() => User, { name: 'verdicts_approved_by_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  approvedBy: string;

  /** Why this verdict replaces the previous one; null on a first publication. */
  @Column({ type: 'text', nullable: true })
  correctionNote: string | null;

  @Column({ type: 'timestamptz' })
  publishedAt: Date;

  /** For a match: the original's verdict this one carries (its rating and rationale). */
  @ForeignKey(() => Verdict, { name: 'verdicts_followed_verdict_id_fkey', onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  followedVerdictId: string | null;

  /** The claim as the editor approved it: what the public sees, whatever is edited afterwards. */
  @Column({ type: 'jsonb' })
  claimSnapshot: PublishedClaim;
}

export type PublishedClaim = {
  quote: string;
  summary: string | null;
  claimant: string;
  claimDate: string | null;
  language: string;
  sources: Array<{ position: number; name: string; kind: string; url: string | null; note: string | null }>;
  /** The article's public metadata as approved (verdicts from before it was kept were backfilled: migration 1795792000000). */
  article: PublishedArticle;
};

/** What the public is shown of the article a claim was made in. */
export type PublishedArticle = {
  title: string;
  url: string | null;
  publisher: string | null;
  /** ISO 8601 in UTC, as toISOString() writes it. */
  publishedAt: string | null;
  language: string;
};
