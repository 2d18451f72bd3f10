// Functions: admin-deployed code run in the sandbox. A function names its current version;
// every deploy is a version row (source and the compiled module), so any earlier one can be
// restored. Invocations are logged with their captured output; secrets are stored encrypted
// and handed only to the functions that list them.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Functions1764000000011 implements MigrationInterface {
  name = 'Functions1764000000011';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "stagecraft"."functions" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL UNIQUE,
        "description" text NULL,
        "triggers" jsonb NOT NULL DEFAULT '{}',
        "settings" jsonb NOT NULL,
        "current_version_id" uuid NULL,
        "created_by" uuid NULL REFERENCES "data"."users" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "stagecraft"."function_versions" (
        "id" uuid PRIMARY KEY,
        "function_id" uuid NOT NULL REFERENCES "stagecraft"."functions" ("id") ON DELETE CASCADE,
        "number" integer NOT NULL,
        "language" text NOT NULL CHECK ("language" IN ('typescript', 'javascript')),
        "source" text NOT NULL,
        "compiled" text NOT NULL,
        "restored_from" integer NULL,
        "created_by" uuid NULL REFERENCES "data"."users" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "function_versions_number_key" UNIQUE ("function_id", "number")
      )`);
    await runner.query(`
      ALTER TABLE "stagecraft"."functions" ADD CONSTRAINT "functions_current_version_fkey"
        FOREIGN KEY ("current_version_id") REFERENCES "stagecraft"."function_versions" ("id")
        DEFERRABLE INITIALLY DEFERRED`);
    await runner.query(`
      CREATE TABLE "stagecraft"."function_invocations" (
        "id" uuid PRIMARY KEY,
        "function_id" uuid NOT NULL REFERENCES "stagecraft"."functions" ("id") ON DELETE CASCADE,
        "version_number" integer NOT NULL,
        "trigger" text NOT NULL,
        "outcome" text NOT NULL CHECK ("outcome" IN ('ok', 'error', 'timeout', 'memory', 'crashed', 'refused')),
        "status" integer NULL,
        "duration_ms" real NOT NULL,
        "cpu_ms" real NOT NULL,
        "memory_bytes" bigint NOT NULL,
        "cold" boolean NOT NULL,
        "error" jsonb NULL,
        "logs" jsonb NOT NULL DEFAULT '[]',
        "logs_dropped" integer NOT NULL DEFAULT 0,
        "caller_id" uuid NULL,
        "event_id" uuid NULL,
        "request_id" text NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX "function_invocations_function_created_idx" ON "stagecraft"."function_invocations" ("function_id", "created_at" DESC)`,
    );
    await runner.query(
      `CREATE INDEX "function_invocations_created_idx" ON "stagecraft"."function_invocations" ("created_at")`,
    );
    await runner.query(`
      CREATE TABLE "stagecraft"."function_secrets" (
        "name" text PRIMARY KEY,
        "value" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "stagecraft"."function_secrets"`);
    await runner.query(`DROP TABLE "stagecraft"."function_invocations"`);
    await runner.query(`ALTER TABLE "stagecraft"."functions" DROP CONSTRAINT "functions_current_version_fkey"`);
    await runner.query(`DROP TABLE "stagecraft"."function_versions"`);
    await runner.query(`DROP TABLE "stagecraft"."functions"`);
  }
}
