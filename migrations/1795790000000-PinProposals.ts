import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A proposal pins what it proposed: the digest of the claim's version, text, source chain, current
 * evidence and proposed verdict (see src/workflow/proposal-pin.ts). Approving recomputes it, so an
 * edit that slipped in between proposal and approval, by any path, stops the approval. Claims already
 * in review have no digest and are sent back and proposed again before they can be approved.
 */
export class PinProposals1795790000000 implements MigrationInterface {
  name = 'PinProposals1795790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "claims" ADD "proposal_digest" character(64)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "claims" DROP COLUMN "proposal_digest"`);
  }
}
