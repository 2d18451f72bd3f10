// Property: GraphQL is another syntax over the same compiler, so for any collection, records,
// list rule, caller, filter and sort, a GraphQL list returns exactly the rows and field values
// REST's list returns, in the same order, and refuses exactly what REST refuses, with its code.
// Each run makes a collection from a random choice of field types (some hidden), fills it with
// random records owned by random users, and compares both APIs for every caller and filter.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import fc from 'fast-check';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES, queryString, recordsPath } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

/** The optional fields a collection may have, with values for them and filters over them. */
const FIELD_POOL = {
  title: {
    definition: { type: 'text' },
    value: fc.constantFrom('alpha', 'beta', 'Gamma', 'a b', ''),
    filter: 'title ~ "a"',
  },
  price: { definition: { type: 'number' }, value: fc.constantFrom(0, 1.5, -2.25, 10), filter: 'price >= 1' },
  done: { definition: { type: 'boolean' }, value: fc.boolean(), filter: 'done = true' },
  status: {
    definition: { type: 'select', options: { values: ['draft', 'live', 'gone'] } },
    value: fc.constantFrom('draft', 'live', 'gone'),
    filter: 'status != "gone"',
  },
  tags: {
    definition: { type: 'multi_select', options: { values: ['red', 'green', 'blue'] } },
    value: fc.subarray(['red', 'green', 'blue']),
    filter: 'tags ?= "red"',
  },
  due: {
    definition: { type: 'date' },
    value: fc.constantFrom('2026-01-02', '2026-12-31', '1999-06-15'),
    filter: 'due > "2000-01-01"',
  },
  seen_at: {
    definition: { type: 'datetime' },
    value: fc.constantFrom('2026-01-02T03:04:05.678Z', '2020-02-29T00:00:00.000Z'),
    filter: 'seen_at < @now',
  },
  meta: { definition: { type: 'json' }, value: fc.constantFrom({ a: 1 }, [1, 'two'], 'text', null), filter: undefined },
  contact: {
    definition: { type: 'email' },
    value: fc.constantFrom('a@example.com', 'b@example.org'),
    filter: 'contact ~ "example.com"',
  },
} as const;
type PoolField = keyof typeof FIELD_POOL;
const POOL_NAMES = Object.keys(FIELD_POOL) as PoolField[];

const LIST_RULES = ['', 'owner = @request.auth.id', 'n > 3', 'owner = @request.auth.id || n > 5', null];
const BASE_FILTERS = [undefined, 'n > 2', 'n <= 5 && owner != null', 'owner = @request.auth.id', 'n >'];
const SORTS = ['-n', 'n,-created_at', 'created_at'];

const scenarioArbitrary = fc
  .record({
    fields: fc.subarray(POOL_NAMES, { minLength: 1 }),
    hidden: fc.subarray(POOL_NAMES),
    rule: fc.constantFrom(...LIST_RULES),
    sort: fc.constantFrom(...SORTS),
  })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      records: fc.array(
        fc.record({
          n: fc.option(fc.nat(9), { nil: null }),
          owner: fc.constantFrom(0, 1, null),
          values: fc.record(
            Object.fromEntries(
              shape.fields.map((name) => [
                name,
                fc.option(FIELD_POOL[name].value as fc.Arbitrary<unknown>, { nil: null }),
              ]),
            ),
          ),
        }),
        { maxLength: 10 },
      ),
    }),
  );

describe('GraphQL equals REST, property', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let users: TestSession[];
  let run = 0;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    users = [await registerUser(http), await registerUser(http)];
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  it('lists the same rows and values as REST, and refuses what REST refuses', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ shape, records }) => {
        run += 1;
        const name = `eq_${run}`;
        await createCollection(http, admin, {
          name,
          rules: { ...OPEN_RULES, list: shape.rule },
          fields: [
            { name: 'n', type: 'integer' },
            {
              name: 'owner',
              type: 'relation',
              options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null' },
            },
            ...shape.fields.map((field) => ({
              name: field,
              ...FIELD_POOL[field].definition,
              options: {
                ...('options' in FIELD_POOL[field].definition ? FIELD_POOL[field].definition.options : {}),
                ...(shape.hidden.includes(field) ? { hidden: true } : {}),
              },
            })),
          ],
        });
        for (const record of records) {
          const body = {
            n: record.n,
            owner: record.owner === null ? null : users[record.owner]?.user.id,
            ...record.values,
          };
          const created = await http.post(recordsPath(name), body, { token: admin.token });
          if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
        }

        const readable = ['id', 'created_at', 'updated_at', 'created_by', 'version', 'n', 'owner_id'].concat(
          shape.fields.filter((field) => !shape.hidden.includes(field)),
        );
        const filters = [...BASE_FILTERS, ...shape.fields.map((field) => FIELD_POOL[field].filter)];
        const callers = [undefined, ...users.map((user) => user.token), admin.token];
        for (const token of callers) {
          for (const filter of new Set(filters)) {
            const rest = await http.get(
              `${recordsPath(name)}${queryString({ filter, sort: shape.sort, limit: 500 })}`,
              {
                token,
              },
            );
            const graphql = await http.request('POST', '/api/v1/graphql', {
              token,
              headers: { accept: 'application/graphql-response+json' },
              body: {
                query: `query ($filter: String, $sort: String) {
                  ${name}(filter: $filter, sort: $sort, limit: 500) { items { ${readable.join(' ')} } }
                }`,
                variables: { filter, sort: shape.sort },
              },
            });
            const context = `${name} list=${JSON.stringify(shape.rule)} filter=${String(filter)} caller=${callers.indexOf(token)}`;
            if (rest.status !== 200) {
              expect({
                context,
                code: graphql.body.errors?.[0]?.extensions?.code,
                data: graphql.body.data?.[name],
              }).toEqual({
                context,
                code: rest.body.code,
                data: undefined,
              });
              continue;
            }
            const expected = (rest.body.data as Record<string, unknown>[]).map(({ owner, ...fields }) => ({
              ...fields,
              owner_id: owner,
            }));
            expect({ context, items: graphql.body.data?.[name]?.items, errors: graphql.body.errors }).toEqual({
              context,
              items: expected,
              errors: undefined,
            });
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
