import type { MigrationInterface, QueryRunner } from 'typeorm';

const ratingScaleV1: Array<[id: string, label: string, value: number | null, definition: string]> = [
  ['true', 'True', 5, 'The claim is accurate and nothing significant is missing.'],
  ['mostly-true', 'Mostly true', 4, 'The claim is accurate but needs clarification or additional information.'],
  ['half-true', 'Half true', 3, 'The claim is partly accurate but leaves out important details or takes things out of context.'],
  ['mostly-false', 'Mostly false', 2, 'The claim has an element of truth but ignores facts that would give a different impression.'],
  ['false', 'False', 1, 'The claim is not accurate.'],
  ['misleading', 'Misleading', null, 'The claim uses accurate elements in a way that gives a false impression.'],
  ['unproven', 'Unproven', null, 'The evidence available neither proves nor disproves the claim.'],
];

/** Users and tokens, the rating scale, evidence, published verdicts and the append-only claim history. */
export class AddPeopleWorkflowEvidenceHistory1795787000000 implements MigrationInterface {
  name = 'AddPeopleWorkflowEvidenceHistory1795787000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(100) NOT NULL,
        "role" character varying(20) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "users_role_check" CHECK ("role" IN ('checker', 'editor', 'admin')),
        CONSTRAINT "users_pkey" PRIMARY KEY ("id")
      )`);
    await db.query(`CREATE UNIQUE INDEX "users_name_key" ON "users" (lower("name"))`);

    await db.query(`
      CREATE TABLE "api_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "token_sha256" character(64) NOT NULL,
        "prefix" character varying(16) NOT NULL,
        "label" character varying(100),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens" ("user_id")`);
    await db.query(`CREATE UNIQUE INDEX "api_tokens_token_sha256_key" ON "api_tokens" ("token_sha256")`);

    await db.query(`
      CREATE TABLE "ratings" (
        "scale_version" integer NOT NULL,
        "id" character varying(40) NOT NULL,
        "label" character varying(80) NOT NULL,
        "definition" text NOT NULL,
        "value" integer,
        "position" integer NOT NULL,
        CONSTRAINT "ratings_pkey" PRIMARY KEY ("scale_version", "id")
      )`);
    for (const [position, [id, label, value, definition]] of ratingScaleV1.entries()) {
      await db.query(
        `INSERT INTO "ratings" ("scale_version", "id", "label", "definition", "value", "position") VALUES (1, $1, $2, $3, $4, $5)`,
        [id, label, definition, value, position],
      );
    }

    await db.query(`ALTER TABLE "claims" ADD "rating_scale_version" integer`);
    await db.query(`ALTER TABLE "claims" ADD "assignee_id" uuid`);
    await db.query(`ALTER TABLE "claims" ADD "proposed_rating" character varying(40)`);
    await db.query(`ALTER TABLE "claims" ADD "proposed_rating_scale_version" integer`);
    await db.query(`ALTER TABLE "claims" ADD "proposed_rationale" text`);
    await db.query(`ALTER TABLE "claims" ADD "proposed_by" uuid`);
    await db.query(`ALTER TABLE "claims" ADD "first_published_at" TIMESTAMP WITH TIME ZONE`);
    await db.query(`ALTER TABLE "claims" ADD "last_published_at" TIMESTAMP WITH TIME ZONE`);
    await db.query(`ALTER TABLE "claims" ADD CONSTRAINT "claims_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "claims" ADD CONSTRAINT "claims_proposed_by_fkey" FOREIGN KEY ("proposed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "claims" ADD CONSTRAINT "claims_rating_fkey" FOREIGN KEY ("rating_scale_version", "rating") REFERENCES "ratings"("scale_version","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "claims" ADD CONSTRAINT "claims_proposed_rating_fkey" FOREIGN KEY ("proposed_rating_scale_version", "proposed_rating") REFERENCES "ratings"("scale_version","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);

    await db.query(`
      CREATE TABLE "evidence" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "claim_id" uuid NOT NULL,
        "url" text NOT NULL,
        "title" text,
        "publisher" text,
        "excerpt" text,
        "stance" character varying(20) NOT NULL,
        "accessed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "archive_url" text,
        "note" text,
        "added_by" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "retracted_at" TIMESTAMP WITH TIME ZONE,
        "retracted_by" uuid,
        "retraction_reason" text,
        CONSTRAINT "evidence_stance_check" CHECK ("stance" IN ('supports', 'refutes', 'context')),
        CONSTRAINT "evidence_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "evidence_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "evidence_added_by_fkey" FOREIGN KEY ("added_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "evidence_retracted_by_fkey" FOREIGN KEY ("retracted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "evidence_claim_id_idx" ON "evidence" ("claim_id", "created_at")`);

    await db.query(`
      CREATE TABLE "verdicts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "claim_id" uuid NOT NULL,
        "rating" character varying(40) NOT NULL,
        "rating_scale_version" integer NOT NULL,
        "rationale" text NOT NULL,
        "proposed_by" uuid NOT NULL,
        "approved_by" uuid NOT NULL,
        "correction_note" text,
        "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "verdicts_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "verdicts_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "verdicts_proposed_by_fkey" FOREIGN KEY ("proposed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "verdicts_approved_by_fkey" FOREIGN KEY ("approved_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "verdicts_rating_fkey" FOREIGN KEY ("rating_scale_version", "rating") REFERENCES "ratings"("scale_version","id") ON DELETE NO ACTION ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE INDEX "verdicts_claim_id_idx" ON "verdicts" ("claim_id", "published_at")`);

    await db.query(`
      CREATE TABLE "claim_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" BIGSERIAL NOT NULL,
        "claim_id" uuid NOT NULL,
        "actor_id" uuid,
        "action" character varying(40) NOT NULL,
        "version" integer NOT NULL,
        "from_status" character varying(20),
        "to_status" character varying(20),
        "rating" character varying(40),
        "rationale" text,
        "note" text,
        "changes" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "claim_events_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "claim_events_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "claim_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await db.query(`CREATE UNIQUE INDEX "claim_events_seq_key" ON "claim_events" ("seq")`);
    await db.query(`CREATE INDEX "claim_events_claim_seq_idx" ON "claim_events" ("claim_id", "seq")`);

    // History and published verdicts are append-only, whoever connects: the database refuses changes.
    await db.query(`
      CREATE FUNCTION "refuse_change_to_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ['claim_events', 'verdicts']) {
      await db.query(`
        CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
          FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"()`);
      await db.query(`
        CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
          FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "claim_events"`);
    await db.query(`DROP TABLE "verdicts"`);
    await db.query(`DROP FUNCTION "refuse_change_to_append_only"()`);
    await db.query(`DROP TABLE "evidence"`);
    for (const constraint of ['claims_proposed_rating_fkey', 'claims_rating_fkey', 'claims_proposed_by_fkey', 'claims_assignee_id_fkey']) {
      await db.query(`ALTER TABLE "claims" DROP CONSTRAINT "${constraint}"`);
    }
    for (const column of [
      'last_published_at', 'first_published_at', 'proposed_by', 'proposed_rationale',
      'proposed_rating_scale_version', 'proposed_rating', 'assignee_id', 'rating_scale_version',
    ]) {
      await db.query(`ALTER TABLE "claims" DROP COLUMN "${column}"`);
    }
    await db.query(`DROP TABLE "ratings"`);
    await db.query(`DROP TABLE "api_tokens"`);
    await db.query(`DROP TABLE "users"`);
  }
}
