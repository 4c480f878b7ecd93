import type { MigrationInterface, QueryRunner } from 'typeorm';
import { wordingBandKeys } from '../src/similar/wording-bands';

const batch = 2_000;

/**
 * Similar claims at any table size (issue 11): the trigram index read the posting lists of every common
 * trigram of a wording, 165,000 candidates and 4.4 s for one claim at 1 M claims. Instead each claim's
 * wording gets its MinHash band keys (src/similar/wording-bands.ts, computed by the app: the keys are
 * the same whatever the database's locale), one row a key, and a search reads at most a few rows of each
 * of its keys, newest first, from a b-tree; `similarity()` ranks only those.
 * - `published` mirrors `claims.last_published_at IS NOT NULL` (set by a trigger on the one change that
 *   makes it true), so the public search reads published claims only, from an index of its own.
 * - The table has no entity: only the similarity queries read it, and only the claim insert writes it.
 * - The all-claims trigram index is no longer read (the published one still serves a few typed words).
 */
export class WordingBands1795835000000 implements MigrationInterface {
  name = 'WordingBands1795835000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "claim_wording_bands" (
        "claim_seq" bigint NOT NULL,
        "key" bigint NOT NULL,
        "published" boolean NOT NULL DEFAULT false,
        CONSTRAINT "claim_wording_bands_pkey" PRIMARY KEY ("claim_seq", "key"),
        CONSTRAINT "claim_wording_bands_claim_seq_fkey" FOREIGN KEY ("claim_seq") REFERENCES "claims"("seq") ON DELETE CASCADE
      )`);
    for (let after = '0'; ; ) {
      const rows = (await db.query(
        `SELECT "seq", "wording", "last_published_at" IS NOT NULL AS "published" FROM "claims" WHERE "seq" > $1 ORDER BY "seq" LIMIT ${batch}`,
        [after],
      )) as Array<{ seq: string; wording: string; published: boolean }>;
      if (rows.length === 0) break;
      const bands = rows.flatMap((row) => wordingBandKeys(row.wording).map((key) => ({ seq: row.seq, key, published: row.published })));
      await db.query(
        `INSERT INTO "claim_wording_bands" ("claim_seq", "key", "published") SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::boolean[])`,
        [bands.map((band) => band.seq), bands.map((band) => band.key), bands.map((band) => band.published)],
      );
      after = rows.at(-1)!.seq;
    }
    await db.query(`CREATE INDEX "claim_wording_bands_key_idx" ON "claim_wording_bands" ("key", "claim_seq" DESC)`);
    await db.query(
      `CREATE INDEX "claim_wording_bands_published_idx" ON "claim_wording_bands" ("key", "claim_seq" DESC) WHERE "published"`,
    );
    await db.query(`
      CREATE FUNCTION "claim_wording_bands_publish"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "claim_wording_bands" SET "published" = true WHERE "claim_seq" = NEW."seq" AND NOT "published";
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER "claim_wording_bands_publish" AFTER UPDATE OF "last_published_at" ON "claims"
        FOR EACH ROW WHEN (OLD."last_published_at" IS NULL AND NEW."last_published_at" IS NOT NULL)
        EXECUTE FUNCTION "claim_wording_bands_publish"()`);
    await db.query(`DROP INDEX "claims_wording_trgm_idx"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "claims_wording_trgm_idx" ON "claims" USING gin ("wording" gin_trgm_ops)`);
    await db.query(`DROP TRIGGER "claim_wording_bands_publish" ON "claims"`);
    await db.query(`DROP FUNCTION "claim_wording_bands_publish"()`);
    await db.query(`DROP TABLE "claim_wording_bands"`);
  }
}
