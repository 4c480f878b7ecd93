import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseWording } from '../src/similar/wording';
import { wordingBandKeysLiteral } from '../src/similar/wording-bands';

const batch = 2_000;

/**
 * Imported fact-checks take part in matching (issue 12): `wording` is `claim_reviewed` normalised as a
 * claim's quote is, `wording_bands` its MinHash band keys (src/similar/wording-bands.ts), under a GIN
 * index: a search finds the imported reviews sharing a key with a wording, and `similarity()` ranks them.
 * An array on the row rather than a side table, so an import still writes one row a review.
 */
export class ExternalFactCheckMatching1795840000000 implements MigrationInterface {
  name = 'ExternalFactCheckMatching1795840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "external_fact_checks" ADD COLUMN "wording" text, ADD COLUMN "wording_bands" bigint[]`);
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const rows = (await db.query(
        `SELECT "id", "claim_reviewed" FROM "external_fact_checks" WHERE "id" > $1 ORDER BY "id" LIMIT ${batch}`,
        [after],
      )) as Array<{ id: string; claim_reviewed: string }>;
      if (rows.length === 0) break;
      const wordings = rows.map((row) => normaliseWording(row.claim_reviewed));
      await db.query(
        `UPDATE "external_fact_checks" e SET "wording" = fill."wording", "wording_bands" = fill."bands"::bigint[]
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS fill("id", "wording", "bands") WHERE e."id" = fill."id"`,
        [rows.map((row) => row.id), wordings, wordings.map(wordingBandKeysLiteral)],
      );
      after = rows.at(-1)!.id;
    }
    await db.query(`ALTER TABLE "external_fact_checks" ALTER COLUMN "wording" SET NOT NULL, ALTER COLUMN "wording_bands" SET NOT NULL`);
    await db.query(`CREATE INDEX "external_fact_checks_wording_bands_idx" ON "external_fact_checks" USING gin ("wording_bands")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "external_fact_checks" DROP COLUMN "wording", DROP COLUMN "wording_bands"`);
  }
}
