import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateArticlesAndClaims1795786000000 implements MigrationInterface {
  name = 'CreateArticlesAndClaims1795786000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "articles" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" BIGSERIAL NOT NULL,
        "slug" character varying(120) NOT NULL,
        "url" text,
        "title" text NOT NULL,
        "publisher" text,
        "language" character varying(35) NOT NULL,
        "published_at" TIMESTAMP WITH TIME ZONE,
        "body" text NOT NULL,
        "body_sha256" character(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "articles_pkey" PRIMARY KEY ("id")
      )`);
    await db.query(`CREATE UNIQUE INDEX "articles_seq_key" ON "articles" ("seq")`);
    await db.query(`CREATE UNIQUE INDEX "articles_slug_key" ON "articles" ("slug")`);
    await db.query(`CREATE UNIQUE INDEX "articles_url_key" ON "articles" ("url")`);

    await db.query(`
      CREATE TABLE "claims" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" BIGSERIAL NOT NULL,
        "article_id" uuid NOT NULL,
        "quote" text NOT NULL,
        "start_offset" integer NOT NULL,
        "end_offset" integer NOT NULL,
        "quote_sha256" character(64) NOT NULL,
        "summary" character varying(280),
        "claimant" text NOT NULL,
        "claim_date" date,
        "language" character varying(35) NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'unverified',
        "rating" character varying(40),
        "version" integer NOT NULL DEFAULT '1',
        "search_vector" tsvector,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "claims_offsets_check" CHECK ("start_offset" >= 0 AND "end_offset" > "start_offset"),
        CONSTRAINT "claims_status_check"
          CHECK ("status" IN ('unverified', 'in_progress', 'in_review', 'published', 'not_checkable')),
        CONSTRAINT "claims_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "claims_article_id_fkey" FOREIGN KEY ("article_id")
          REFERENCES "articles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX "claims_seq_key" ON "claims" ("seq")`);
    await db.query(`CREATE INDEX "claims_article_seq_idx" ON "claims" ("article_id", "seq")`);
    await db.query(`CREATE INDEX "claims_status_seq_idx" ON "claims" ("status", "seq")`);
    await db.query(`CREATE INDEX "claims_search_vector_idx" ON "claims" USING GIN ("search_vector")`);
    await db.query(`
      CREATE FUNCTION "claims_search_vector_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW."search_vector" :=
          to_tsvector(
            CASE
              WHEN NEW."language" = 'id' OR NEW."language" LIKE 'id-%' THEN 'indonesian'::regconfig
              WHEN NEW."language" = 'en' OR NEW."language" LIKE 'en-%' THEN 'english'::regconfig
              ELSE 'simple'::regconfig
            END,
            NEW."quote")
          || to_tsvector('simple', NEW."quote" || ' ' || coalesce(NEW."summary", '') || ' ' || NEW."claimant");
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER "claims_search_vector_refresh"
        BEFORE INSERT OR UPDATE OF "quote", "summary", "claimant", "language" ON "claims"
        FOR EACH ROW EXECUTE FUNCTION "claims_search_vector_refresh"()`);

    await db.query(`
      CREATE TABLE "claim_sources" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "claim_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "name" text NOT NULL,
        "kind" character varying(30) NOT NULL,
        "url" text,
        "note" text,
        CONSTRAINT "claim_sources_kind_check" CHECK ("kind" IN
          ('person', 'official', 'government', 'news_outlet', 'wire_agency', 'anonymous_sources', 'document', 'other')),
        CONSTRAINT "claim_sources_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "claim_sources_claim_id_fkey" FOREIGN KEY ("claim_id")
          REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX "claim_sources_claim_position_key" ON "claim_sources" ("claim_id", "position")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "claim_sources"`);
    await db.query(`DROP TABLE "claims"`);
    await db.query(`DROP FUNCTION "claims_search_vector_refresh"()`);
    await db.query(`DROP TABLE "articles"`);
  }
}
