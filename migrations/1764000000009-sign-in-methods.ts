// Sign-in methods beyond passwords: OAuth/OIDC providers and the identities they assert,
// second factors (TOTP, recovery codes, passkeys), the assurance level of each session, and
// short-lived single-use challenges (OAuth state, one-time codes, MFA tickets).

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SignInMethods1764000000009 implements MigrationInterface {
  name = 'SignInMethods1764000000009';

  async up(runner: QueryRunner): Promise<void> {
    // An account created through a provider has no password until its owner sets one.
    await runner.query(`ALTER TABLE "data"."users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    // 1: one factor; 2: a second factor was verified when the session started (or since).
    await runner.query(
      `ALTER TABLE "stagecraft"."sessions" ADD COLUMN "aal" smallint NOT NULL DEFAULT 1 CHECK ("aal" IN (1, 2))`,
    );

    await runner.query(`
      CREATE TABLE "stagecraft"."auth_providers" (
        "name" text PRIMARY KEY CHECK ("name" ~ '^[a-z][a-z0-9_-]{0,39}$'),
        "kind" text NOT NULL CHECK ("kind" IN ('oidc', 'github')),
        "display_name" text NOT NULL CHECK (char_length("display_name") BETWEEN 1 AND 80),
        "issuer" text NULL,
        "authorization_url" text NULL,
        "token_url" text NULL,
        "api_url" text NULL,
        "client_id" text NOT NULL,
        "client_secret" text NOT NULL,
        "scopes" jsonb NOT NULL DEFAULT '[]',
        "enabled" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CHECK ("kind" <> 'oidc' OR "issuer" IS NOT NULL)
      )`);

    // A provider with identities cannot be deleted (it can be disabled): their owners might
    // have no other way to sign in.
    await runner.query(`
      CREATE TABLE "stagecraft"."user_identities" (
        "id" uuid PRIMARY KEY,
        "user_id" uuid NOT NULL REFERENCES "data"."users" ("id") ON DELETE CASCADE,
        "provider" text NOT NULL REFERENCES "stagecraft"."auth_providers" ("name") ON DELETE RESTRICT,
        "issuer" text NOT NULL,
        "subject" text NOT NULL,
        "email" text NULL,
        "email_verified" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_login_at" timestamptz NULL,
        UNIQUE ("provider", "issuer", "subject")
      )`);
    await runner.query(`CREATE INDEX "user_identities_user_id_idx" ON "stagecraft"."user_identities" ("user_id")`);

    await runner.query(`
      CREATE TABLE "stagecraft"."mfa_totp" (
        "user_id" uuid PRIMARY KEY REFERENCES "data"."users" ("id") ON DELETE CASCADE,
        "secret" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "confirmed_at" timestamptz NULL,
        "last_used_step" bigint NULL
      )`);
    await runner.query(`
      CREATE TABLE "stagecraft"."mfa_recovery_codes" (
        "id" uuid PRIMARY KEY,
        "user_id" uuid NOT NULL REFERENCES "data"."users" ("id") ON DELETE CASCADE,
        "code_hash" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "used_at" timestamptz NULL
      )`);
    await runner.query(
      `CREATE INDEX "mfa_recovery_codes_user_id_idx" ON "stagecraft"."mfa_recovery_codes" ("user_id")`,
    );
    await runner.query(`
      CREATE TABLE "stagecraft"."webauthn_credentials" (
        "id" text PRIMARY KEY,
        "user_id" uuid NOT NULL REFERENCES "data"."users" ("id") ON DELETE CASCADE,
        "name" text NOT NULL DEFAULT 'Passkey',
        "public_key" bytea NOT NULL,
        "counter" bigint NOT NULL DEFAULT 0,
        "transports" jsonb NOT NULL DEFAULT '[]',
        "device_type" text NULL,
        "backed_up" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz NULL
      )`);
    await runner.query(
      `CREATE INDEX "webauthn_credentials_user_id_idx" ON "stagecraft"."webauthn_credentials" ("user_id")`,
    );

    // Only the token's hash is kept; taking a challenge deletes it, so each is used once.
    await runner.query(`
      CREATE TABLE "stagecraft"."auth_challenges" (
        "token_hash" bytea PRIMARY KEY,
        "kind" text NOT NULL,
        "user_id" uuid NULL REFERENCES "data"."users" ("id") ON DELETE CASCADE,
        "payload" jsonb NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX "auth_challenges_expires_at_idx" ON "stagecraft"."auth_challenges" ("expires_at")`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "stagecraft"."auth_challenges"`);
    await runner.query(`DROP TABLE "stagecraft"."webauthn_credentials"`);
    await runner.query(`DROP TABLE "stagecraft"."mfa_recovery_codes"`);
    await runner.query(`DROP TABLE "stagecraft"."mfa_totp"`);
    await runner.query(`DROP TABLE "stagecraft"."user_identities"`);
    await runner.query(`DROP TABLE "stagecraft"."auth_providers"`);
    await runner.query(`ALTER TABLE "stagecraft"."sessions" DROP COLUMN "aal"`);
    await runner.query(`UPDATE "data"."users" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await runner.query(`ALTER TABLE "data"."users" ALTER COLUMN "password_hash" SET NOT NULL`);
  }
}
