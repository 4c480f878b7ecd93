import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A fact-check another organisation published, imported from its schema.org ClaimReview. Never one of
 * the desk's own verdicts: it has no claim, no workflow and never reaches the public face. One row per
 * review URL; importing it again updates the row.
 */
@Entity({ name: 'external_fact_checks' })
export class ExternalFactCheck {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'external_fact_checks_pkey' })
  id: string;

  /** The review's own URL, as `new URL()` writes it: what makes a re-import an update. */
  @Index('external_fact_checks_url_key', { unique: true })
  @Column({ type: 'text' })
  url: string;

  /** The reviewing organisation (ClaimReview author, else publisher). */
  @Column({ type: 'text', nullable: true })
  publisherName: string | null;

  @Column({ type: 'text', nullable: true })
  publisherUrl: string | null;

  /** The claim as the reviewer summed it up (claimReviewed, else itemReviewed.text): the text to match claims against. */
  @Column({ type: 'text' })
  claimReviewed: string;

  /** Who made the claim (itemReviewed.author.name). */
  @Column({ type: 'text', nullable: true })
  claimant: string | null;

  /** When the claim was made (itemReviewed.datePublished). */
  @Column({ type: 'date', nullable: true })
  claimDate: string | null;

  /** The reviewer's verdict in its own words (reviewRating.alternateName, else name). */
  @Column({ type: 'text', nullable: true })
  ratingText: string | null;

  @Column({ type: 'double precision', nullable: true })
  ratingValue: number | null;

  @Column({ type: 'double precision', nullable: true })
  bestRating: number | null;

  @Column({ type: 'double precision', nullable: true })
  worstRating: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  datePublished: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dateModified: Date | null;

  /** The review's language (inLanguage), a BCP 47 tag. */
  @Column({ type: 'varchar', length: 35, nullable: true })
  language: string | null;

  /** claimReviewed normalised as a claim's quote is (src/similar/wording.ts), for matching. */
  @Column({ type: 'text', select: false })
  wording?: string;

  /** The MinHash band keys of the wording (src/similar/wording-bands.ts), copied to external_wording_bands by a trigger (migration 1795845000000). */
  @Column({ type: 'bigint', array: true, select: false })
  wordingBands?: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt: Date;

  /** The last import that changed the row. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
