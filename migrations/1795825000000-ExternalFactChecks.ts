import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fact-checks of other organisations, imported from ClaimReview (src/imports/). Unique by the review's
 * URL, so an import is an upsert. `claim_reviewed` and `language` are plain columns for the claim
 * matching to index.
 */
export class ExternalFactChecks1795825000000 implements MigrationInterface {
  name = 'ExternalFactChecks1795825000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "external_fact_checks" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "url" text NOT NULL,
        "publisher_name" text,
        "publisher_url" text,
        "claim_reviewed" text NOT NULL,
        "claimant" text,
        "claim_date" date,
        "rating_text" text,
        "rating_value" double precision,
        "best_rating" double precision,
        "worst_rating" double precision,
        "date_published" TIMESTAMP WITH TIME ZONE,
        "date_modified" TIMESTAMP WITH TIME ZONE,
        "language" character varying(35),
        "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "external_fact_checks_pkey" PRIMARY KEY ("id")
      )`);
    await db.query(`CREATE UNIQUE INDEX "external_fact_checks_url_key" ON "external_fact_checks" ("url")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "external_fact_checks"`);
  }
}
