import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One rating of a published scale version; scales are added by migration, never edited. */
@Entity({ name: 'ratings' })
export class Rating {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'ratings_pkey' })
  scaleVersion: number;

  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'ratings_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 80 })
  label: string;

  @Column({ type: 'text' })
  definition: string;

  /** 1 (worst) to 5 (best) for ClaimReview, where the rating sits on that line; null otherwise. */
  @Column({ type: 'integer', nullable: true })
  value: number | null;

  @Column({ type: 'integer' })
  position: number;
}
