// Reads the oldest unsent outbox rows as queue jobs. Hidden and secret fields are left out
// of the record images here, from the collection's current metadata, so nothing downstream
// (webhooks, logs, the jobs API) ever sees them; the collection is named as it is now.

import type { QueryRunner } from 'typeorm';
import { EVENT_TYPE_BY_ACTION, type RecordAction, type RecordEventJob } from './record-event.js';

interface OutboxRow {
  id: string;
  event_id: string;
  collection: string;
  collection_id: string | null;
  action: RecordAction;
  record_id: string;
  actor: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  created_at: Date;
}

// The batch is cut first (LIMIT in a MATERIALIZED CTE), so the withheld-field lookup runs per
// collection in the batch, not per unsent event: with a backlog, and statistics that still
// believe the outbox empty, the planner would otherwise work through every unsent row.
const SELECT_UNSENT = `
  WITH batch AS MATERIALIZED (
    SELECT * FROM "stagecraft"."outbox" WHERE "sent_at" IS NULL ORDER BY "id" LIMIT $1
  ), withheld AS (
    SELECT f."collection_id", array_agg(f."name") AS names
      FROM "stagecraft"."fields" f
     WHERE f."collection_id" IN (SELECT "collection_id" FROM batch)
       AND (f."type" = 'secret' OR coalesce((f."options" ->> 'hidden')::boolean, false))
     GROUP BY f."collection_id"
  )
  SELECT o."id", o."event_id", coalesce(c."name", o."collection") AS "collection", o."collection_id",
         o."action", o."record_id", o."actor", o."before" - coalesce(w.names, '{}') AS "before",
         o."after" - coalesce(w.names, '{}') AS "after", o."created_at"
    FROM batch o
    LEFT JOIN "stagecraft"."collections" c ON c."id" = o."collection_id"
    LEFT JOIN withheld w ON w."collection_id" = o."collection_id"
   ORDER BY o."id"`;

export async function readUnsentEvents(runner: QueryRunner, limit: number): Promise<RecordEventJob[]> {
  const rows = (await runner.query(SELECT_UNSENT, [limit])) as OutboxRow[];
  return rows.map((row) => ({
    sequence: Number(row.id),
    event: {
      id: row.event_id,
      type: EVENT_TYPE_BY_ACTION[row.action],
      timestamp: row.created_at.toISOString(),
      data: {
        collection: row.collection,
        collection_id: row.collection_id,
        action: row.action,
        record_id: row.record_id,
        actor: row.actor,
        record: row.after,
        previous: row.before,
      },
    },
  }));
}
