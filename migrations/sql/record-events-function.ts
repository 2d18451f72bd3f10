// The body of stagecraft.record_events(), the statement-level trigger that writes a
// collection table's changes to the outbox. Kept in one place because two migrations create
// it: the first version also sent NOTIFY from inside the writing transaction; the second
// leaves the wake-up to the application, after commit (see docs/events.md, "Waking the relay").
//
// Arguments: the collection id, then columns never to copy (users.password_hash,
// last_login_at). Updates that change none of the copied columns (a sign-in stamping
// last_login_at) emit nothing. `stagecraft.events = off` (SET LOCAL) silences it, e.g. for
// imports; the actor comes from `stagecraft.actor`, set by the statement that makes the
// change. Variables and row aliases start with `_`, which field names never do, so no column
// can shadow them.

export function recordEventsFunction(options: { notifyInTransaction: boolean }): string {
  const notify = options.notifyInTransaction
    ? `
        GET DIAGNOSTICS _emitted = ROW_COUNT;
        IF _emitted > 0 THEN
          PERFORM pg_notify('stagecraft_outbox', '');
        END IF;`
    : '';
  return `
      CREATE OR REPLACE FUNCTION "stagecraft"."record_events"() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      DECLARE
        _excluded text[] := coalesce(TG_ARGV[1:], '{}');
        _actor text := nullif(current_setting('stagecraft.actor', true), '');
        _emitted bigint;
      BEGIN
        IF current_setting('stagecraft.events', true) = 'off' THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
          INSERT INTO "stagecraft"."outbox" ("collection_id", "collection", "action", "record_id", "actor", "after")
          SELECT TG_ARGV[0]::uuid, TG_TABLE_NAME, 'create', _new."id", _actor, to_jsonb(_new.*) - _excluded
          FROM new_rows _new;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO "stagecraft"."outbox"
            ("collection_id", "collection", "action", "record_id", "actor", "before", "after")
          SELECT TG_ARGV[0]::uuid, TG_TABLE_NAME, 'update', _after._id, _actor, _before._doc, _after._doc
          FROM (SELECT _new."id" AS _id, to_jsonb(_new.*) - _excluded AS _doc FROM new_rows _new) _after
          JOIN (SELECT _old."id" AS _id, to_jsonb(_old.*) - _excluded AS _doc FROM old_rows _old) _before
            ON _before._id = _after._id
          WHERE _after._doc IS DISTINCT FROM _before._doc;
        ELSE
          INSERT INTO "stagecraft"."outbox" ("collection_id", "collection", "action", "record_id", "actor", "before")
          SELECT TG_ARGV[0]::uuid, TG_TABLE_NAME, 'delete', _old."id", _actor, to_jsonb(_old.*) - _excluded
          FROM old_rows _old;
        END IF;${notify}
        RETURN NULL;
      END
      $fn$`;
}
