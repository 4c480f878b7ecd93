import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imported fact-checks are matched as claims are: through a table of their band keys read at most a
 * few rows a key (src/similar/external-matches.ts). The GIN index on `wording_bands` read the whole
 * posting list of every key: 200,000 imported reviews of one template took 2 s for each search of a
 * wording like theirs, so an import could stall the desk's similar claims. Triggers keep the table in
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
    // Statement triggers over transition tables: one set-based write a batch, where a row trigger cost an
    // INSERT a review (an import of 100,000 reviews went from 6 s to 36 s).
    await db.query(`
      CREATE FUNCTION "external_wording_bands_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "external_wording_bands" ("key", "external_id")
          SELECT DISTINCT k."key", added."id" FROM "added", unnest(added."wording_bands") AS k("key");
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "external_wording_bands_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "external_wording_bands" w USING "before" b JOIN "after" a ON a."id" = b."id"
         WHERE b."wording_bands" IS DISTINCT FROM a."wording_bands" AND w."external_id" = b."id" AND w."key" = ANY (b."wording_bands");
        INSERT INTO "external_wording_bands" ("key", "external_id")
          SELECT DISTINCT k."key", a."id" FROM "before" b JOIN "after" a ON a."id" = b."id", unnest(a."wording_bands") AS k("key")
           WHERE b."wording_bands" IS DISTINCT FROM a."wording_bands";
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "external_wording_bands_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "external_wording_bands" w USING "removed" r WHERE w."external_id" = r."id" AND w."key" = ANY (r."wording_bands");
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "external_wording_bands_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE "external_wording_bands";
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER "external_wording_bands_inserted" AFTER INSERT ON "external_fact_checks"
        REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "external_wording_bands_inserted"()`);
    await db.query(`
      CREATE TRIGGER "external_wording_bands_updated" AFTER UPDATE ON "external_fact_checks"
        REFERENCING OLD TABLE AS "before" NEW TABLE AS "after" FOR EACH STATEMENT EXECUTE FUNCTION "external_wording_bands_updated"()`);
    await db.query(`
      CREATE TRIGGER "external_wording_bands_deleted" AFTER DELETE ON "external_fact_checks"
        REFERENCING OLD TABLE AS "removed" FOR EACH STATEMENT EXECUTE FUNCTION "external_wording_bands_deleted"()`);
    await db.query(`
      CREATE TRIGGER "external_wording_bands_truncated" AFTER TRUNCATE ON "external_fact_checks"
        FOR EACH STATEMENT EXECUTE FUNCTION "external_wording_bands_truncated"()`);
    await db.query(`DROP INDEX "external_fact_checks_wording_bands_idx"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "external_fact_checks_wording_bands_idx" ON "external_fact_checks" USING gin ("wording_bands")`);
    for (const change of ['inserted', 'updated', 'deleted', 'truncated']) {
      await db.query(`DROP TRIGGER "external_wording_bands_${change}" ON "external_fact_checks"`);
      await db.query(`DROP FUNCTION "external_wording_bands_${change}"()`);
    }
    await db.query(`DROP TABLE "external_wording_bands"`);
  }
}
