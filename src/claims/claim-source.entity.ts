import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Claim } from './claim.entity';
import { sqlList } from '../database/sql';
import { sourceKinds, type SourceKind } from './source-kind';

/** One hop of a claim's provenance chain; position 0 is the origin, the last hop is nearest the article. */
@Entity({ name: 'claim_sources' })
@Index('claim_sources_claim_position_key', ['claimId', 'position'], { unique: true })
@Check('claim_sources_kind_check', `"kind" IN (${sqlList(sourceKinds)})`)
export class ClaimSource {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'claim_sources_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  claimId: string;

  @ManyToOne(() => Claim, (claim) => claim.sources, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'claim_sources_claim_id_fkey' })
  claim?: Claim;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 30 })
  kind: SourceKind;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
