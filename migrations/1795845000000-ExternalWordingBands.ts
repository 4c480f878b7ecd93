import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imported fact-checks are matched as claims are: through a table of their band keys read at most a
 * few rows a key (src/similar/external-matches.ts). The GIN index on `wording_bands` read the whole
 * posting list of every key: 200,000 imported reviews of one template took 2 s for each search of a
 * wording like theirs, so an import could stall the desk's similar claims. A trigger keeps the table in
 * step with the array, so an import (and a COPY) still writes one row a review.
 */
export class ExternalWordingBands1795845000000 implements MigrationInterface {
  name = 'ExternalWordingBands1795845000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "external_wording_bands" (
        "key" bigint NOT NULL,
        "external_id" uuid NOT NULL,
        CONSTRAINT "external_wording_bands_pkey" PRIMARY KEY ("key", "external_id")
      )`);
    await db.query(`INSERT INTO "external_wording_bands" ("key", "external_id") SELECT DISTINCT k."key", e."id" FROM "external_fact_checks" e, unnest(e."wording_bands") AS k("key")`);
    await db.query(`
      CREATE FUNCTION "external_wording_bands_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM "external_wording_bands" WHERE "key" = ANY (OLD."wording_bands") AND "external_id" = OLD."id";
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO "external_wording_bands" ("key", "external_id") SELECT DISTINCT k."key", NEW."id" FROM unnest(NEW."wording_bands") AS k("key");
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER "external_wording_bands_written" AFTER INSERT OR DELETE ON "external_fact_checks"
        FOR EACH ROW EXECUTE FUNCTION "external_wording_bands_sync"()`);
    await db.query(`
      CREATE TRIGGER "external_wording_bands_changed" AFTER UPDATE OF "wording_bands" ON "external_fact_checks"
        FOR EACH ROW WHEN (OLD."wording_bands" IS DISTINCT FROM NEW."wording_bands")
        EXECUTE FUNCTION "external_wording_bands_sync"()`);
    await db.query(`DROP INDEX "external_fact_checks_wording_bands_idx"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "external_fact_checks_wording_bands_idx" ON "external_fact_checks" USING gin ("wording_bands")`);
    await db.query(`DROP TRIGGER "external_wording_bands_changed" ON "external_fact_checks"`);
    await db.query(`DROP TRIGGER "external_wording_bands_written" ON "external_fact_checks"`);
    await db.query(`DROP FUNCTION "external_wording_bands_sync"()`);
    await db.query(`DROP TABLE "external_wording_bands"`);
  }
}
