import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The wording normaliser as it stood when this migration was written (src/similar/wording.ts), for the backfill. */
const normaliseWording = (text: string): string =>
  text
    .replace(/(?<=\d)[.,'’\u00a0\u2009\u202f](?=\d{3}(?!\d))/gu, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const batch = 5_000;

/**
 * Similar claims (issue 11, part 2) and answering a claim with an earlier fact-check (part 3).
 * - pg_trgm (a trusted extension: the database's owner may create it), and `claims.wording`, the quote
 *   normalised by the app, under two trigram indexes: every claim (the desk's similar list) and
 *   published ones only (the public search, a small part of a large table).
 * - `claims.match_of_id`: the published fact-check whose verdict this claim carries; `proposed_match_of_id`
 *   while such a proposal waits for an editor; `verdicts.followed_verdict_id`: the original's verdict a
 *   match's verdict copies (its publication, or a correction flowing from the original).
 */
export class SimilarClaimsAndMatches1795810000000 implements MigrationInterface {
  name = 'SimilarClaimsAndMatches1795810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`ALTER TABLE "claims" ADD COLUMN "wording" text`);
    for (let after = '0'; ; ) {
      const rows = (await db.query(`SELECT "id", "seq", "quote" FROM "claims" WHERE "seq" > $1 ORDER BY "seq" LIMIT ${batch}`, [after])) as Array<{
        id: string;
        seq: string;
        quote: string;
      }>;
      if (rows.length === 0) break;
      await db.query(
        `UPDATE "claims" SET "wording" = fill."wording" FROM unnest($1::uuid[], $2::text[]) AS fill("id", "wording") WHERE "claims"."id" = fill."id"`,
        [rows.map((row) => row.id), rows.map((row) => normaliseWording(row.quote))],
      );
      after = rows.at(-1)!.seq;
    }
    await db.query(`ALTER TABLE "claims" ALTER COLUMN "wording" SET NOT NULL`);
    await db.query(`CREATE INDEX "claims_wording_trgm_idx" ON "claims" USING gin ("wording" gin_trgm_ops)`);
    await db.query(
      `CREATE INDEX "claims_published_wording_trgm_idx" ON "claims" USING gin ("wording" gin_trgm_ops) WHERE "last_published_at" IS NOT NULL`,
    );
    await db.query(`ALTER TABLE "claims" ADD COLUMN "match_of_id" uuid, ADD COLUMN "proposed_match_of_id" uuid`);
    await db.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "claims_match_of_id_fkey" FOREIGN KEY ("match_of_id") REFERENCES "claims"("id") ON DELETE RESTRICT`,
    );
    await db.query(
      `ALTER TABLE "claims" ADD CONSTRAINT "claims_proposed_match_of_id_fkey" FOREIGN KEY ("proposed_match_of_id") REFERENCES "claims"("id") ON DELETE RESTRICT`,
    );
    await db.query(`CREATE INDEX "claims_match_of_idx" ON "claims" ("match_of_id") WHERE "match_of_id" IS NOT NULL`);
    await db.query(`ALTER TABLE "verdicts" ADD COLUMN "followed_verdict_id" uuid`);
    await db.query(
      `ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_followed_verdict_id_fkey" FOREIGN KEY ("followed_verdict_id") REFERENCES "verdicts"("id") ON DELETE RESTRICT`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "verdicts" DROP COLUMN "followed_verdict_id"`);
    await db.query(`ALTER TABLE "claims" DROP COLUMN "match_of_id", DROP COLUMN "proposed_match_of_id", DROP COLUMN "wording"`);
    await db.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
