import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People sign in to the pages with a name and password; a signed-in browser holds a session. Sessions
 * live in the database so that every instance knows them and they survive restarts. Only a hash of the
 * cookie's secret is stored. A change made in the browser records its session, as one made with a token
 * records the token.
 */
export class WebSessions1795800000000 implements MigrationInterface {
  name = 'WebSessions1795800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "users" ADD "password_hash" varchar(200), ADD "password_changed_at" timestamptz`);
    await db.query(`
      CREATE TABLE "web_sessions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "secret_sha256" char(64) NOT NULL,
        "user_id" uuid NOT NULL,
        "csrf_token" varchar(64) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "ended_at" timestamptz,
        "ended_why" varchar(40),
        CONSTRAINT "web_sessions_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "web_sessions_secret_sha256_key" UNIQUE ("secret_sha256"),
        CONSTRAINT "web_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "web_sessions_user_id_idx" ON "web_sessions" ("user_id")`);
    await db.query(`
      ALTER TABLE "claim_events"
        ADD "actor_session_id" uuid,
        ADD CONSTRAINT "claim_events_actor_session_id_fkey" FOREIGN KEY ("actor_session_id") REFERENCES "web_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "claim_events" DROP CONSTRAINT "claim_events_actor_session_id_fkey", DROP COLUMN "actor_session_id"`);
    await db.query(`DROP TABLE "web_sessions"`);
    await db.query(`ALTER TABLE "users" DROP COLUMN "password_changed_at", DROP COLUMN "password_hash"`);
  }
}
