import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nobody acts as someone else: every token records who issued it and how, a first token handed out
 * by an admin must be replaced by its owner, a revocation records who made it, and every history
 * event records the token that acted. Names are stored NFC-normalised.
 *
 * Backfill: tokens that exist already were made by the CLI or by an admin over HTTP, and nothing
 * says which. They are marked `issued_via = 'legacy'` rather than 'cli', so that an audit does not
 * mistake a token an admin may have minted for someone else for an operator's. They keep working
 * (must_replace false): locking every person out at upgrade is not this migration's call; an admin
 * can list and revoke legacy tokens. Earlier history events keep a null token (unknown).
 */
export class RecordTokenIssuersAndActingTokens1795791000000 implements MigrationInterface {
  name = 'RecordTokenIssuersAndActingTokens1795791000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "api_tokens"
        ADD "issued_by" uuid,
        ADD "issued_via" character varying(10) NOT NULL DEFAULT 'legacy',
        ADD "must_replace" boolean NOT NULL DEFAULT false,
        ADD "created_with_token_id" uuid,
        ADD "revoked_by" uuid,
        ADD "revoked_via" character varying(10),
        ADD CONSTRAINT "api_tokens_issued_by_fkey" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        ADD CONSTRAINT "api_tokens_created_with_token_id_fkey" FOREIGN KEY ("created_with_token_id") REFERENCES "api_tokens"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        ADD CONSTRAINT "api_tokens_revoked_by_fkey" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        ADD CONSTRAINT "api_tokens_issued_via_check" CHECK ("issued_via" IN ('self', 'admin', 'cli', 'legacy')),
        ADD CONSTRAINT "api_tokens_revoked_via_check" CHECK ("revoked_via" IN ('self', 'admin', 'cli', 'replaced'))`);
    // The default served the backfill only: from now on every insert says how the token was issued.
    await db.query(`ALTER TABLE "api_tokens" ALTER COLUMN "issued_via" DROP DEFAULT`);

    await db.query(`
      ALTER TABLE "claim_events"
        ADD "actor_token_id" uuid,
        ADD CONSTRAINT "claim_events_actor_token_id_fkey" FOREIGN KEY ("actor_token_id") REFERENCES "api_tokens"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // Names compare after NFC normalisation; a name whose normal form another one shares stays as it was.
    await db.query(`
      UPDATE "users" SET "name" = normalize("name", NFC)
      WHERE "name" IS NOT NFC NORMALIZED
        AND NOT EXISTS (
          SELECT 1 FROM "users" other
          WHERE other."id" <> "users"."id" AND lower(normalize(other."name", NFC)) = lower(normalize("users"."name", NFC)))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "claim_events" DROP CONSTRAINT "claim_events_actor_token_id_fkey", DROP COLUMN "actor_token_id"`);
    await db.query(`
      ALTER TABLE "api_tokens"
        DROP CONSTRAINT "api_tokens_revoked_via_check",
        DROP CONSTRAINT "api_tokens_issued_via_check",
        DROP CONSTRAINT "api_tokens_revoked_by_fkey",
        DROP CONSTRAINT "api_tokens_created_with_token_id_fkey",
        DROP CONSTRAINT "api_tokens_issued_by_fkey",
        DROP COLUMN "revoked_via",
        DROP COLUMN "revoked_by",
        DROP COLUMN "created_with_token_id",
        DROP COLUMN "must_replace",
        DROP COLUMN "issued_via",
        DROP COLUMN "issued_by"`);
  }
}
