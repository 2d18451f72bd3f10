// The realtime feed: every relayed event, numbered by its feed position (gap-free, in the order
// the relay sent it). The relay numbers a batch in the transaction that marks it sent and, once
// that commits, announces it on a Redis stream that every API process reads. The stream only
// says which positions exist and what they touch; the events themselves are read from the
// outbox, so nothing leaves PostgreSQL unfiltered and a lost announcement (Redis away, a relay
// dying after its commit) is noticed as a gap and read from the outbox instead.

import type { Redis } from 'ioredis';
import type { PoolClient } from 'pg';
import { within } from '@stagecraft/core';
import type { RecordAction } from './record-event.js';

/** One event as announced: enough to decide which subscribers might care. */
export interface FeedItem {
  readonly position: number;
  readonly collectionId: string | null;
  readonly action: RecordAction;
  readonly recordId: string;
}

// Announcements are only a wake-up with a routing hint: readers that fall further behind than
// this read the outbox instead.
const STREAM_MAX_ENTRIES = 1000;
const PUBLISH_TIMEOUT_MS = 2000;

export const feedStreamKey = (prefix: string): string => `${prefix}:realtime:feed`;

/** Stream entry ids are `<first position>-0`, so a reader can resume from any position. */
export const feedEntryId = (position: number): string => `${position}-0`;

interface NumberedRow {
  position: string;
  collection_id: string | null;
  action: RecordAction;
  record_id: string;
}

/** Numbers the events `ids` (in this order) and marks them sent; run under the relay's lock. */
export async function numberSentEvents(client: PoolClient, ids: readonly number[]): Promise<FeedItem[]> {
  const { rows } = await client.query<NumberedRow>({
    name: 'sc_outbox_number_sent',
    text: `WITH counter AS (
       UPDATE "stagecraft"."outbox_feed" SET "head" = "head" + cardinality($1::bigint[]) RETURNING "head"
     ), numbered AS (
       SELECT b.id, (SELECT "head" FROM counter) - cardinality($1::bigint[]) + b.n AS position
         FROM unnest($1::bigint[]) WITH ORDINALITY AS b(id, n)
     ), marked AS (
       -- clock_timestamp(): when the batch was queued (now() would be when this transaction began).
       UPDATE "stagecraft"."outbox" o
          SET "sent_at" = clock_timestamp(), "feed_position" = numbered.position
         FROM numbered
        WHERE o."id" = numbered.id
       RETURNING o."feed_position" AS position, o."collection_id", o."action", o."record_id"
     )
     -- A SELECT at the top, so the driver answers rows (an UPDATE answers [rows, count]).
     SELECT * FROM marked`,
    values: [ids],
  });
  return rows
    .map((row) => ({
      position: Number(row.position),
      collectionId: row.collection_id,
      action: row.action,
      recordId: row.record_id,
    }))
    .sort((a, b) => a.position - b.position);
}

/** Announces committed positions. Best effort: readers notice a missing announcement as a gap. */
export async function announceFeedItems(redis: Redis, prefix: string, items: readonly FeedItem[]): Promise<void> {
  const first = items[0];
  if (first === undefined) return;
  const encoded = JSON.stringify(items.map((item) => [item.position, item.collectionId, item.action, item.recordId]));
  await within(
    redis.xadd(feedStreamKey(prefix), 'MAXLEN', '~', STREAM_MAX_ENTRIES, feedEntryId(first.position), 'items', encoded),
    PUBLISH_TIMEOUT_MS,
    'Redis did not answer',
  );
}

/** The items of one stream entry, as `announceFeedItems` wrote them. */
export function decodeFeedEntry(fields: readonly string[]): FeedItem[] {
  const index = fields.indexOf('items');
  const value = index === -1 ? undefined : fields[index + 1];
  if (value === undefined) return [];
  const raw = JSON.parse(value) as [number, string | null, RecordAction, string][];
  return raw.map(([position, collectionId, action, recordId]) => ({ position, collectionId, action, recordId }));
}
