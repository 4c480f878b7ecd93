import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishers edit articles after publication: every body an article has had is kept as a numbered
 * revision (append-only, like the history), the article gains a version for If-Match and the number
 * and time of its latest revision, and a claim records whether its words survived the latest edit
 * (`anchor_status`). Existing articles get their current body as revision 1, dated at creation.
 */
export class ArticleRevisions1795815000000 implements MigrationInterface {
  name = 'ArticleRevisions1795815000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "articles"
        ADD COLUMN "version" integer NOT NULL DEFAULT 1,
        ADD COLUMN "revision" integer NOT NULL DEFAULT 1,
        ADD COLUMN "revised_at" TIMESTAMP WITH TIME ZONE`);
    await db.query(`
      ALTER TABLE "claims"
        ADD COLUMN "anchor_status" character varying(10) NOT NULL DEFAULT 'anchored',
        ADD CONSTRAINT "claims_anchor_status_check" CHECK ("anchor_status" IN ('anchored', 'lost'))`);
    await db.query(`CREATE INDEX "claims_anchor_lost_idx" ON "claims" ("seq") WHERE "anchor_status" = 'lost'`);
    await db.query(`
      CREATE TABLE "article_revisions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" BIGSERIAL NOT NULL,
        "article_id" uuid NOT NULL,
        "number" integer NOT NULL,
        "body" text NOT NULL,
        "body_sha256" character(64) NOT NULL,
        "actor_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "article_revisions_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "article_revisions_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "article_revisions_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX "article_revisions_seq_key" ON "article_revisions" ("seq")`);
    await db.query(`CREATE UNIQUE INDEX "article_revisions_article_number_key" ON "article_revisions" ("article_id", "number")`);
    await db.query(`
      CREATE TRIGGER "article_revisions_append_only" BEFORE UPDATE OR DELETE ON "article_revisions"
        FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"()`);
    await db.query(`
      CREATE TRIGGER "article_revisions_no_truncate" BEFORE TRUNCATE ON "article_revisions"
        FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"()`);
    await db.query(`
      INSERT INTO "article_revisions" ("article_id", "number", "body", "body_sha256", "actor_id", "created_at")
      SELECT a."id", 1, a."body", a."body_sha256",
             (SELECT e."actor_id" FROM "article_events" e WHERE e."article_id" = a."id" AND e."action" = 'article.created' ORDER BY e."seq" LIMIT 1),
             a."created_at"
        FROM "articles" a ORDER BY a."seq"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "article_revisions"`);
    await db.query(`DROP INDEX "claims_anchor_lost_idx"`);
    await db.query(`ALTER TABLE "claims" DROP CONSTRAINT "claims_anchor_status_check", DROP COLUMN "anchor_status"`);
    await db.query(`ALTER TABLE "articles" DROP COLUMN "revised_at", DROP COLUMN "revision", DROP COLUMN "version"`);
  }
}
