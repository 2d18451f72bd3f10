// Events and the jobs around them: the transactional outbox (filled by a trigger on every
// collection table, so a change and its event commit together), webhooks with their
// deliveries and attempts, single-use email tokens, and the captured mailbox used when no
// SMTP server is configured.

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recordEventsFunction } from './sql/record-events-function.js';

export class EventsAndJobs1764000000003 implements MigrationInterface {
  name = 'EventsAndJobs1764000000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "stagecraft"."outbox" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "event_id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "collection_id" uuid NULL,
        "collection" text NOT NULL,
        "action" text NOT NULL CHECK ("action" IN ('create', 'update', 'delete')),
        "record_id" uuid NOT NULL,
        "actor" text NULL,
        "before" jsonb NULL,
        "after" jsonb NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz NULL
      )`);
    // The relay reads unsent events in order; retention deletes sent ones by age.
    await runner.query(`CREATE INDEX "outbox_unsent_idx" ON "stagecraft"."outbox" ("id") WHERE "sent_at" IS NULL`);
    await runner.query(
      `CREATE INDEX "outbox_sent_at_idx" ON "stagecraft"."outbox" ("sent_at") WHERE "sent_at" IS NOT NULL`,
    );

    // One statement-level trigger per collection table: a single INSERT ... SELECT per
    // statement, bulk changes included (see sql/record-events-function.ts).
    await runner.query(recordEventsFunction({ notifyInTransaction: true }));
    // Attaches the three triggers to a collection table (idempotent: CREATE OR REPLACE).
    await runner.query(`
      CREATE FUNCTION "stagecraft"."attach_record_events"(table_name text, collection_id uuid, excluded text[])
      RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        args text := array_to_string(
          array_prepend(quote_literal(collection_id::text), ARRAY(SELECT quote_literal(c) FROM unnest(excluded) c)),
          ', ');
      BEGIN
        EXECUTE format('CREATE OR REPLACE TRIGGER "record_events_insert" AFTER INSERT ON "data".%I
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stagecraft"."record_events"(%s)',
          table_name, args);
        EXECUTE format('CREATE OR REPLACE TRIGGER "record_events_update" AFTER UPDATE ON "data".%I
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
          EXECUTE FUNCTION "stagecraft"."record_events"(%s)', table_name, args);
        EXECUTE format('CREATE OR REPLACE TRIGGER "record_events_delete" AFTER DELETE ON "data".%I
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "stagecraft"."record_events"(%s)',
          table_name, args);
      END
      $fn$`);
    await runner.query(`
      SELECT "stagecraft"."attach_record_events"(c."name", c."id",
        CASE WHEN c."name" = 'users' THEN ARRAY['password_hash', 'last_login_at'] ELSE '{}'::text[] END)
      FROM "stagecraft"."collections" c
      WHERE to_regclass(format('"data".%I', c."name")) IS NOT NULL`);

    await runner.query(`
      CREATE TABLE "stagecraft"."webhooks" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL,
        "url" text NOT NULL,
        "secret" text NOT NULL,
        "collections" text[] NOT NULL DEFAULT '{}',
        "actions" text[] NOT NULL DEFAULT '{create,update,delete}',
        "condition" text NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "disabled_reason" text NULL,
        "created_by" uuid NULL REFERENCES "data"."users" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // One delivery per webhook and event (so a re-dispatched event is not sent twice as a new
    // delivery); each try is an attempt row.
    await runner.query(`
      CREATE TABLE "stagecraft"."webhook_deliveries" (
        "id" uuid PRIMARY KEY,
        "webhook_id" uuid NOT NULL REFERENCES "stagecraft"."webhooks" ("id") ON DELETE CASCADE,
        "event_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "payload" jsonb NOT NULL,
        "state" text NOT NULL DEFAULT 'pending'
          CHECK ("state" IN ('pending', 'retrying', 'succeeded', 'dead', 'refused')),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_status" integer NULL,
        "last_error" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "webhook_deliveries_webhook_event_key" UNIQUE ("webhook_id", "event_id")
      )`);
    await runner.query(
      `CREATE INDEX "webhook_deliveries_webhook_created_idx" ON "stagecraft"."webhook_deliveries" ("webhook_id", "created_at" DESC)`,
    );
    await runner.query(
      `CREATE INDEX "webhook_deliveries_updated_idx" ON "stagecraft"."webhook_deliveries" ("updated_at")`,
    );
    await runner.query(`
      CREATE TABLE "stagecraft"."webhook_delivery_attempts" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "delivery_id" uuid NOT NULL REFERENCES "stagecraft"."webhook_deliveries" ("id") ON DELETE CASCADE,
        "attempt" integer NOT NULL,
        "started_at" timestamptz NOT NULL,
        "duration_ms" integer NOT NULL,
        "response_status" integer NULL,
        "response_excerpt" text NULL,
        "error" text NULL
      )`);
    await runner.query(
      `CREATE INDEX "webhook_delivery_attempts_delivery_idx" ON "stagecraft"."webhook_delivery_attempts" ("delivery_id")`,
    );

    // Email verification and password reset links: only a SHA-256 of the token is kept.
    await runner.query(`
      CREATE TABLE "stagecraft"."user_tokens" (
        "id" uuid PRIMARY KEY,
        "user_id" uuid NOT NULL REFERENCES "data"."users" ("id") ON DELETE CASCADE,
        "purpose" text NOT NULL CHECK ("purpose" IN ('verify_email', 'reset_password')),
        "token_hash" bytea NOT NULL CONSTRAINT "user_tokens_token_hash_key" UNIQUE,
        "email" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz NULL
      )`);
    await runner.query(`CREATE INDEX "user_tokens_user_idx" ON "stagecraft"."user_tokens" ("user_id", "purpose")`);
    await runner.query(`CREATE INDEX "user_tokens_expires_idx" ON "stagecraft"."user_tokens" ("expires_at")`);

    await runner.query(`
      CREATE TABLE "stagecraft"."captured_emails" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "to" text NOT NULL,
        "from" text NOT NULL,
        "subject" text NOT NULL,
        "text" text NOT NULL,
        "html" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "stagecraft"."captured_emails"`);
    await runner.query(`DROP TABLE "stagecraft"."user_tokens"`);
    await runner.query(`DROP TABLE "stagecraft"."webhook_delivery_attempts"`);
    await runner.query(`DROP TABLE "stagecraft"."webhook_deliveries"`);
    await runner.query(`DROP TABLE "stagecraft"."webhooks"`);
    await runner.query(`DROP FUNCTION "stagecraft"."record_events"() CASCADE`);
    await runner.query(`DROP FUNCTION "stagecraft"."attach_record_events"(text, uuid, text[])`);
    await runner.query(`DROP TABLE "stagecraft"."outbox"`);
  }
}
