// Collection metadata: collections and their fields (ids stable across renames), the schema
// version every API process caches against, the history of applied changes, a portable
// "would this cast succeed" check for the pre-checks, and the built-in users collection.

import type { MigrationInterface, QueryRunner } from 'typeorm';

const USERS_COLLECTION_ID = '00000000-0000-7000-8000-000000000001';
const usersFields: [id: string, name: string, type: string, options: object][] = [
  ['00000000-0000-7000-8000-000000000101', 'email', 'email', { required: true, unique: true, maxLength: 254 }],
  [
    '00000000-0000-7000-8000-000000000102',
    'role',
    'select',
    { required: true, values: ['admin', 'user'], default: 'user' },
  ],
  ['00000000-0000-7000-8000-000000000103', 'verified', 'boolean', { required: true, default: false }],
  ['00000000-0000-7000-8000-000000000104', 'disabled', 'boolean', { required: true, default: false }],
  ['00000000-0000-7000-8000-000000000105', 'last_login_at', 'datetime', { readOnly: true }],
];

export class CollectionsMetadata1764000000002 implements MigrationInterface {
  name = 'CollectionsMetadata1764000000002';

  async up(runner: QueryRunner): Promise<void> {
    // Uniqueness is checked at commit, so a change may swap two names in one transaction.
    await runner.query(`
      CREATE TABLE "stagecraft"."collections" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL CONSTRAINT "collections_name_key" UNIQUE DEFERRABLE INITIALLY DEFERRED,
        "label" text NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "system" boolean NOT NULL DEFAULT false,
        "rules" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "stagecraft"."fields" (
        "id" uuid PRIMARY KEY,
        "collection_id" uuid NOT NULL REFERENCES "stagecraft"."collections" ("id") ON DELETE CASCADE,
        "name" text NOT NULL,
        "type" text NOT NULL,
        "options" jsonb NOT NULL DEFAULT '{}',
        "position" integer NOT NULL,
        "system" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "fields_collection_name_key" UNIQUE ("collection_id", "name") DEFERRABLE INITIALLY DEFERRED
      )`);
    await runner.query(`
      CREATE TABLE "stagecraft"."schema_state" (
        "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
        "version" bigint NOT NULL
      )`);
    await runner.query(`INSERT INTO "stagecraft"."schema_state" ("version") VALUES (1)`);
    await runner.query(`
      CREATE TABLE "stagecraft"."schema_history" (
        "id" bigserial PRIMARY KEY,
        "version" bigint NOT NULL,
        "applied_at" timestamptz NOT NULL DEFAULT now(),
        "actor_kind" text NULL,
        "actor_id" uuid NULL,
        "summary" text NOT NULL,
        "actions" jsonb NOT NULL,
        "statements" text[] NOT NULL
      )`);
    // pg_input_is_valid arrives only in PostgreSQL 16; this works on every supported version.
    await runner.query(`
      CREATE FUNCTION "stagecraft"."input_is_valid"(value text, type_name text) RETURNS boolean
      LANGUAGE plpgsql STABLE AS $fn$
      BEGIN
        EXECUTE format('SELECT %L::%s', value, type_name);
        RETURN true;
      EXCEPTION WHEN others THEN
        RETURN false;
      END
      $fn$`);

    const rules = { list: null, view: null, create: null, update: null, delete: null };
    await runner.query(
      `INSERT INTO "stagecraft"."collections" ("id", "name", "label", "description", "system", "rules")
       VALUES ($1, 'users', 'Users', 'Accounts that sign in. System fields are managed by Stagecraft.', true, $2)`,
      [USERS_COLLECTION_ID, JSON.stringify(rules)],
    );
    for (const [position, [id, name, type, options]] of usersFields.entries()) {
      await runner.query(
        `INSERT INTO "stagecraft"."fields" ("id", "collection_id", "name", "type", "options", "position", "system")
         VALUES ($1, $2, $3, $4, $5, $6, true)`,
        [id, USERS_COLLECTION_ID, name, type, JSON.stringify(options), position],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION "stagecraft"."input_is_valid"(text, text)`);
    await runner.query(`DROP TABLE "stagecraft"."schema_history"`);
    await runner.query(`DROP TABLE "stagecraft"."schema_state"`);
    await runner.query(`DROP TABLE "stagecraft"."fields"`);
    await runner.query(`DROP TABLE "stagecraft"."collections"`);
  }
}
