// Webhook deliveries end to end: record changes through the API become events (outbox → relay
// → `events` queue), the worker hands them to the webhooks that want them and delivers them
// signed to a receiver on loopback; failures are retried with growing delays and then
// dead-lettered, redelivery works, 410 turns a webhook off, non-public targets are refused.
// Events survive Redis being down while records are written, and a worker killed mid-delivery.

import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { RECORD_EVENT_JOB, RECORD_EVENT_REFS_JOB, RECORD_EVENTS_JOB, type RecordEventJob } from '@stagecraft/events';
import { QueueName } from '@stagecraft/jobs';
import {
  createTestEnvironment,
  ensureBuilt,
  httpClient,
  startPrivateRedis,
  waitFor,
  type HttpClient,
  type HttpResult,
  type PrivateRedis,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { setupAdmin, type TestSession } from '../../api/test/support/identity.js';
import { createCollection, recordsClient, type RecordsClient } from '../../api/test/support/records.js';
import { startApi, startWorker, type RunningApi } from '../../api/test/support/running-apps.js';
import {
  signatureIsValid,
  startWebhookReceiver,
  type ReceivedRequest,
  type WebhookReceiver,
} from '../../api/test/support/webhook-receiver.js';
import { startWorkerProcess } from './support/worker-process.js';

const WEBHOOKS = '/api/v1/webhooks';

interface Hook {
  id: string;
  secret: string;
  url: string;
}

/** A webhook whose requests arrive under its own path of the receiver. */
async function createHook(
  http: HttpClient,
  admin: TestSession,
  receiver: WebhookReceiver,
  body: Record<string, unknown> = {},
): Promise<Hook> {
  const url = `${receiver.url}/${randomUUID()}`;
  const response = await http.post(WEBHOOKS, { name: 'hook', url, ...body }, { token: admin.token });
  if (response.status !== 201) throw new Error(`create webhook: ${response.status} ${response.text}`);
  return { id: response.body.id, secret: response.body.secret, url };
}

const requestsOf = (receiver: WebhookReceiver, hook: Hook): ReceivedRequest[] =>
  receiver.requests.filter((request) => hook.url.endsWith(request.path));

async function deliveries(http: HttpClient, admin: TestSession, hook: Hook, query = ''): Promise<HttpResult['body'][]> {
  const response = await http.get(`${WEBHOOKS}/${hook.id}/deliveries?limit=100${query}`, { token: admin.token });
  if (response.status !== 200) throw new Error(`deliveries: ${response.status} ${response.text}`);
  return response.body.data;
}

const ORDERS_FIELDS = [
  { name: 'total', type: 'number', options: { precision: 10, scale: 2 } },
  { name: 'status', type: 'text' },
  { name: 'note', type: 'text', options: { hidden: true } },
];

describe('webhook deliveries', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let receiver: WebhookReceiver;
  let orders: RecordsClient;
  let db: pg.Client;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
      WEBHOOK_BACKOFF_BASE_MS: '200',
      WEBHOOK_MAX_ATTEMPTS: '4',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    receiver = await startWebhookReceiver();
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, { name: 'orders', fields: ORDERS_FIELDS });
    await createCollection(http, admin, { name: 'notes', fields: [{ name: 'body', type: 'text' }] });
    orders = recordsClient(http, 'orders');
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await db?.end();
    await env?.dispose();
  });

  beforeEach(() => receiver.respondWith({ status: 200 }));

  it('delivers signed record events to the webhooks that listen to them', async () => {
    const all = await createHook(http, admin, receiver, { collections: ['orders'] });
    const createsOnly = await createHook(http, admin, receiver, { collections: ['orders'], actions: ['create'] });
    const otherCollection = await createHook(http, admin, receiver, { collections: ['notes'] });

    const record = await orders.insert({ total: 12.5, status: 'new', note: 'secret-ish' }, admin.token);
    await orders.patch(record.id, { status: 'paid' }, admin.token);
    await orders.delete(record.id, admin.token);

    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, all)),
      (requests) => requests.length === 3,
      { what: 'three deliveries' },
    );
    const byType = Object.fromEntries(received.map((request) => [request.json.type, request]));
    expect(Object.keys(byType).sort()).toEqual(['record.created', 'record.deleted', 'record.updated']);
    for (const request of received) {
      expect(signatureIsValid(all.secret, request)).toBe(true);
      expect(request.headers['webhook-id']).toBe(request.json.id);
    }
    const created = byType['record.created']!.json;
    expect(created).toEqual({
      id: expect.any(String),
      type: 'record.created',
      timestamp: expect.any(String),
      data: expect.objectContaining({
        collection: 'orders',
        action: 'create',
        record_id: record.id,
        actor: `user:${admin.user.id}`,
        previous: null,
        record: expect.objectContaining({ id: record.id, total: 12.5, status: 'new' }),
      }),
    });
    expect(created.data.record).not.toHaveProperty('note');
    expect(byType['record.updated']!.json.data).toMatchObject({
      record: { status: 'paid' },
      previous: { status: 'new' },
    });
    expect(byType['record.deleted']!.json.data).toMatchObject({ record: null, previous: { id: record.id } });

    await waitFor(
      () => Promise.resolve(requestsOf(receiver, createsOnly)),
      (requests) => requests.length === 1,
      { what: 'the create-only delivery' },
    );
    expect(requestsOf(receiver, createsOnly)[0]!.json.type).toBe('record.created');
    const log = await waitFor(
      () => deliveries(http, admin, all),
      (found) => found.length === 3 && found.every((delivery) => delivery.state === 'succeeded'),
      { what: 'three succeeded deliveries in the log' },
    );
    expect(log.map((delivery) => delivery.event_type)).toEqual(['record.deleted', 'record.updated', 'record.created']);
    expect(log[0].attempt_log).toEqual([expect.objectContaining({ attempt: 1, response_status: 200, error: null })]);
    expect(requestsOf(receiver, otherCollection)).toHaveLength(0);
    expect(await deliveries(http, admin, otherCollection)).toHaveLength(0);
  });

  it('sends exactly what the OpenAPI document says a receiver gets, for every field type', async () => {
    await createCollection(http, admin, {
      name: 'catalog',
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'body', type: 'long_text' },
        { name: 'views', type: 'integer' },
        { name: 'price', type: 'number', options: { precision: 10, scale: 2 } },
        { name: 'ratio', type: 'number' },
        { name: 'live', type: 'boolean' },
        { name: 'day', type: 'date' },
        { name: 'at', type: 'datetime' },
        { name: 'meta', type: 'json' },
        { name: 'contact', type: 'email' },
        { name: 'site', type: 'url' },
        { name: 'status', type: 'select', options: { values: ['draft', 'live'] } },
        { name: 'tags', type: 'multi_select', options: { values: ['a', 'b', 'c'] } },
        { name: 'origin', type: 'relation', options: { kind: 'many_to_one', target: 'orders', onDelete: 'set_null' } },
        { name: 'related', type: 'relation', options: { kind: 'many_to_many', target: 'orders' } },
        { name: 'internal', type: 'text', options: { hidden: true } },
        { name: 'pin', type: 'secret' },
      ],
    });
    const hook = await createHook(http, admin, receiver, { collections: ['catalog', 'users'] });
    const order = await orders.insert({ total: 3, status: 'x' }, admin.token);
    const catalog = recordsClient(http, 'catalog');
    const item = await catalog.insert(
      {
        title: 'Lamp',
        body: 'A long text',
        views: 7,
        price: 19.9,
        ratio: 0.25,
        live: true,
        day: '2026-11-24',
        at: '2026-11-24T10:15:02.481Z',
        meta: { colour: 'red', sizes: [1, 2] },
        contact: 'shop@example.com',
        site: 'https://example.com/lamp',
        status: 'live',
        tags: ['a', 'c'],
        origin: order.id,
        related: [order.id],
        internal: 'hidden',
        pin: 'secret-pin-1234',
      },
      admin.token,
    );
    await catalog.patch(item.id, { title: 'Desk lamp', meta: null, day: null }, admin.token);
    await catalog.delete(item.id, admin.token);
    const user = await http.post(
      '/api/v1/users',
      { email: `hooked-${randomUUID()}@example.com`, password: 'plum-tree-lantern-42' },
      { token: admin.token },
    );
    expect(user.status).toBe(201);
    expect((await http.post(`${WEBHOOKS}/${hook.id}/test`, undefined, { token: admin.token })).status).toBe(200);
    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook)),
      (requests) => requests.length === 5,
      { what: 'three catalog events, one user event and a test send' },
    );

    const document = (await http.get('/api/docs/openapi.json')).body;
    const validator = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(validator);
    validator.addSchema(document, 'openapi');
    const resolve = (ref: string): unknown =>
      ref
        .slice(2)
        .split('/')
        .reduce((node: Record<string, unknown>, key) => node[key] as Record<string, unknown>, document);
    const bodySchema = (name: string): { $ref: string } =>
      document.webhooks[name].post.requestBody.content['application/json'].schema;
    const check = (schema: object, value: unknown): unknown[] => {
      const validate = validator.compile({ $ref: `openapi${(schema as { $ref: string }).$ref}` });
      return validate(value) ? [] : (validate.errors ?? []);
    };
    const types = received.map((request) => `${request.json.type} ${request.json.data.collection ?? ''}`.trim());
    expect(types.sort()).toEqual([
      'record.created catalog',
      'record.created users',
      'record.deleted catalog',
      'record.updated catalog',
      'webhook.test',
    ]);
    for (const request of received) {
      const entry = request.json.type === 'webhook.test' ? 'webhook.test' : `record.${request.json.data.collection}`;
      expect([entry, check(bodySchema(entry), request.json)]).toEqual([entry, []]);
      for (const { $ref } of document.webhooks[entry].post.parameters) {
        const header = resolve($ref) as { name: string; schema: object };
        const valid = validator.validate(header.schema, request.headers[header.name]);
        expect([header.name, valid]).toEqual([header.name, true]);
      }
    }
    // The document is strict enough to notice a wrong shape.
    const created = received.find(
      (request) => request.json.type === 'record.created' && request.json.data.collection === 'catalog',
    )!;
    const { title: _title, ...withoutTitle } = created.json.data.record;
    const broken = { ...created.json, data: { ...created.json.data, record: withoutTitle } };
    expect(check(bodySchema('record.catalog'), broken)).not.toEqual([]);
  });

  it('delivers only events whose record meets the condition (the previous record for deletes)', async () => {
    const big = await createHook(http, admin, receiver, { collections: ['orders'], condition: 'total >= 100' });
    const small = await orders.insert({ total: 5, status: 'a' }, admin.token);
    const large = await orders.insert({ total: 150, status: 'b' }, admin.token);
    await orders.patch(large.id, { total: 20 }, admin.token); // no longer meets it
    await orders.delete(large.id, admin.token); // its last state did not meet it either
    const grown = await orders.insert({ total: 99.99, status: 'c' }, admin.token);
    await orders.patch(grown.id, { total: 100 }, admin.token);
    await orders.delete(grown.id, admin.token);
    // The last event written; once it is delivered, every earlier one has been dispatched.
    const marker = await orders.insert({ total: 1000, status: 'marker' }, admin.token);

    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, big)),
      (requests) => requests.some((request) => request.json.data.record_id === marker.id),
      { what: 'the marker event' },
    );
    const seen = received.map((request) => [request.json.data.record_id, request.json.type]);
    expect(seen).toEqual(
      expect.arrayContaining([
        [large.id, 'record.created'],
        [grown.id, 'record.updated'],
        [grown.id, 'record.deleted'],
        [marker.id, 'record.created'],
      ]),
    );
    expect(seen).toHaveLength(4);
    expect(seen.some(([id]) => id === small.id)).toBe(false);
  });

  it('evaluates conditions through relation paths', async () => {
    await createCollection(http, admin, { name: 'customers', fields: [{ name: 'country', type: 'text' }] });
    await createCollection(http, admin, {
      name: 'invoices',
      fields: [
        {
          name: 'customer',
          type: 'relation',
          options: { kind: 'many_to_one', target: 'customers', onDelete: 'cascade' },
        },
      ],
    });
    const hook = await createHook(http, admin, receiver, {
      collections: ['invoices'],
      condition: 'customer.country = "NL"',
    });
    const customers = recordsClient(http, 'customers');
    const dutch = await customers.insert({ country: 'NL' }, admin.token);
    const german = await customers.insert({ country: 'DE' }, admin.token);
    const invoices = recordsClient(http, 'invoices');
    await invoices.insert({ customer: german.id }, admin.token);
    const wanted = await invoices.insert({ customer: dutch.id }, admin.token);
    const marker = await invoices.insert({ customer: dutch.id }, admin.token);
    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook)),
      (requests) => requests.some((request) => request.json.data.record_id === marker.id),
      { what: 'the marker invoice' },
    );
    expect(received.map((request) => request.json.data.record_id).sort()).toEqual([wanted.id, marker.id].sort());
  });

  it('creates one delivery per webhook and event, however often the event is dispatched', async () => {
    const hook = await createHook(http, admin, receiver, { collections: ['notes'] });
    const events = worker.get<Queue>(getQueueToken(QueueName.Events), { strict: false });
    // Events the relay has already sent (sent_at set, so it leaves them alone), queued below by hand.
    const eventOf = async (): Promise<RecordEventJob> => {
      const recordId = randomUUID();
      const record = { id: recordId, body: 'hand-made' };
      const [row] = (
        await db.query<{ id: string; event_id: string; created_at: Date }>(
          `INSERT INTO stagecraft.outbox (collection, action, record_id, "after", sent_at)
           VALUES ('notes', 'create', $1, $2, now()) RETURNING id, event_id, created_at`,
          [recordId, record],
        )
      ).rows as [{ id: string; event_id: string; created_at: Date }];
      const data = { collection: 'notes', collection_id: null, action: 'create' as const, record_id: recordId };
      return {
        sequence: Number(row.id),
        event: {
          id: row.event_id,
          type: 'record.created',
          timestamp: row.created_at.toISOString(),
          data: { ...data, actor: null, record, previous: null },
        },
      };
    };
    const [first, second] = [await eventOf(), await eventOf()];
    const refOf = ({ sequence, event }: RecordEventJob) => ({
      sequence,
      id: event.id,
      collection: 'notes',
      action: 'create',
      timestamp: event.timestamp,
    });
    // The same event under four job ids, as after relay crashes between queueing and marking
    // sent: twice alone (as relays before batching queued events), then in longer batches of
    // whole events (as relays before references queued them) and of references.
    await events.add(RECORD_EVENT_JOB, first, { jobId: `manual-${randomUUID()}` });
    await events.add(RECORD_EVENT_JOB, first, { jobId: `manual-${randomUUID()}` });
    await events.add(RECORD_EVENTS_JOB, { events: [first, second] }, { jobId: `manual-${randomUUID()}` });
    await events.add(RECORD_EVENT_REFS_JOB, { refs: [first, second].map(refOf) }, { jobId: `manual-${randomUUID()}` });
    await waitFor(
      async () => (await events.getJobCounts('completed', 'waiting', 'active')) as Record<string, number>,
      (counts) => counts.waiting === 0 && counts.active === 0,
      { what: 'the four event jobs processed' },
    );
    const log = await waitFor(
      () => deliveries(http, admin, hook),
      (found) => found.length === 2 && found.every((delivery: { state: string }) => delivery.state === 'succeeded'),
      { what: 'two succeeded deliveries' },
    );
    expect(log.map((delivery: { event_id: string }) => delivery.event_id).sort()).toEqual(
      [first.event.id, second.event.id].sort(),
    );
    // The bodies, read from the outbox, are the events as built above.
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    const bodies = requestsOf(receiver, hook).map((request) => request.json as { id: string });
    expect(bodies.sort(byId)).toEqual([first.event, second.event].sort(byId));
  });

  it('sends a new delivery listed in two first-tries jobs once', async () => {
    receiver.respondWith({ status: 200, delayMs: 300 });
    const hook = await createHook(http, admin, receiver, { collections: ['notes'] });
    const eventId = randomUUID();
    const [{ id: deliveryId }] = (
      await db.query<{ id: string }>(
        `INSERT INTO stagecraft.webhook_deliveries (id, webhook_id, event_id, event_type, payload)
         VALUES (gen_random_uuid(), $1, $2, 'record.created', $3) RETURNING id`,
        [hook.id, eventId, { id: eventId, type: 'record.created', timestamp: new Date().toISOString(), data: {} }],
      )
    ).rows as [{ id: string }];
    // As when an event is dispatched twice before its first delivery job runs.
    const queue = worker.get<Queue>(getQueueToken(QueueName.Webhooks), { strict: false });
    await Promise.all(
      ['a', 'b'].map((copy) =>
        queue.add('deliver-webhooks', { deliveryIds: [deliveryId] }, { jobId: `manual-${copy}-${deliveryId}` }),
      ),
    );
    const [delivered] = await waitFor(
      () => deliveries(http, admin, hook),
      (found) => found[0]?.state === 'succeeded',
      { what: 'the delivery made' },
    );
    await waitFor(
      () => Promise.all(['a', 'b'].map((copy) => queue.getJobState(`manual-${copy}-${deliveryId}`))),
      (states) => states.every((state) => state === 'completed'),
      { what: 'both jobs completed' },
    );
    expect(requestsOf(receiver, hook)).toHaveLength(1);
    expect(delivered.attempts).toBe(1);
  });

  it('retries with growing delays, dead-letters after the last attempt, and redelivers with the same webhook-id', async () => {
    receiver.respondWith({ status: 500, body: 'down for maintenance' });
    const hook = await createHook(http, admin, receiver, { collections: ['notes'] });
    await recordsClient(http, 'notes').insert({ body: 'retry me' }, admin.token);

    const [dead] = await waitFor(
      () => deliveries(http, admin, hook),
      (found) => found.length === 1 && found[0].state === 'dead',
      { what: 'a dead delivery', timeoutMs: 20_000 },
    );
    expect(dead).toMatchObject({ attempts: 4, last_status: 500, last_error: 'the receiver answered 500' });
    expect(dead.attempt_log.map((attempt: { attempt: number }) => attempt.attempt)).toEqual([1, 2, 3, 4]);
    expect(dead.attempt_log[0].response_excerpt).toBe('down for maintenance');
    const starts = dead.attempt_log.map((attempt: { started_at: string }) => Date.parse(attempt.started_at));
    const gaps = starts.slice(1).map((start: number, index: number) => start - starts[index]);
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);

    // The dead letter: the job of the tries after the first (made by the batch's first-tries
    // job) stays in BullMQ's failed set.
    const queue = worker.get<Queue>(getQueueToken(QueueName.Webhooks), { strict: false });
    const failed = await queue.getJob(`delivery-${dead.id}`);
    expect(failed && (await failed.getState())).toBe('failed');
    expect(failed?.data).toEqual({ deliveryId: dead.id, earlierAttempts: 1 });
    expect(failed?.attemptsMade).toBe(3);

    receiver.respondWith({ status: 204 });
    const redelivered = await http.post(`${WEBHOOKS}/${hook.id}/deliveries/${dead.id}/redeliver`, undefined, {
      token: admin.token,
    });
    expect(redelivered.status).toBe(202);
    expect(redelivered.body.state).toBe('pending');
    const [succeeded] = await waitFor(
      () => deliveries(http, admin, hook),
      (found) => found[0]?.state === 'succeeded',
      { what: 'the redelivery' },
    );
    expect(succeeded.attempts).toBe(5);
    expect(succeeded.attempt_log[4]).toMatchObject({ attempt: 5, response_status: 204 });
    const requests = requestsOf(receiver, hook);
    expect(requests).toHaveLength(5);
    expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([dead.event_id]));
    expect(requests.every((request) => signatureIsValid(hook.secret, request))).toBe(true);
  }, 30_000);

  it('logs a try before sending it, and records its outcome over a dropped connection without sending again', async () => {
    // A collection of its own: no other test's webhook writes attempts while the table is locked.
    await createCollection(http, admin, { name: 'drafts', fields: [{ name: 'body', type: 'text' }] });
    receiver.respondWith({ status: 200, delayMs: 1000 });
    const hook = await createHook(http, admin, receiver, { collections: ['drafts'] });
    await recordsClient(http, 'drafts').insert({ body: 'in flight' }, admin.token);
    await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook).length),
      (count) => count === 1,
      { what: 'the request at the receiver' },
    );
    // The receiver holds the answer; the log already shows the try, its outcome unknown.
    const [inFlight] = await deliveries(http, admin, hook);
    expect(inFlight.attempt_log).toEqual([
      expect.objectContaining({
        attempt: 1,
        duration_ms: null,
        response_status: null,
        error: expect.stringMatching(/^unknown: /),
      }),
    ]);

    // The outcome's write waits on a lock; its connection is then cut, as a failover would.
    const locker = new pg.Client({ connectionString: env.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE stagecraft.webhook_delivery_attempts IN ACCESS EXCLUSIVE MODE');
      // Matched by the wait alone: a statement blocked while being parsed still shows the
      // connection's previous query in pg_stat_activity.
      const blocked = await waitFor(
        async () =>
          (
            await locker.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
            )
          ).rows,
        (rows) => rows.length > 0,
        { what: "the outcome's write waiting on the lock" },
      );
      for (const { pid } of blocked) await locker.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }

    const [delivered] = await waitFor(
      () => deliveries(http, admin, hook),
      (found) => found[0]?.state === 'succeeded',
      { what: 'the outcome recorded' },
    );
    expect(delivered.attempts).toBe(1);
    expect(delivered.attempt_log).toEqual([
      expect.objectContaining({ attempt: 1, response_status: 200, duration_ms: expect.any(Number), error: null }),
    ]);
    expect(requestsOf(receiver, hook)).toHaveLength(1);
  }, 30_000);

  it('turns the webhook off on 410 Gone and stops retrying', async () => {
    receiver.respondWith({ status: 410 });
    const hook = await createHook(http, admin, receiver, { collections: ['notes'] });
    await recordsClient(http, 'notes').insert({ body: 'gone' }, admin.token);
    const [delivery] = await waitFor(
      () => deliveries(http, admin, hook),
      (found) => found[0]?.state === 'dead',
      { what: 'the 410 delivery' },
    );
    expect(delivery).toMatchObject({ attempts: 1, last_status: 410 });
    const webhook = await http.get(`${WEBHOOKS}/${hook.id}`, { token: admin.token });
    expect(webhook.body).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/410 Gone/) });

    // Disabled: later events are not delivered to it.
    await recordsClient(http, 'notes').insert({ body: 'after' }, admin.token);
    const witness = await createHook(http, admin, receiver, { collections: ['notes'] });
    receiver.respondWith({ status: 200 });
    const marker = await recordsClient(http, 'notes').insert({ body: 'marker' }, admin.token);
    await waitFor(
      () => Promise.resolve(requestsOf(receiver, witness)),
      (requests) => requests.some((request) => request.json.data.record_id === marker.id),
      { what: 'the witness delivery' },
    );
    expect(requestsOf(receiver, hook)).toHaveLength(1);
    expect(await deliveries(http, admin, hook)).toHaveLength(1);
  });

  it('refuses cloud metadata as a target, records why, and logs a warning naming the webhook and address', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const hook = await createHook(http, admin, receiver, { collections: ['notes'] });
      await http.patch(
        `${WEBHOOKS}/${hook.id}`,
        { url: 'http://169.254.169.254/latest/meta-data/' },
        { token: admin.token },
      );
      await recordsClient(http, 'notes').insert({ body: 'exfiltrate' }, admin.token);
      const [delivery] = await waitFor(
        () => deliveries(http, admin, hook),
        (found) => found[0]?.state === 'refused',
        { what: 'a refused delivery' },
      );
      expect(delivery).toMatchObject({
        attempts: 1,
        last_status: null,
        last_error: 'refused: 169.254.169.254 is a link-local address',
        attempt_log: [{ attempt: 1, response_status: null, error: 'refused: 169.254.169.254 is a link-local address' }],
      });
      const warnings = warn.mock.calls.map((call) => String(call[0]));
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`Webhook "hook" \\(${hook.id}\\).*169\\.254\\.169\\.254 is a link-local`)),
        ]),
      );
      // Not retried.
      const queue = worker.get<Queue>(getQueueToken(QueueName.Webhooks), { strict: false });
      const job = await queue.getJob(`delivery-${delivery.id}`);
      expect(job && (await job.getState())).toBe('failed');
      expect(job?.attemptsMade).toBe(1);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('webhook dispatch order', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext | undefined;
  let http: HttpClient;
  let admin: TestSession;
  let receiver: WebhookReceiver;
  let db: pg.Client;

  beforeAll(async () => {
    env = await createTestEnvironment();
    receiver = await startWebhookReceiver();
    api = await startApi(env.config({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await db?.end();
    await env?.dispose();
  });

  it('gives a webhook only the changes made after it was created, not those still in the outbox', async () => {
    await createCollection(http, admin, { name: 'notes', fields: [{ name: 'text', type: 'text' }] });
    const notes = recordsClient(http, 'notes');
    // No worker yet: both changes wait in the outbox and are dispatched in one batch.
    await notes.insert({ text: 'before the webhook' }, admin.token);
    const hook = await createHook(http, admin, receiver, { collections: ['notes'] });
    const after = await notes.insert({ text: 'after the webhook' }, admin.token);
    worker = await startWorker(env.config({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }));
    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook)),
      (requests) => requests.length >= 1,
      { what: 'the delivery of the later change' },
    );
    expect(received.map((request) => request.json.data.record_id)).toEqual([after.id]);
    const deliveries = await db.query('SELECT id FROM stagecraft.webhook_deliveries WHERE webhook_id = $1', [hook.id]);
    expect(deliveries.rowCount).toBe(1);
    await worker.close();
    worker = undefined;
  });

  it("creates and sends one record's deliveries in the order of its changes, from a backlog relayed at once", async () => {
    await createCollection(http, admin, { name: 'counters', fields: [{ name: 'n', type: 'integer' }] });
    const hook = await createHook(http, admin, receiver, { collections: ['counters'] });
    const counters = recordsClient(http, 'counters');
    // No worker yet: every change waits in the outbox, so the relay queues them at once, the
    // records' changes interleaved in its batches. (Dispatching with a concurrency above 1 fails
    // this once batches are small: BullMQ can start the next job it fetched on completing one
    // before a job it fetched earlier.)
    const records = [];
    for (let r = 0; r < 3; r += 1) records.push(await counters.insert({ n: 0 }, admin.token));
    for (let n = 1; n <= 8; n += 1) {
      for (const record of records) expect((await counters.patch(record.id, { n }, admin.token)).status).toBe(200);
    }
    worker = await startWorker(env.config({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }));
    const created = await waitFor(
      async () =>
        (
          await db.query<{ record: string; version: number }>(
            `SELECT payload -> 'data' ->> 'record_id' AS record,
                    (payload -> 'data' -> 'record' ->> 'version')::int AS version
               FROM stagecraft.webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at, id`,
            [hook.id],
          )
        ).rows,
      (rows) => rows.length === 27,
      { what: '27 deliveries created' },
    );
    for (const record of records) {
      const versions = created.filter((row) => row.record === record.id).map((row) => row.version);
      expect([record.id, versions]).toEqual([record.id, [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    }
    // Relayed in one batch, they are sent by one first-tries job: each record's in order.
    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook)),
      (requests) => requests.length === 27,
      { what: '27 deliveries received' },
    );
    for (const record of records) {
      const versions = received
        .filter((request) => request.json.data.record_id === record.id)
        .map((request) => request.json.data.record.version);
      expect([record.id, versions]).toEqual([record.id, [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    }
  });
});

describe('webhook deliveries across a Redis outage', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    env = await createTestEnvironment();
    redis = await startPrivateRedis();
    const config = env.config({
      REDIS_URL: redis.url,
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
      OUTBOX_POLL_INTERVAL_MS: '200',
    });
    receiver = await startWebhookReceiver();
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, { name: 'orders', fields: ORDERS_FIELDS });
  });

  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await redis?.stop();
    await env?.dispose();
  });

  it('delivers every event of records written while Redis was down, once Redis is back', async () => {
    const hook = await createHook(http, admin, receiver, { collections: ['orders'] });
    await redis.stop();
    const orders = recordsClient(http, 'orders');
    const written: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      written.push((await orders.insert({ total: i, status: `n${i}` }, admin.token)).id);
    }
    expect(requestsOf(receiver, hook)).toHaveLength(0);

    await redis.start();
    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook)),
      (requests) => new Set(requests.map((request) => request.json.data.record_id)).size === 200,
      { what: '200 deliveries after Redis returned', timeoutMs: 60_000, intervalMs: 200 },
    );
    const recordIds = new Set(received.map((request) => request.json.data.record_id));
    expect(recordIds).toEqual(new Set(written));
    const eventIds = new Set(received.map((request) => request.json.id));
    expect(eventIds.size).toBe(200);
    expect(received.every((request) => request.headers['webhook-id'] === request.json.id)).toBe(true);
  }, 120_000);
});

