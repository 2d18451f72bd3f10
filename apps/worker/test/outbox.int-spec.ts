// The transactional outbox end to end: record changes through the API become outbox rows in
// the same transaction, and the worker's relay moves them, in order, onto the `events` queue
// with hidden and secret fields left out and the caller named as actor.

import type { INestApplicationContext } from '@nestjs/common';
import { outboxEventsQuery, type RecordEvent, type RecordEventJob, type RecordEventRefsJob } from '@stagecraft/events';
import { QueueName } from '@stagecraft/jobs';
import { bullmqConnectionOptions } from '@stagecraft/redis';
import {
  createTestEnvironment,
  httpClient,
  TEST_REDIS_URL,
  waitFor,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { Queue } from 'bullmq';
import pg from 'pg';
import { GOOD_PASSWORD, login, registerUser, setupAdmin, type TestSession } from '../../api/test/support/identity.js';
import { createCollection, OPEN_RULES, recordsClient, type RecordsClient } from '../../api/test/support/records.js';
import { startApi, startWorker, type RunningApi } from '../../api/test/support/running-apps.js';

interface OutboxRow {
  id: string;
  event_id: string;
  action: string;
  record_id: string;
  actor: string | null;
  sent_at: Date | null;
}

describe('transactional outbox and relay', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let db: pg.Client;
  let admin: TestSession;
  let user: TestSession;
  let notes: RecordsClient;
  let events: Queue<RecordEventRefsJob>;

  const outbox = async (recordId?: string): Promise<OutboxRow[]> =>
    (
      await db.query<OutboxRow>(
        `SELECT id, event_id, action, record_id, actor, sent_at FROM stagecraft.outbox
         WHERE $1::uuid IS NULL OR record_id = $1 ORDER BY id`,
        [recordId ?? null],
      )
    ).rows;

  /**
   * Every event of the record as relayed, in outbox order, once all are: each named by a
   * reference in a batch job, and built from the outbox as its consumers read it.
   */
  const relayedJobs = async (recordId: string, expected: number): Promise<RecordEventJob[]> => {
    const rows = await waitFor(
      () => outbox(recordId),
      (found) => found.length === expected && found.every((row) => row.sent_at !== null),
      { what: `${expected} relayed events of ${recordId}` },
    );
    const jobs = await events.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
    const queued = new Map(jobs.flatMap((job) => job.data.refs).map((ref) => [ref.id, ref] as const));
    const refs = rows.map((row) => {
      const ref = queued.get(row.event_id);
      if (!ref) throw new Error(`relayed event ${row.event_id} is in no job`);
      return ref;
    });
    const built = await db.query<{ sequence: string; event: RecordEvent }>(outboxEventsQuery('$1::bigint[]'), [
      refs.map((ref) => ref.sequence),
    ]);
    const bySequence = new Map(built.rows.map((row) => [Number(row.sequence), row.event]));
    return refs.map((ref) => {
      const event = bySequence.get(ref.sequence)!;
      const { collection, action } = event.data;
      expect(ref).toEqual({ sequence: ref.sequence, id: event.id, collection, action, timestamp: event.timestamp });
      return { sequence: ref.sequence, event };
    });
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ OUTBOX_POLL_INTERVAL_MS: '60000' });
    api = await startApi(config);
    http = httpClient(api.url);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await setupAdmin(http);
    user = await registerUser(http);
    await createCollection(http, admin, {
      name: 'notes',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'remark', type: 'text', options: { hidden: true } },
        { name: 'pin', type: 'secret' },
        { name: 'code', type: 'text', options: { unique: true } },
      ],
    });
    notes = recordsClient(http, 'notes');
    events = new Queue(QueueName.Events, {
      connection: bullmqConnectionOptions(TEST_REDIS_URL),
      prefix: `${env.redisPrefix}:bull`,
    });
  });

  afterAll(async () => {
    await events?.close();
    await db?.end();
    await api?.close();
    await env?.dispose();
  });

  describe('with the worker running', () => {
    let worker: INestApplicationContext;

    beforeAll(async () => {
      // The poll is a minute away: only the NOTIFY can wake the relay in time.
      worker = await startWorker(env.config({ OUTBOX_POLL_INTERVAL_MS: '60000' }));
    });

    afterAll(async () => {
      await worker?.close();
    });

    it('turns create, update and delete into ordered events naming the caller, without hidden or secret fields', async () => {
      const created = await notes.insert({ title: 'first', remark: 'internal', pin: '1234-5678' }, user.token);
      expect((await notes.patch(created.id, { title: 'second' }, user.token)).status).toBe(200);
      expect((await notes.delete(created.id, admin.token)).status).toBe(204);

      const jobs = await relayedJobs(created.id, 3);
      expect(jobs.map((job) => job.event.type)).toEqual(['record.created', 'record.updated', 'record.deleted']);
      expect(jobs.map((job) => job.sequence)).toEqual([...jobs.map((job) => job.sequence)].sort((a, b) => a - b));
      const [create, update, remove] = jobs.map((job) => job.event) as [
        RecordEventJob['event'],
        RecordEventJob['event'],
        RecordEventJob['event'],
      ];
      expect(create.data).toMatchObject({
        collection: 'notes',
        action: 'create',
        record_id: created.id,
        actor: `user:${user.user.id}`,
        previous: null,
        record: { id: created.id, title: 'first', version: 1 },
      });
      expect(update.data).toMatchObject({
        action: 'update',
        previous: { title: 'first', version: 1 },
        record: { title: 'second', version: 2 },
      });
      expect(remove.data).toMatchObject({
        action: 'delete',
        actor: `user:${admin.user.id}`,
        record: null,
        previous: { title: 'second' },
      });
      for (const event of [create, update, remove]) {
        for (const image of [event.data.record, event.data.previous]) {
          if (image === null) continue;
          expect(image).not.toHaveProperty('remark');
          expect(image).not.toHaveProperty('pin');
        }
      }
      expect(new Set(jobs.map((job) => job.event.id)).size).toBe(3);
    });

    it('emits one event per row of a bulk change', async () => {
      const created = await notes.insertMany(
        [{ title: 'bulk-a' }, { title: 'bulk-b' }, { title: 'bulk-c' }],
        user.token,
      );
      const response = await notes.bulkUpdate('title ~ "bulk-"', { title: 'bulked' }, admin.token);
      expect(response.body.meta).toEqual({ updated: 3 });
      for (const record of created) {
        const jobs = await relayedJobs(record.id, 2);
        expect(jobs.map((job) => job.event.data.action)).toEqual(['create', 'update']);
        expect(jobs[1]?.event.data.actor).toBe(`user:${admin.user.id}`);
      }
    });

    it('emits events for records deleted by a cascade, naming the same actor', async () => {
      await createCollection(http, admin, {
        name: 'lists',
        rules: OPEN_RULES,
        fields: [{ name: 'name', type: 'text' }],
      });
      await createCollection(http, admin, {
        name: 'entries',
        rules: OPEN_RULES,
        fields: [
          { name: 'list', type: 'relation', options: { kind: 'many_to_one', target: 'lists', onDelete: 'cascade' } },
        ],
      });
      const list = await recordsClient(http, 'lists').insert({ name: 'groceries' }, user.token);
      const entry = await recordsClient(http, 'entries').insert({ list: list.id }, user.token);
      expect((await recordsClient(http, 'lists').delete(list.id, user.token)).status).toBe(204);

      const [, deleted] = await relayedJobs(entry.id, 2);
      expect(deleted?.event.data).toMatchObject({
        collection: 'entries',
        action: 'delete',
        actor: `user:${user.user.id}`,
        previous: { id: entry.id, list: list.id },
      });
    });

    it('names the caller for accounts changed through the identity endpoints', async () => {
      const email = `outbox-${Date.now()}@example.com`;
      const created = await http.post('/api/v1/users', { email, password: GOOD_PASSWORD }, { token: admin.token });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      const member = await login(http, email);
      const renamed = await http.patch('/api/v1/auth/me', { email: `re-${email}` }, { token: member.token });
      expect(renamed.status).toBe(200);
      const password = { current_password: GOOD_PASSWORD, new_password: 'quince-harbour-lantern-7' };
      expect((await http.post('/api/v1/auth/password', password, { token: member.token })).status).toBe(200);
      expect((await http.patch(`/api/v1/users/${id}`, { role: 'admin' }, { token: admin.token })).status).toBe(200);
      expect((await http.delete(`/api/v1/users/${id}`, { token: admin.token })).status).toBe(204);
      const signedUp = await registerUser(http);

      const byAdmin = `user:${admin.user.id}`;
      const bySelf = `user:${id}`;
      expect((await outbox(id)).map(({ action, actor }) => ({ action, actor }))).toEqual([
        { action: 'create', actor: byAdmin },
        { action: 'update', actor: bySelf },
        { action: 'update', actor: bySelf },
        { action: 'update', actor: byAdmin },
        { action: 'delete', actor: byAdmin },
      ]);
      expect((await outbox(signedUp.user.id)).map(({ action, actor }) => ({ action, actor }))).toEqual([
        { action: 'create', actor: 'anonymous' },
      ]);
    });

    it('works whatever the fields are called, the trigger variables and aliases included', async () => {
      const names = ['n', 'o', 'r', 'actor', 'excluded', 'emitted', 'doc', 'new_rows'];
      await createCollection(http, admin, {
        name: 'shadows',
        rules: OPEN_RULES,
        fields: names.map((name) => ({ name, type: 'text' })),
      });
      const shadows = recordsClient(http, 'shadows');
      const body = Object.fromEntries(names.map((name) => [name, `${name}-value`]));
      const created = await shadows.insert(body, user.token);
      expect((await shadows.patch(created.id, { n: 'changed' }, user.token)).status).toBe(200);
      expect((await shadows.delete(created.id, user.token)).status).toBe(204);
      const jobs = await relayedJobs(created.id, 3);
      expect(jobs[0]?.event.data.record).toMatchObject(body);
      expect(jobs[1]?.event.data.record).toMatchObject({ ...body, n: 'changed' });
      expect(jobs[2]?.event.data.previous).toMatchObject({ ...body, n: 'changed' });
    });

    it('emits nothing for a refused write, and a rolled-back change takes its events with it', async () => {
      const stranger = await registerUser(http);
      const before = (await outbox()).length;
      const missing = await notes.patch('0190f5c6-0000-7000-8000-000000000000', { title: 'x' }, stranger.token);
      expect(missing.status).toBe(404);
      // The first record is inserted (and its event written) before the second one fails.
      const conflicting = await notes.create(
        [
          { title: 'one', code: 'same' },
          { title: 'two', code: 'same' },
        ],
        user.token,
      );
      expect(conflicting.status).toBe(409);
      expect((await outbox()).length).toBe(before);
    });
  });

  it('keeps events in the outbox while no worker runs and relays them when one starts', async () => {
    const created = await notes.insert({ title: 'waiting' }, user.token);
    const pending = await outbox(created.id);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.sent_at).toBeNull();

    const worker = await startWorker(env.config({ OUTBOX_POLL_INTERVAL_MS: '200' }));
    try {
      const [job] = await relayedJobs(created.id, 1);
      expect(job?.event.id).toBe(pending[0]?.event_id);
    } finally {
      await worker.close();
    }
  });
});
