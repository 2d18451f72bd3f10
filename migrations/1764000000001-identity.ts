// Identity: the built-in `users` collection table (in the data schema, with the system
// columns every collection has), sessions with their rotating refresh tokens, and API keys.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1764000000001 implements MigrationInterface {
  name = 'Identity1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "data"."users" (
        "id" uuid PRIMARY KEY,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" uuid NULL REFERENCES "data"."users" ("id") ON DELETE SET NULL,
        "version" integer NOT NULL DEFAULT 1,
        "email" text NOT NULL CHECK (char_length("email") BETWEEN 3 AND 254),
        "password_hash" text NOT NULL,
        "role" text NOT NULL DEFAULT 'user' CHECK ("role" IN ('admin', 'user')),
        "verified" boolean NOT NULL DEFAULT false,
        "disabled" boolean NOT NULL DEFAULT false,
        "last_login_at" timestamptz NULL
      )`);
    // Emails are unique whatever their case.
    await runner.query(`CREATE UNIQUE INDEX "users_email_key" ON "data"."users" (lower("email"))`);
    await runner.query(`CREATE INDEX "users_role_idx" ON "data"."users" ("role")`);

    await runner.query(`
      CREATE TABLE "stagecraft"."sessions" (
        "id" uuid PRIMARY KEY,
        "user_id" uuid NOT NULL REFERENCES "data"."users" ("id") ON DELETE CASCADE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz NULL,
        "revoked_reason" text NULL,
        "user_agent" text NULL,
        "ip" text NULL
      )`);
    await runner.query(`CREATE INDEX "sessions_user_id_idx" ON "stagecraft"."sessions" ("user_id")`);
    await runner.query(`
      CREATE TABLE "stagecraft"."refresh_tokens" (
        "id" uuid PRIMARY KEY,
        "session_id" uuid NOT NULL REFERENCES "stagecraft"."sessions" ("id") ON DELETE CASCADE,
        "token_hash" bytea NOT NULL UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz NULL
      )`);
    await runner.query(`CREATE INDEX "refresh_tokens_session_id_idx" ON "stagecraft"."refresh_tokens" ("session_id")`);

    await runner.query(`
      CREATE TABLE "stagecraft"."api_keys" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL,
        "prefix" text NOT NULL UNIQUE,
        "key_hash" bytea NOT NULL,
        "role" text NOT NULL CHECK ("role" IN ('admin', 'user')),
        "scopes" jsonb NOT NULL DEFAULT '[]',
        "created_by" uuid NULL REFERENCES "data"."users" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NULL,
        "last_used_at" timestamptz NULL,
        "revoked_at" timestamptz NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "stagecraft"."api_keys"`);
    await runner.query(`DROP TABLE "stagecraft"."refresh_tokens"`);
    await runner.query(`DROP TABLE "stagecraft"."sessions"`);
    await runner.query(`DROP TABLE "data"."users"`);
  }
}
