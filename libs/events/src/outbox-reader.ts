// Reads the outbox. The relay takes the oldest unsent rows as references (position, id, what
// they route by); the events themselves are built here in SQL, once, for every reader: hidden
// and secret fields are left out of the record images from the collection's current metadata,
// so nothing downstream (webhooks, functions, logs, the jobs API) ever sees them, and the
// collection is named as it is now.

import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { RecordAction, RecordEvent, RecordEventRef } from './record-event.js';

interface RefRow {
  id: string;
  event_id: string;
  collection: string;
  action: RecordAction;
  created_at: Date;
}

// The batch is cut first (LIMIT in a MATERIALIZED CTE), so the collection lookup runs for the
// batch only: with a backlog, and statistics that still believe the outbox empty, the planner
// would otherwise work through every unsent row.
const SELECT_UNSENT = `
  WITH batch AS MATERIALIZED (
    SELECT "id", "event_id", "collection", "collection_id", "action", "created_at"
      FROM "stagecraft"."outbox" WHERE "sent_at" IS NULL ORDER BY "id" LIMIT $1
  )
  SELECT o."id", o."event_id", coalesce(c."name", o."collection") AS "collection", o."action", o."created_at"
    FROM batch o LEFT JOIN "stagecraft"."collections" c ON c."id" = o."collection_id"
   ORDER BY o."id"`;

/** The oldest unsent events, in order. Run as a named statement: planned once per connection. */
export async function readUnsentRefs(client: PoolClient, limit: number): Promise<RecordEventRef[]> {
  const { rows } = await client.query<RefRow>({ name: 'sc_outbox_read_unsent', text: SELECT_UNSENT, values: [limit] });
  return rows.map((row) => ({
    sequence: Number(row.id),
    id: row.event_id,
    collection: row.collection,
    action: row.action,
    timestamp: row.created_at.toISOString(),
  }));
}

const ISO_MILLISECONDS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * A query answering `sequence` and `event` (a RecordEvent as jsonb) for the outbox rows whose
 * ids are in the bigint[] parameter `idsParameter`; embeddable as a CTE. The timestamp keeps
 * milliseconds, as a JavaScript date of the row would.
 */
export function outboxEventsQuery(idsParameter: string): string {
  return `
    WITH picked AS MATERIALIZED (
      SELECT * FROM "stagecraft"."outbox" WHERE "id" = ANY(${idsParameter})
    ), withheld AS (
      SELECT f."collection_id", array_agg(f."name") AS names
        FROM "stagecraft"."fields" f
       WHERE f."collection_id" IN (SELECT "collection_id" FROM picked)
         AND (f."type" = 'secret' OR coalesce((f."options" ->> 'hidden')::boolean, false))
       GROUP BY f."collection_id"
    )
    SELECT o."id" AS "sequence", jsonb_build_object(
             'id', o."event_id",
             'type', 'record.' || CASE o."action" WHEN 'create' THEN 'created' WHEN 'update' THEN 'updated' ELSE 'deleted' END,
             'timestamp', to_char(o."created_at" AT TIME ZONE 'UTC', ${ISO_MILLISECONDS}),
             'data', jsonb_build_object(
               'collection', coalesce(c."name", o."collection"),
               'collection_id', o."collection_id",
               'action', o."action",
               'record_id', o."record_id",
               'actor', o."actor",
               'record', o."after" - coalesce(w.names, '{}'),
               'previous', o."before" - coalesce(w.names, '{}'))) AS "event"
      FROM picked o
      LEFT JOIN "stagecraft"."collections" c ON c."id" = o."collection_id"
      LEFT JOIN withheld w ON w."collection_id" = o."collection_id"`;
}

/** The events at these outbox positions, by position; one purged from the outbox is absent. */
export async function readOutboxEvents(
  dataSource: DataSource,
  sequences: readonly number[],
): Promise<Map<number, RecordEvent>> {
  const rows: { sequence: string; event: RecordEvent }[] = await dataSource.query(outboxEventsQuery('$1::bigint[]'), [
    sequences,
  ]);
  return new Map(rows.map((row) => [Number(row.sequence), row.event]));
}
