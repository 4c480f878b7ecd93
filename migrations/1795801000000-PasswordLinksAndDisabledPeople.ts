import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links to set a password: the first-run setup link (creates the first admin) and an admin's
 * set-password link for a person. Only a hash of the link's secret is stored. A person can be disabled:
 * their tokens and sessions stop working at once, and come back (tokens only) when enabled again.
 */
export class PasswordLinksAndDisabledPeople1795801000000 implements MigrationInterface {
  name = 'PasswordLinksAndDisabledPeople1795801000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "users" ADD "disabled_at" timestamptz`);
    await db.query(`
      CREATE TABLE "password_links" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" varchar(20) NOT NULL,
        "secret_sha256" char(64) NOT NULL,
        "user_id" uuid,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "closed_at" timestamptz,
        "closed_why" varchar(20),
        CONSTRAINT "password_links_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "password_links_secret_sha256_key" UNIQUE ("secret_sha256"),
        CONSTRAINT "password_links_kind_check" CHECK ("kind" IN ('setup', 'set-password')),
        CONSTRAINT "password_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "password_links_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "password_links_user_id_idx" ON "password_links" ("user_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "password_links"`);
    await db.query(`ALTER TABLE "users" DROP COLUMN "disabled_at"`);
  }
}
