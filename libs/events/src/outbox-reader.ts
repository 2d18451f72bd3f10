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

const SELECT_UNSENT = `
  SELECT o."id", o."event_id", coalesce(c."name", o."collection") AS "collection", o."collection_id",
         o."action", o."record_id", o."actor", o."before" - w.withheld AS "before",
         o."after" - w.withheld AS "after", o."created_at"
  FROM "stagecraft"."outbox" o
  LEFT JOIN "stagecraft"."collections" c ON c."id" = o."collection_id"
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(f."name"), '{}') AS withheld
    FROM "stagecraft"."fields" f
    WHERE f."collection_id" = o."collection_id"
      AND (f."type" = 'secret' OR coalesce((f."options" ->> 'hidden')::boolean, false))
  ) w
  WHERE o."sent_at" IS NULL
  ORDER BY o."id"
  LIMIT $1`;

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
