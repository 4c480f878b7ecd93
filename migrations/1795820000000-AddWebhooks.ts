import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks: subscriptions, the transactional outbox (one delivery per event and subscription,
 * written with the change) and the per-attempt log, which is append-only like the history.
 */
export class AddWebhooks1795820000000 implements MigrationInterface {
  name = 'AddWebhooks1795820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "webhook_subscriptions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "url" text NOT NULL,
        "events" text array NOT NULL,
        "description" text,
        "secret" text NOT NULL,
        "previous_secret" text,
        "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE,
        "active" boolean NOT NULL DEFAULT true,
        "disabled_reason" text,
        "failing_since" TIMESTAMP WITH TIME ZONE,
        "created_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "webhook_subscriptions_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_subscriptions_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`
      CREATE TABLE "webhook_deliveries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" BIGSERIAL NOT NULL,
        "subscription_id" uuid NOT NULL,
        "message_id" uuid NOT NULL,
        "event_type" character varying(40) NOT NULL,
        "payload" jsonb NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "failures_in_row" integer NOT NULL DEFAULT 0,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "delivered_at" TIMESTAMP WITH TIME ZONE,
        "last_error" text,
        CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_deliveries_status_check" CHECK ("status" IN ('pending', 'delivered', 'dead')),
        CONSTRAINT "webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX "webhook_deliveries_seq_key" ON "webhook_deliveries" ("seq")`);
    await db.query(`CREATE INDEX "webhook_deliveries_subscription_seq_idx" ON "webhook_deliveries" ("subscription_id", "seq")`);
    await db.query(`CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'pending'`);
    await db.query(`
      CREATE TABLE "webhook_attempts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "delivery_id" uuid NOT NULL,
        "attempt" integer NOT NULL,
        "outcome" character varying(20) NOT NULL,
        "status_code" integer,
        "latency_ms" integer NOT NULL,
        "response_excerpt" text,
        "error" text,
        "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "webhook_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "webhook_attempts_delivery_attempt_idx" ON "webhook_attempts" ("delivery_id", "attempt")`);
    await db.query(`
      CREATE TRIGGER "webhook_attempts_append_only" BEFORE UPDATE OR DELETE ON "webhook_attempts"
        FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"()`);
    await db.query(`
      CREATE TRIGGER "webhook_attempts_no_truncate" BEFORE TRUNCATE ON "webhook_attempts"
        FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "webhook_attempts"`);
    await db.query(`DROP TABLE "webhook_deliveries"`);
    await db.query(`DROP TABLE "webhook_subscriptions"`);
  }
}
