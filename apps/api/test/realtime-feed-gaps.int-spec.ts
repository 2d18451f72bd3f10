// The realtime feed when the stream skips a batch. With several workers, a relay that committed
// a batch first can announce it after another worker announced the next one; Redis refuses the
// late entry (its id is below the stream's top), so the stream goes from batch 1 to batch 3.
// An API process that reads both entries in one read must still deliver batch 2, from the
// outbox, in order. Here the relay's work is done by hand: no worker runs.

import { feedStreamKey } from '@stagecraft/events';
import { createRedis } from '@stagecraft/redis';
import { createTestEnvironment, httpClient, TEST_REDIS_URL, type TestEnvironment } from '@stagecraft/testing';
import type { Redis } from 'ioredis';
import { setupAdmin } from './support/identity.js';
import { openSse, type SseTestClient } from './support/realtime.js';
import { createCollection, OPEN_RULES, openDataDb, recordsClient, type DataDb } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

describe('realtime feed with a batch the stream skipped', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let db: DataDb;
  let redis: Redis;
  let client: SseTestClient | undefined;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config());
    db = await openDataDb(env.databaseUrl);
    redis = createRedis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    client?.close();
    redis?.disconnect();
    await api?.close();
    await db?.close();
    await env?.dispose();
  });

  it('reads the skipped batch from the outbox and delivers all three in order', async () => {
    const http = httpClient(api.url);
    const admin = await setupAdmin(http);
    const { id: collectionId } = await createCollection(http, admin, {
      name: 'gaps',
      rules: OPEN_RULES,
      fields: [{ name: 'n', type: 'integer' }],
    });
    client = openSse(api.url);
    const [connected] = await client.next('connect');
    const subscribed = await http.post(`/api/v1/realtime/${connected?.data.clientId as string}/subscriptions`, {
      subscriptions: [{ topic: 'gaps' }],
    });
    expect(subscribed.status).toBe(201);

    const records = recordsClient(http, 'gaps');
    for (let n = 1; n <= 6; n += 1) await records.insert({ n });

    // The relay, by hand: number the six events as three batches of two, in one transaction.
    await db.client.query('BEGIN');
    const { rows: events } = await db.client.query<{ id: string; record_id: string }>(
      `SELECT id::text, record_id::text FROM stagecraft.outbox WHERE collection = 'gaps' AND sent_at IS NULL ORDER BY id`,
    );
    expect(events).toHaveLength(6);
    const { rows: heads } = await db.client.query<{ head: string }>(
      `UPDATE stagecraft.outbox_feed SET head = head + 6 RETURNING head - 6 AS head`,
    );
    const head = Number(heads[0]?.head);
    for (const [index, event] of events.entries()) {
      await db.client.query(
        `UPDATE stagecraft.outbox SET sent_at = clock_timestamp(), feed_position = $2 WHERE id = $1`,
        [event.id, head + index + 1],
      );
    }
    await db.client.query('COMMIT');

    // Announced: batches 1 and 3 only, together, so the API reads both entries at once.
    const entry = (first: number) =>
      JSON.stringify(
        [first, first + 1].map((position) => [
          position,
          collectionId,
          'create',
          events[position - head - 1]?.record_id,
        ]),
      );
    const stream = feedStreamKey(env.redisPrefix);
    await redis
      .multi()
      .xadd(stream, `${head + 1}-0`, 'items', entry(head + 1))
      .xadd(stream, `${head + 5}-0`, 'items', entry(head + 5))
      .exec();

    const changes = await client.next('change', 6);
    expect(changes.map((change) => Number(change.id))).toEqual([1, 2, 3, 4, 5, 6].map((n) => head + n));
    expect(changes.map((change) => (change.data.record as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