describe('webhook deliveries when the worker is killed', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let receiver: WebhookReceiver;
  let worker: RunningProcess | undefined;
  const settings = {
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    WEBHOOK_TIMEOUT_MS: '5000',
    WEBHOOK_CONCURRENCY: '4',
  };

  const startWorkerChild = (): Promise<RunningProcess> => startWorkerProcess(env, settings);

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    receiver = await startWebhookReceiver();
    api = await startApi(env.config(settings));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, { name: 'orders', fields: ORDERS_FIELDS });
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
    await receiver?.close();
    await env?.dispose();
  });

  it('delivers every event at least once after SIGKILL mid-delivery; repeats carry the same webhook-id', async () => {
    const hook = await createHook(http, admin, receiver, { collections: ['orders'] });
    receiver.respondWith({ status: 200, delayMs: 1500 });
    worker = await startWorkerChild();
    const written = await recordsClient(http, 'orders').insertMany(
      Array.from({ length: 20 }, (_, i) => ({ total: i, status: 'kill' })),
      admin.token,
    );

    await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook).length),
      (count) => count >= 2,
      { what: 'deliveries in flight', timeoutMs: 20_000 },
    );
    expect(await worker.stop('SIGKILL')).toBeNull();
    // Received but never answered: the worker died waiting, so these must come again.
    const inFlight = requestsOf(receiver, hook)
      .filter((request) => !request.answered)
      .map((request) => request.json.id as string);
    expect(inFlight.length).toBeGreaterThan(0);

    receiver.respondWith({ status: 200 });
    worker = await startWorkerChild();
    const received = await waitFor(
      () => Promise.resolve(requestsOf(receiver, hook)),
      (requests) => new Set(requests.map((request) => request.json.data.record_id)).size === written.length,
      { what: 'every event delivered', timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(new Set(received.map((request) => request.json.data.record_id))).toEqual(
      new Set(written.map((record) => record.id)),
    );
    // Every copy of one event carries its event id as webhook-id, and the signature holds.
    const idsByRecord = new Map<string, Set<string>>();
    for (const request of received) {
      expect(signatureIsValid(hook.secret, request)).toBe(true);
      expect(request.headers['webhook-id']).toBe(request.json.id);
      const ids = idsByRecord.get(request.json.data.record_id) ?? new Set<string>();
      ids.add(String(request.headers['webhook-id']));
      idsByRecord.set(request.json.data.record_id, ids);
    }
    expect([...idsByRecord.values()].every((ids) => ids.size === 1)).toBe(true);
    for (const eventId of inFlight) {
      await waitFor(
        () => Promise.resolve(requestsOf(receiver, hook).filter((request) => request.json.id === eventId).length),
        (copies) => copies >= 2,
        { what: `event ${eventId} delivered again`, timeoutMs: 30_000 },
      );
    }
    const delivered = await waitFor(
      () => deliveries(http, admin, hook),
      (found) => found.length === 20 && found.every((delivery) => delivery.state === 'succeeded'),
      { what: 'every delivery succeeded', timeoutMs: 30_000 },
    );
    // Every request that reached the receiver is in the log; the killed worker's tries show
    // that their outcome is unknown.
    for (const delivery of delivered) {
      const copies = requestsOf(receiver, hook).filter((request) => request.json.id === delivery.event_id);
      expect(delivery.attempt_log.length).toBeGreaterThanOrEqual(copies.length);
      if (inFlight.includes(delivery.event_id)) {
        expect(delivery.attempt_log[0]).toMatchObject({
          duration_ms: null,
          error: expect.stringMatching(/^unknown: /),
        });
      }
    }
    expect(await worker.stop('SIGTERM')).toBe(0);
    worker = undefined;
  }, 150_000);
});
