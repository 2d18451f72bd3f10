// The ledger of stored files. Every object a file field ever stored has a row here, from the
// moment its upload starts until its bytes are removed, so nothing in the store can be
// orphaned unnoticed:
//   pending   uploaded, waiting for a record write to reference it (removed after
//             UPLOAD_EXPIRY_HOURS if none does);
//   attached  held by a record's file column;
//   orphaned  no longer held (replaced, removed, record or field or collection gone): the
//             worker removes its bytes, then the row.
// Collection tables with file fields get the statement-level trigger file_references(), which
// moves rows between those states in the writing transaction itself: whatever writes the
// table (the API, an import, a cascade from another table, a bulk delete) keeps the ledger
// true, and a rolled-back write changes nothing. Orphaning sends NOTIFY stagecraft_files,
// which PostgreSQL delivers only on commit, so bytes are never removed before the change that
// released them is durable.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StoredFiles1764000000008 implements MigrationInterface {
  name = 'StoredFiles1764000000008';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "stagecraft"."stored_files" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL UNIQUE,
        "storage_key" text NOT NULL UNIQUE,
        "collection_id" uuid NOT NULL,
        "field_id" uuid NOT NULL,
        "record_id" uuid NULL,
        "state" text NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'attached', 'orphaned')),
        "meta" jsonb NOT NULL,
        "uploaded_by" text NULL,
        "upload_id" text NULL UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "state_changed_at" timestamptz NOT NULL DEFAULT now(),
        "removal_attempts" integer NOT NULL DEFAULT 0,
        "last_error" text NULL
      )`);
    await runner.query(
      `CREATE INDEX "stored_files_unattached_idx" ON "stagecraft"."stored_files" ("state", "state_changed_at")
       WHERE "state" <> 'attached'`,
    );
    await runner.query(`CREATE INDEX "stored_files_record_idx" ON "stagecraft"."stored_files" ("record_id")`);
    await runner.query(`CREATE INDEX "stored_files_field_idx" ON "stagecraft"."stored_files" ("field_id")`);

    // A single-file column holds one file object, a multiple one an array of them.
    await runner.query(`
      CREATE FUNCTION "stagecraft"."file_list"(value jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT CASE jsonb_typeof(value) WHEN 'array' THEN value WHEN 'object' THEN jsonb_build_array(value)
          ELSE '[]'::jsonb END
      $fn$`);

    // Arguments: the table's file column names. Variables and aliases start with "_", which
    // field names never do.
    await runner.query(`
      CREATE FUNCTION "stagecraft"."file_references"() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        _columns text[] := TG_ARGV;
        _unavailable text;
        _orphaned bigint := 0;
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          -- Every file a row now holds must be a pending upload (attached here) or already its own.
          WITH _held AS (
            SELECT _new."id" AS _record_id, _item ->> 'name' AS _name
            FROM new_rows _new
            CROSS JOIN LATERAL unnest(_columns) AS _column
            CROSS JOIN LATERAL jsonb_array_elements("stagecraft"."file_list"(to_jsonb(_new.*) -> _column)) AS _item
          ), _attached AS (
            UPDATE "stagecraft"."stored_files" _f
            SET "state" = 'attached', "record_id" = _held._record_id, "state_changed_at" = now()
            FROM _held WHERE _f."name" = _held._name AND _f."state" = 'pending'
            RETURNING _f."name"
          )
          SELECT _held._name INTO _unavailable FROM _held
          WHERE NOT EXISTS (SELECT 1 FROM _attached WHERE _attached."name" = _held._name)
            AND NOT EXISTS (
              SELECT 1 FROM "stagecraft"."stored_files" _f
              WHERE _f."name" = _held._name AND _f."state" = 'attached' AND _f."record_id" = _held._record_id)
          LIMIT 1;
          IF _unavailable IS NOT NULL THEN
            RAISE EXCEPTION 'file % is not available to this record', _unavailable
              USING ERRCODE = 'SCF01', DETAIL = _unavailable;
          END IF;
        END IF;
        IF TG_OP = 'UPDATE' THEN
          WITH _released AS (
            SELECT _item ->> 'name' AS _name FROM old_rows _old
            CROSS JOIN LATERAL unnest(_columns) AS _column
            CROSS JOIN LATERAL jsonb_array_elements("stagecraft"."file_list"(to_jsonb(_old.*) -> _column)) AS _item
            EXCEPT
            SELECT _item ->> 'name' FROM new_rows _new
            CROSS JOIN LATERAL unnest(_columns) AS _column
            CROSS JOIN LATERAL jsonb_array_elements("stagecraft"."file_list"(to_jsonb(_new.*) -> _column)) AS _item
          )
          UPDATE "stagecraft"."stored_files" _f SET "state" = 'orphaned', "state_changed_at" = now()
          FROM _released WHERE _f."name" = _released._name AND _f."state" = 'attached';
          GET DIAGNOSTICS _orphaned = ROW_COUNT;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE "stagecraft"."stored_files" _f SET "state" = 'orphaned', "state_changed_at" = now()
          FROM old_rows _old WHERE _f."record_id" = _old."id" AND _f."state" = 'attached';
          GET DIAGNOSTICS _orphaned = ROW_COUNT;
        END IF;
        IF _orphaned > 0 THEN
          PERFORM pg_notify('stagecraft_files', '');
        END IF;
        RETURN NULL;
      END
      $fn$`);

    // Sets (or, with no columns, removes) a table's file_references triggers; the schema
    // engine calls it whenever a table's file columns change.
    await runner.query(`
      CREATE FUNCTION "stagecraft"."attach_file_references"(table_name text, columns text[])
      RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        args text := array_to_string(ARRAY(SELECT quote_literal(c) FROM unnest(columns) c), ', ');
        op text;
      BEGIN
        FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
          EXECUTE format('DROP TRIGGER IF EXISTS %I ON "data".%I', 'file_references_' || op, table_name);
        END LOOP;
        IF cardinality(columns) = 0 THEN
          RETURN;
        END IF;
        EXECUTE format('CREATE TRIGGER "file_references_insert" AFTER INSERT ON "data".%I
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
          EXECUTE FUNCTION "stagecraft"."file_references"(%s)', table_name, args);
        EXECUTE format('CREATE TRIGGER "file_references_update" AFTER UPDATE ON "data".%I
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
          EXECUTE FUNCTION "stagecraft"."file_references"(%s)', table_name, args);
        EXECUTE format('CREATE TRIGGER "file_references_delete" AFTER DELETE ON "data".%I
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
          EXECUTE FUNCTION "stagecraft"."file_references"(%s)', table_name, args);
      END
      $fn$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      SELECT "stagecraft"."attach_file_references"(c.relname, '{}')
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname = 'file_references_insert'`);
    await runner.query(`DROP FUNCTION "stagecraft"."attach_file_references"(text, text[])`);
    await runner.query(`DROP FUNCTION "stagecraft"."file_references"()`);
    await runner.query(`DROP FUNCTION "stagecraft"."file_list"(jsonb)`);
    await runner.query(`DROP TABLE "stagecraft"."stored_files"`);
  }
}
