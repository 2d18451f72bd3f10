// Property: whatever the rule, the subscribers' filters and the writes, each subscriber receives
// exactly the changes its own GETs show, and nothing else. For random scenarios (a list rule
// from a pool, a filter per subscriber, a sequence of creates, updates and deletes by several
// users), every write is followed by each subscriber's list request; the change it should have
// been sent follows from the record's visibility before and after (create, update, leave,
// delete), with the record as the list shows it. The stream must match that, in order.

import type { INestApplicationContext } from '@nestjs/common';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import fc from 'fast-check';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { openSse } from './support/realtime.js';
import { createCollection, recordsClient } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const RULES = [
  '',
  'owner = @request.auth.id',
  'published = true',
  'owner = @request.auth.id || published = true',
  'score > 4 && @request.auth.id != null',
];
const FILTERS = [undefined, 'score > 3', 'published = true', 'score <= 6 && published = false'];

type Write =
  | { kind: 'create'; by: number; published: boolean; score: number }
  | { kind: 'update'; target: number; published: boolean; score: number }
  | { kind: 'delete'; target: number };

const writeArbitrary: fc.Arbitrary<Write> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      by: fc.nat(1),
      published: fc.boolean(),
      score: fc.nat(9),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      target: fc.nat(20),
      published: fc.boolean(),
      score: fc.nat(9),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), target: fc.nat(20) }) },
);

const scenarioArbitrary = fc.record({
  rule: fc.nat(RULES.length - 1),
  filters: fc.array(fc.nat(FILTERS.length - 1), { minLength: 4, maxLength: 4 }),
  writes: fc.array(writeArbitrary, { minLength: 4, maxLength: 14 }),
});

type Visible = Map<string, Record<string, unknown>>;

describe('realtime, property', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let users: TestSession[];
  let run = 0;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', OUTBOX_POLL_INTERVAL_MS: '100' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    users = [await registerUser(http), await registerUser(http)];
    await createCollection(http, admin, {
      name: 'beacons',
      rules: { list: '', view: '', create: '', update: '', delete: '' },
      fields: [{ name: 'label', type: 'text' }],
    });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  it('sends each subscriber exactly the changes its GETs show', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        run += 1;
        const name = `things_${run}`;
        await createCollection(http, admin, {
          name,
          rules: { list: RULES[scenario.rule] ?? '', view: '', create: '', update: '', delete: '' },
          fields: [
            { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'cascade' } },
            { name: 'published', type: 'boolean' },
            { name: 'score', type: 'integer' },
          ],
        });
        const things = recordsClient(http, name);
        const tokens = [undefined, users[0]?.token, users[1]?.token, admin.token];
        const subscribers = await Promise.all(
          tokens.map(async (token, index) => {
            const client = openSse(api.url, { token });
            const [connected] = await client.next('connect');
            const filter = FILTERS[scenario.filters[index] ?? 0];
            const response = await http.post(
              `/api/v1/realtime/${String(connected?.data.clientId)}/subscriptions`,
              { subscriptions: [{ topic: name, ...(filter ? { filter } : {}) }, { topic: 'beacons' }] },
              { token },
            );
            if (response.status !== 201) throw new Error(`subscribe: ${response.status} ${response.text}`);
            return { client, token, filter, visible: new Map() as Visible, expected: [] as string[] };
          }),
        );
        const visibleTo = async (token: string | undefined, filter: string | undefined): Promise<Visible> => {
          const listed = await things.list({ limit: 500, ...(filter ? { filter } : {}) }, token);
          if (listed.status !== 200) throw new Error(`list: ${listed.status} ${listed.text}`);
          return new Map(listed.body.data.map((record: Record<string, unknown>) => [record.id as string, record]));
        };

        const ids: string[] = [];
        try {
          for (const write of scenario.writes) {
            let id: string | undefined;
            if (write.kind === 'create') {
              const by = users[write.by] as TestSession;
              id = (
                await things.insert({ owner: by.user.id, published: write.published, score: write.score }, by.token)
              ).id;
              ids.push(id);
            } else {
              id = ids.length === 0 ? undefined : ids[write.target % ids.length];
              if (id === undefined) continue;
              if (write.kind === 'update') await things.patch(id, { published: write.published, score: write.score });
              else {
                await things.delete(id);
                ids.splice(ids.indexOf(id), 1);
              }
            }
            for (const subscriber of subscribers) {
              const after = await visibleTo(subscriber.token, subscriber.filter);
              const before = subscriber.visible;
              const seenAfter = after.get(id);
              const seenBefore = before.get(id);
              const action =
                write.kind === 'create'
                  ? seenAfter && 'create'
                  : write.kind === 'delete'
                    ? seenBefore && 'delete'
                    : seenAfter
                      ? 'update'
                      : seenBefore && 'leave';
              if (action) {
                const record = action === 'leave' ? undefined : action === 'delete' ? seenBefore : seenAfter;
                subscriber.expected.push(JSON.stringify([action, id, record]));
              }
              subscriber.visible = after;
            }
          }
          const beacon = await recordsClient(http, 'beacons').insert({ label: name });
          for (const subscriber of subscribers) {
            await waitFor(
              () => Promise.resolve(subscriber.client.events.some((event) => event.data.id === beacon.id)),
              Boolean,
              { what: `the beacon of ${name}` },
            );
            const received = subscriber.client
              .of('change')
              .filter((event) => event.data.topic === name)
              .map((event) => JSON.stringify([event.data.action, event.data.id, event.data.record]));
            expect(received).toEqual(subscriber.expected);
          }
        } finally {
          for (const subscriber of subscribers) subscriber.client.close();
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
