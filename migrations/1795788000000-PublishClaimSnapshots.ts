import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public record: a verdict keeps the claim as approved (summary, claimant, chain), so later
 * edits never reach the public until an editor approves them; the feed gets an index in its own
 * order; and the public routes' rate limit can count across instances.
 */
export class PublishClaimSnapshots1795788000000 implements MigrationInterface {
  name = 'PublishClaimSnapshots1795788000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "verdicts" ADD "claim_snapshot" jsonb`);
    // Verdicts are append-only; this one-off backfill of the new column is the documented exception.
    await db.query(`ALTER TABLE "verdicts" DISABLE TRIGGER "verdicts_append_only"`);
    await db.query(`
      UPDATE "verdicts" v SET "claim_snapshot" = jsonb_build_object(
        'quote', c."quote", 'summary', c."summary", 'claimant', c."claimant",
        'claimDate', to_char(c."claim_date", 'YYYY-MM-DD'), 'language', c."language",
        'sources', coalesce((
          SELECT jsonb_agg(jsonb_build_object('position', s."position", 'name', s."name", 'kind', s."kind",
                                              'url', s."url", 'note', s."note") ORDER BY s."position")
          FROM "claim_sources" s WHERE s."claim_id" = c."id"), '[]'::jsonb))
      FROM "claims" c WHERE c."id" = v."claim_id"`);
    await db.query(`ALTER TABLE "verdicts" ENABLE TRIGGER "verdicts_append_only"`);
    await db.query(`ALTER TABLE "verdicts" ALTER COLUMN "claim_snapshot" SET NOT NULL`);
    await db.query(
      `CREATE INDEX "claims_published_idx" ON "claims" ("last_published_at", "id") WHERE "last_published_at" IS NOT NULL`,
    );
    // Hits per client per fixed window, shared by every instance (RATE_LIMIT_STORE=postgres).
    await db.query(`
      CREATE TABLE "public_rate_limits" (
        "key" text NOT NULL,
        "window_start" bigint NOT NULL,
        "hits" integer NOT NULL,
        CONSTRAINT "public_rate_limits_pkey" PRIMARY KEY ("key")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "public_rate_limits"`);
    await db.query(`DROP INDEX "claims_published_idx"`);
    await db.query(`ALTER TABLE "verdicts" DROP COLUMN "claim_snapshot"`);
  }
}
