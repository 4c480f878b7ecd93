import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence lists are paged by keyset like every other list, which needs an exact, unique order: a
 * `seq` as claims and claim_events have (created_at holds microseconds a JavaScript Date cannot carry
 * in a cursor). Existing rows are numbered in their old order (created_at, id); the column is then
 * exactly what BIGSERIAL makes. The (claim_id, seq) index serves the page and the per-claim count.
 */
export class EvidenceSeqForPaging1795797000000 implements MigrationInterface {
  name = 'EvidenceSeqForPaging1795797000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE "evidence_seq_seq" AS bigint`);
    await db.query(`ALTER TABLE "evidence" ADD COLUMN "seq" bigint`);
    await db.query(`
      UPDATE "evidence" SET "seq" = numbered.n
        FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS n FROM "evidence") AS numbered
       WHERE "evidence"."id" = numbered."id"`);
    await db.query(`SELECT setval('"evidence_seq_seq"', COALESCE((SELECT max("seq") FROM "evidence"), 0) + 1, false)`);
    await db.query(`ALTER TABLE "evidence" ALTER COLUMN "seq" SET DEFAULT nextval('"evidence_seq_seq"'), ALTER COLUMN "seq" SET NOT NULL`);
    await db.query(`ALTER SEQUENCE "evidence_seq_seq" OWNED BY "evidence"."seq"`);
    await db.query(`CREATE INDEX "evidence_claim_seq_idx" ON "evidence" ("claim_id", "seq")`);
    await db.query(`DROP INDEX "evidence_claim_id_idx"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "evidence_claim_id_idx" ON "evidence" ("claim_id", "created_at")`);
    await db.query(`DROP INDEX "evidence_claim_seq_idx"`);
    await db.query(`ALTER TABLE "evidence" DROP COLUMN "seq"`);
  }
}
