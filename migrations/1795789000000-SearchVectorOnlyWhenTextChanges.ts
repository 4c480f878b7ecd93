import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a claim writes the claim back with all its columns (see claim-command.ts), so the
 * trigger "UPDATE OF quote, summary, claimant, language" fired on every workflow move and rebuilt the
 * full-text vector from unchanged text. It now fires on an update only when one of them really
 * changed; an insert always builds it.
 */
export class SearchVectorOnlyWhenTextChanges1795789000000 implements MigrationInterface {
  name = 'SearchVectorOnlyWhenTextChanges1795789000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "claims_search_vector_refresh" ON "claims"`);
    await db.query(`
      CREATE TRIGGER "claims_search_vector_on_insert"
        BEFORE INSERT ON "claims"
        FOR EACH ROW EXECUTE FUNCTION "claims_search_vector_refresh"()`);
    await db.query(`
      CREATE TRIGGER "claims_search_vector_on_text_change"
        BEFORE UPDATE OF "quote", "summary", "claimant", "language" ON "claims"
        FOR EACH ROW
        WHEN (OLD."quote" IS DISTINCT FROM NEW."quote" OR OLD."summary" IS DISTINCT FROM NEW."summary"
              OR OLD."claimant" IS DISTINCT FROM NEW."claimant" OR OLD."language" IS DISTINCT FROM NEW."language")
        EXECUTE FUNCTION "claims_search_vector_refresh"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "claims_search_vector_on_text_change" ON "claims"`);
    await db.query(`DROP TRIGGER "claims_search_vector_on_insert" ON "claims"`);
    await db.query(`
      CREATE TRIGGER "claims_search_vector_refresh"
        BEFORE INSERT OR UPDATE OF "quote", "summary", "claimant", "language" ON "claims"
        FOR EACH ROW EXECUTE FUNCTION "claims_search_vector_refresh"()`);
  }
}
