import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The article's public metadata as a snapshot keeps it; `publishedAt` as JavaScript's toISOString() writes it. */
const publishedArticleOf = (article: string) => `jsonb_build_object(
    'title', ${article}."title", 'url', ${article}."url", 'publisher', ${article}."publisher",
    'publishedAt', to_char(${article}."published_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'language', ${article}."language")`;

/** Adds the article, as it reads now, to every verdict's snapshot that lacks it (shared with its test). */
export const backfillArticleSnapshotsSql = `
  UPDATE "verdicts" v SET "claim_snapshot" = v."claim_snapshot" || jsonb_build_object('article', ${publishedArticleOf('a')})
  FROM "claims" c JOIN "articles" a ON a."id" = c."article_id"
  WHERE c."id" = v."claim_id" AND NOT v."claim_snapshot" ? 'article'`;

/**
 * What the public reads of an article changes only through review: each verdict's snapshot gains the
 * article's public metadata, and every change to an article is recorded in an append-only history.
 *
 * Verdicts approved before this migration never stored the article; they get its metadata as it is
 * now, the best record there is (a fallback read of the live article would leave them editable
 * without review for ever). Verdicts are append-only: like 1795788000000, this one-off backfill
 * disables the trigger inside the migration's transaction and enables it again. A verdict inserted
 * without the article afterwards (an older instance during a rolling deploy, a bulk load) gets it from
 * a trigger, so the public face never meets a snapshot without its article.
 */
export class ArticleHistoryAndPublishedArticle1795792000000 implements MigrationInterface {
  name = 'ArticleHistoryAndPublishedArticle1795792000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "verdicts" DISABLE TRIGGER "verdicts_append_only"`);
    await db.query(backfillArticleSnapshotsSql);
    await db.query(`ALTER TABLE "verdicts" ENABLE TRIGGER "verdicts_append_only"`);
    await db.query(`
      CREATE FUNCTION "verdicts_snapshot_article"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT NEW."claim_snapshot" ? 'article' THEN
          NEW."claim_snapshot" := NEW."claim_snapshot" || jsonb_build_object('article', (
            SELECT ${publishedArticleOf('a')}
            FROM "claims" c JOIN "articles" a ON a."id" = c."article_id" WHERE c."id" = NEW."claim_id"));
        END IF;
        RETURN NEW;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER "verdicts_snapshot_article" BEFORE INSERT ON "verdicts"
        FOR EACH ROW EXECUTE FUNCTION "verdicts_snapshot_article"()`);

    await db.query(`
      CREATE TABLE "article_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" BIGSERIAL NOT NULL,
        "article_id" uuid NOT NULL,
        "actor_id" uuid,
        "action" character varying(40) NOT NULL,
        "changes" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "article_events_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "article_events_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "article_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX "article_events_seq_key" ON "article_events" ("seq")`);
    await db.query(`CREATE INDEX "article_events_article_seq_idx" ON "article_events" ("article_id", "seq")`);
    await db.query(`
      CREATE TRIGGER "article_events_append_only" BEFORE UPDATE OR DELETE ON "article_events"
        FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"()`);
    await db.query(`
      CREATE TRIGGER "article_events_no_truncate" BEFORE TRUNCATE ON "article_events"
        FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "article_events"`);
    await db.query(`DROP TRIGGER "verdicts_snapshot_article" ON "verdicts"`);
    await db.query(`DROP FUNCTION "verdicts_snapshot_article"()`);
    await db.query(`ALTER TABLE "verdicts" DISABLE TRIGGER "verdicts_append_only"`);
    await db.query(`UPDATE "verdicts" SET "claim_snapshot" = "claim_snapshot" - 'article' WHERE "claim_snapshot" ? 'article'`);
    await db.query(`ALTER TABLE "verdicts" ENABLE TRIGGER "verdicts_append_only"`);
  }
}
