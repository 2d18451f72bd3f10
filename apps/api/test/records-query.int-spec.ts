// List queries on /api/v1/collections/{c}/records over ~60 seeded records: every filter
// operator against a model computed in the test, sorts with NULLs, fields, expand (to-one,
// to-many, many-to-many, two levels), limits, offsets, cursor pagination, counts, and hostile
// query strings, which must answer 400 and leave the data as it was.

import {
  createTestEnvironment,
  httpClient,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import {
  createCollection,
  expectProblem,
  openDataDb,
  recordsClient,
  recordsPath,
  type DataDb,
  type RecordsClient,
} from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const COUNT = 60;
const SPECIAL_TITLES = ['100% Cotton', '100 Cotton', 'snake_case', 'snakeXcase', 'LAMP deluxe', 'desk lamp'];
const PUBLIC_READ = { list: '', view: '', create: null, update: null, delete: null };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What the test seeds for record `rank`, and so what every query is checked against. */
interface Seed {
  rank: number;
  title: string;
  price: number | null;
  qty: number | null;
  active: boolean;
  released: string | null;
  tags: string[] | null;
  attrs: Json;
  owner: 'alice' | 'bob' | null;
  category: number | null;
  related: number[];
}

function seedOf(i: number): Seed {
  const tags = [['sale'], ['red', 'sale'], ['green'], null][i % 4] ?? null;
  const attrs: Json[] = [['x', 'y'], ['y'], { x: true }, 'x', null];
  return {
    rank: i,
    title: SPECIAL_TITLES[i] ?? `Product ${String(i).padStart(2, '0')}`,
    price: i % 7 === 0 ? null : (i % 10) + 0.25,
    qty: i % 5 === 0 ? null : i % 4,
    active: i % 2 === 0,
    released: i % 3 === 0 ? null : `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    tags,
    attrs: attrs[i % 5] ?? null,
    owner: i % 3 === 0 ? 'alice' : i % 3 === 1 ? 'bob' : null,
    category: i % 11 === 0 ? null : i % 3,
    related: i % 6 === 0 ? [0, 1] : i % 6 === 1 ? [1] : [],
  };
}

const SEEDS: readonly Seed[] = Array.from({ length: COUNT }, (_, i) => seedOf(i));
const CATEGORY_NAMES = ['Kitchen', 'Garden', 'Office'];
const CATEGORY_GROUPS = [0, 0, 1];
const GROUP_NAMES = ['Home', 'Work'];

/** PostgreSQL's default order: NULLs last ascending, first descending. */
function compareNullable(a: unknown, b: unknown, descending: boolean): number {
  if (a === b) return 0;
  if (a === null) return descending ? -1 : 1;
  if (b === null) return descending ? 1 : -1;
  const order = (a as number | string | boolean) < (b as number | string | boolean) ? -1 : 1;
  return descending ? -order : order;
}

describe('record list queries', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let db: DataDb;
  let admin: TestSession;
  let alice: TestSession;
  let bob: TestSession;
  let products: RecordsClient;
  let categories: RecordsClient;
  let productIds: string[];
  let categoryIds: string[];
  let labelIds: string[];
  let groupIds: string[];
  let snapshot: Record<string, unknown>[];

  const ranksOf = (response: HttpResult): number[] => response.body.data.map((r: { rank: number }) => r.rank);
  const idsOf = (response: HttpResult): string[] => response.body.data.map((r: { id: string }) => r.id);
  /** Every record matching a filter, as admin, in rank order. */
  const ranksMatching = async (filter: string): Promise<number[]> => {
    const response = await products.list({ filter, fields: 'rank', sort: 'rank', limit: 500 }, admin.token);
    expect({ status: response.status, detail: response.body.detail }).toEqual({ status: 200, detail: undefined });
    return ranksOf(response);
  };
  const expectUnchanged = async () => {
    expect(await db.tableExists('products')).toBe(true);
    expect(await db.rows('products')).toEqual(snapshot);
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    db = await openDataDb(env.databaseUrl);
    admin = await setupAdmin(http);
    alice = await registerUser(http);
    bob = await registerUser(http);

    await createCollection(http, admin, {
      name: 'groups',
      rules: PUBLIC_READ,
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'categories',
      rules: PUBLIC_READ,
      fields: [
        { name: 'name', type: 'text' },
        { name: 'section', type: 'relation', options: { kind: 'many_to_one', target: 'groups', onDelete: 'set_null' } },
      ],
    });
    await createCollection(http, admin, {
      name: 'labels',
      rules: PUBLIC_READ,
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'products',
      rules: PUBLIC_READ,
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'price', type: 'number', options: { precision: 10, scale: 2 } },
        { name: 'qty', type: 'integer' },
        { name: 'rank', type: 'integer', options: { unique: true } },
        { name: 'active', type: 'boolean' },
        { name: 'released', type: 'date' },
        { name: 'tags', type: 'multi_select', options: { values: ['red', 'green', 'sale'] } },
        { name: 'attrs', type: 'json' },
        { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null' } },
        {
          name: 'category',
          type: 'relation',
          options: { kind: 'many_to_one', target: 'categories', onDelete: 'set_null' },
        },
        { name: 'related', type: 'relation', options: { kind: 'many_to_many', target: 'labels' } },
      ],
    });
    const reverse = await http.post(
      '/api/v1/collections/categories/fields',
      { name: 'products', type: 'relation', options: { kind: 'one_to_many', target: 'products', via: 'category' } },
      { token: admin.token },
    );
    if (reverse.status !== 201) throw new Error(`one_to_many field: ${reverse.status} ${reverse.text}`);

    products = recordsClient(http, 'products');
    categories = recordsClient(http, 'categories');
    groupIds = (
      await recordsClient(http, 'groups').insertMany(
        GROUP_NAMES.map((name) => ({ name })),
        admin.token,
      )
    ).map((r) => r.id);
    categoryIds = (
      await categories.insertMany(
        CATEGORY_NAMES.map((name, i) => ({ name, section: groupIds[CATEGORY_GROUPS[i] as number] })),
        admin.token,
      )
    ).map((r) => r.id);
    labelIds = (
      await recordsClient(http, 'labels').insertMany(
        ['L0', 'L1'].map((name) => ({ name })),
        admin.token,
      )
    ).map((r) => r.id);
    const users = { alice: alice.user.id, bob: bob.user.id };
    const created = await products.insertMany(
      SEEDS.map((seed) => ({
        ...seed,
        owner: seed.owner === null ? null : users[seed.owner],
        category: seed.category === null ? null : categoryIds[seed.category],
        related: seed.related.map((i) => labelIds[i]),
      })),
      admin.token,
    );
    productIds = created.map((r) => r.id);
    snapshot = await db.rows('products');
  });

  afterAll(async () => {
    await db?.close();
    await api?.close();
    await env?.dispose();
  });

  describe('filter', () => {
    const filters: { filter: string; matches: (s: Seed) => boolean }[] = [
      { filter: 'rank = 5', matches: (s) => s.rank === 5 },
      { filter: 'rank != 5', matches: (s) => s.rank !== 5 },
      { filter: 'rank > 50', matches: (s) => s.rank > 50 },
      { filter: 'rank >= 50', matches: (s) => s.rank >= 50 },
      { filter: 'rank < 3', matches: (s) => s.rank < 3 },
      { filter: 'rank <= 3', matches: (s) => s.rank <= 3 },
      { filter: 'price > 5', matches: (s) => s.price !== null && s.price > 5 },
      { filter: 'price <= 2.25', matches: (s) => s.price !== null && s.price <= 2.25 },
      { filter: 'price = null', matches: (s) => s.price === null },
      { filter: 'price != null', matches: (s) => s.price !== null },
      { filter: 'qty = 0', matches: (s) => s.qty === 0 },
      { filter: 'active = true', matches: (s) => s.active },
      { filter: 'active != true', matches: (s) => !s.active },
      { filter: 'released >= "2024-01-20"', matches: (s) => s.released !== null && s.released >= '2024-01-20' },
      { filter: 'title ~ "lamp"', matches: (s) => s.rank === 4 || s.rank === 5 },
      { filter: 'title ~ "LAMP"', matches: (s) => s.rank === 4 || s.rank === 5 },
      { filter: 'title !~ "product"', matches: (s) => s.rank < SPECIAL_TITLES.length },
      { filter: 'title ~ "100%"', matches: (s) => s.rank === 0 },
      { filter: 'title ~ "%"', matches: (s) => s.rank === 0 },
      { filter: 'title ~ "e_c"', matches: (s) => s.rank === 2 },
      { filter: 'title ~ "_"', matches: (s) => s.rank === 2 },
      { filter: 'rank in [1, 2, 3]', matches: (s) => [1, 2, 3].includes(s.rank) },
      { filter: 'rank !in [1, 2, 3]', matches: (s) => ![1, 2, 3].includes(s.rank) },
      { filter: 'title in ["desk lamp", "LAMP deluxe"]', matches: (s) => s.rank === 4 || s.rank === 5 },
      { filter: 'tags ?= "sale"', matches: (s) => s.tags?.includes('sale') === true },
      { filter: 'tags ?= "red"', matches: (s) => s.tags?.includes('red') === true },
      { filter: '!(tags ?= "sale")', matches: (s) => s.tags?.includes('sale') !== true },
      { filter: 'tags = null', matches: (s) => s.tags === null },
      { filter: 'attrs ?= "x"', matches: (s) => Array.isArray(s.attrs) && s.attrs.includes('x') },
      { filter: 'attrs ?= "y"', matches: (s) => Array.isArray(s.attrs) && s.attrs.includes('y') },
      { filter: 'owner.email = "{alice.email}"', matches: (s) => s.owner === 'alice' },
      { filter: 'owner.email != "{alice.email}"', matches: (s) => s.owner !== 'alice' },
      { filter: 'owner = "{bob.id}"', matches: (s) => s.owner === 'bob' },
      { filter: 'owner = null', matches: (s) => s.owner === null },
      { filter: 'category.name = "Garden"', matches: (s) => s.category === 1 },
      { filter: 'category.section.name = "Home"', matches: (s) => s.category === 0 || s.category === 1 },
      { filter: 'related ?= "{label1.id}"', matches: (s) => s.related.includes(1) },
      { filter: 'related.name = "L0"', matches: (s) => s.related.includes(0) },
      { filter: 'active = true && rank < 10', matches: (s) => s.active && s.rank < 10 },
      { filter: 'rank < 3 || rank > 57', matches: (s) => s.rank < 3 || s.rank > 57 },
      { filter: '!(rank > 2)', matches: (s) => !(s.rank > 2) },
      {
        filter: '(rank < 5 || rank > 55) && active = false',
        matches: (s) => (s.rank < 5 || s.rank > 55) && !s.active,
      },
      {
        filter: 'rank < 5 || rank > 55 && active = false',
        matches: (s) => s.rank < 5 || (s.rank > 55 && !s.active),
      },
      { filter: 'qty = null && price = null', matches: (s) => s.qty === null && s.price === null },
      { filter: 'created_by = "{admin.id}"', matches: () => true },
      { filter: 'id = "{product7.id}"', matches: (s) => s.rank === 7 },
      { filter: `title = "x' OR '1'='1"`, matches: () => false },
      // Values compared with values are legal (rules need them) and still parameterised.
      { filter: '1 = 1', matches: () => true },
      { filter: '1 = 2 || rank = 3', matches: (s) => s.rank === 3 },
      { filter: 'title ~ "\'; DROP TABLE data.products; --"', matches: () => false },
    ];

    /** Ids known only once seeded, written as {name} in the table so test titles stay readable. */
    const resolve = (filter: string): string =>
      filter
        .replace('{alice.email}', alice.user.email)
        .replace('{bob.id}', bob.user.id)
        .replace('{admin.id}', admin.user.id)
        .replace('{label1.id}', labelIds[1] as string)
        .replace('{product7.id}', productIds[7] as string);

    it.each(filters)('filter $filter', async ({ filter, matches }) => {
      const expected = SEEDS.filter(matches).map((s) => s.rank);
      expect(await ranksMatching(resolve(filter))).toEqual(expected);
    });

    it('a filter naming the caller or the time is compiled anew for every request', async () => {
      const filter = 'owner = @request.auth.id && created_at < @now';
      for (const [session, name] of [
        [alice, 'alice'],
        [bob, 'bob'],
        [alice, 'alice'],
      ] as const) {
        const response = await products.list({ filter, fields: 'rank', sort: 'rank', limit: 500 }, session.token);
        expect(ranksOf(response)).toEqual(SEEDS.filter((s) => s.owner === name).map((s) => s.rank));
      }
    });

    it('a repeated filter gives the same records every time', async () => {
      const expected = SEEDS.filter((s) => s.rank < 10 && s.active).map((s) => s.rank);
      for (let i = 0; i < 3; i++) expect(await ranksMatching('rank < 10 && active = true')).toEqual(expected);
    });

    it('a filter combines with the list rule and the count', async () => {
      const response = await products.list({ filter: 'rank < 10', count: 'exact', limit: 3 });
      expect(response.status).toBe(200);
      expect(response.body.data).toHaveLength(3);
      expect(response.body.meta).toEqual({ limit: 3, offset: 0, nextCursor: expect.any(String), total: 10 });
    });
  });

  describe('sort and fields', () => {
    const sorts: { sort: string; keys: [keyof Seed, boolean][] }[] = [
      {
        sort: '-price,rank',
        keys: [
          ['price', true],
          ['rank', false],
        ],
      },
      {
        sort: 'qty,-rank',
        keys: [
          ['qty', false],
          ['rank', true],
        ],
      },
      {
        sort: '-active,-rank',
        keys: [
          ['active', true],
          ['rank', true],
        ],
      },
      {
        sort: 'released,rank',
        keys: [
          ['released', false],
          ['rank', false],
        ],
      },
      {
        sort: '-released,-qty,rank',
        keys: [
          ['released', true],
          ['qty', true],
          ['rank', false],
        ],
      },
    ];

    it.each(sorts)(
      'sort=$sort orders like PostgreSQL (NULLs last ascending, first descending)',
      async ({ sort, keys }) => {
        const expected = [...SEEDS]
          .sort((a, b) => {
            for (const [key, descending] of keys) {
              const order = compareNullable(a[key], b[key], descending);
              if (order !== 0) return order;
            }
            return 0;
          })
          .map((s) => s.rank);
        const response = await products.list({ sort, limit: 500 });
        expect(response.status).toBe(200);
        expect(ranksOf(response)).toEqual(expected);
      },
    );

    it.each<{ fields: string; keys: string[] }>([
      { fields: 'title,price', keys: ['title', 'price'] },
      { fields: 'id', keys: ['id'] },
      { fields: 'id, rank ,related', keys: ['id', 'rank', 'related'] },
      { fields: 'created_by,version', keys: ['created_by', 'version'] },
    ])('fields=$fields returns exactly those fields', async ({ fields, keys }) => {
      const response = await products.list({ fields, limit: 5 });
      expect(response.status).toBe(200);
      for (const record of response.body.data) expect(Object.keys(record).sort()).toEqual([...keys].sort());
      const one = await products.get(productIds[3] as string, undefined, { fields });
      expect(Object.keys(one.body.data).sort()).toEqual([...keys].sort());
    });
  });

  describe('expand', () => {
    it('a many_to_one relation: the related record under expand, none for an empty relation', async () => {
      const response = await products.list({ expand: 'category', sort: 'rank', limit: 500 });
      expect(response.status).toBe(200);
      response.body.data.forEach(
        (record: { rank: number; category: string | null; expand: Record<string, unknown> }) => {
          const seed = SEEDS[record.rank] as Seed;
          if (seed.category === null) expect(record.expand).toEqual({});
          else
            expect(record.expand.category).toEqual(
              expect.objectContaining({ id: categoryIds[seed.category], name: CATEGORY_NAMES[seed.category] }),
            );
        },
      );
    });

    it('a many_to_many relation: the related records in the order of the ids', async () => {
      const response = await products.list({ expand: 'related', sort: 'rank', limit: 500 });
      response.body.data.forEach(
        (record: { rank: number; related: string[]; expand: { related: { id: string }[] } }) => {
          const seed = SEEDS[record.rank] as Seed;
          expect([...record.related].sort()).toEqual(seed.related.map((i) => labelIds[i]).sort());
          expect(record.expand.related.map((r) => r.id)).toEqual(record.related);
        },
      );
    });

    it('a one_to_many (virtual) relation: every record pointing back', async () => {
      const response = await categories.list({ expand: 'products', sort: 'name' });
      expect(response.status).toBe(200);
      for (const category of response.body.data as { id: string; expand: { products: { id: string }[] } }[]) {
        const index = categoryIds.indexOf(category.id);
        const expected = SEEDS.filter((s) => s.category === index).map((s) => productIds[s.rank]);
        expect(category.expand.products.map((p) => p.id).sort()).toEqual(expected.sort());
        expect(category).not.toHaveProperty('products');
      }
    });

    it('two levels: many_to_one then many_to_one, and one_to_many then many_to_many', async () => {
      const nested = await products.get(productIds[1] as string, undefined, { expand: 'category.section,related' });
      expect(nested.status).toBe(200);
      expect(nested.body.data.expand.category).toMatchObject({
        name: 'Garden',
        expand: { section: expect.objectContaining({ id: groupIds[0], name: 'Home' }) },
      });
      const reverse = await categories.get(categoryIds[0] as string, undefined, { expand: 'products.related' });
      const first = reverse.body.data.expand.products.find((p: { rank: number }) => p.rank === 6);
      expect(first.expand.related.map((r: { name: string }) => r.name)).toEqual(
        first.related.map((id: string) => (id === labelIds[0] ? 'L0' : 'L1')),
      );
    });

    it('owner (users) expands for admins with the public fields only', async () => {
      const response = await products.get(productIds[0] as string, admin.token, { expand: 'owner' });
      expect(response.body.data.expand.owner).toMatchObject({ id: alice.user.id, email: alice.user.email });
      expect(response.text).not.toContain('password');
    });

    it.each<{ expand: string; mentions: string[] }>([
      { expand: 'nope', mentions: ['nope', 'owner', 'category', 'related'] },
      { expand: 'title', mentions: ['title', 'owner', 'category', 'related'] },
      { expand: 'category.nope', mentions: ['nope', 'section', 'products'] },
      { expand: 'category.section.name', mentions: ['category.section.name'] },
    ])('expand=$expand → 400 naming what is valid', async ({ expand, mentions }) => {
      const response = await products.list({ expand });
      expectProblem(response, 400, 'VALIDATION_FAILED', 'expand');
      const message = response.body.errors.map((e: { message: string }) => e.message).join(' ');
      for (const word of mentions) expect(message).toContain(word);
    });
  });

  describe('limit, offset and counts', () => {
    it('defaults to 20 records and no total', async () => {
      const response = await products.list({ sort: 'rank' });
      expect(response.status).toBe(200);
      expect(ranksOf(response)).toEqual(SEEDS.slice(0, 20).map((s) => s.rank));
      expect(response.body.meta).toEqual({ limit: 20, offset: 0, nextCursor: expect.any(String) });
    });

    it('limit=500 returns every record; offset skips', async () => {
      expect(idsOf(await products.list({ limit: 500 }))).toHaveLength(COUNT);
      const tail = await products.list({ sort: 'rank', limit: 10, offset: 55 });
      expect(ranksOf(tail)).toEqual([55, 56, 57, 58, 59]);
      expect(tail.body.meta).toEqual({ limit: 10, offset: 55, nextCursor: null });
      expect((await products.list({ offset: COUNT })).body.data).toEqual([]);
    });

    it.each<{ count: string | undefined; total: unknown }>([
      { count: 'exact', total: COUNT },
      { count: 'estimated', total: expect.any(Number) },
      { count: 'none', total: undefined },
      { count: undefined, total: undefined },
    ])('count=$count', async ({ count, total }) => {
      const response = await products.list({ count, limit: 1 });
      expect(response.status).toBe(200);
      expect(response.body.meta.total).toEqual(total);
      expect('total' in response.body.meta).toBe(total !== undefined);
    });

    it.each<{ params: Record<string, string>; field: string }>([
      { params: { limit: '501' }, field: 'limit' },
      { params: { limit: '0' }, field: 'limit' },
      { params: { limit: '-1' }, field: 'limit' },
      { params: { limit: '1.5' }, field: 'limit' },
      { params: { limit: 'ten' }, field: 'limit' },
      { params: { limit: '1e2' }, field: 'limit' },
      { params: { offset: '-1' }, field: 'offset' },
      { params: { offset: '1e30' }, field: 'offset' },
      { params: { count: 'all' }, field: 'count' },
      { params: { cursor: 'x', offset: '5' }, field: 'cursor' },
      { params: { cursor: 'not-a-cursor' }, field: 'cursor' },
    ])('$params → 400 naming $field (never clamped)', async ({ params, field }) => {
      expectProblem(await products.list(params), 400, 'VALIDATION_FAILED', field);
    });
  });

  describe('cursor pagination', () => {
    const PAGE = 7;

    async function allByOffset(params: Record<string, string | undefined>): Promise<string[]> {
      const ids: string[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await products.list({ ...params, limit: PAGE, offset });
        expect(page.status).toBe(200);
        ids.push(...idsOf(page));
        if (page.body.data.length < PAGE) return ids;
      }
    }

    async function allByCursor(params: Record<string, string | undefined>): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await products.list({ ...params, limit: PAGE, cursor });
        expect(page.status).toBe(200);
        ids.push(...idsOf(page));
        if (page.body.meta.nextCursor === null) return ids;
        expect(page.body.meta).toMatchObject({ limit: PAGE, nextCursor: expect.any(String) });
        cursor = page.body.meta.nextCursor;
      }
      throw new Error('cursor pagination did not end');
    }

    it.each<{ sort?: string; filter?: string }>([
      { sort: undefined },
      { sort: '-price,qty' },
      { sort: 'released,-title' },
      { sort: '-qty,price' },
      { sort: 'active,-released,qty' },
      { sort: '-created_at' },
      { sort: 'title' },
      { sort: '-id' },
      { sort: '-category,price', filter: 'rank >= 10' },
      { sort: 'qty', filter: 'qty != null || price = null' },
    ])('sort=$sort filter=$filter: every record once, in the offset order', async ({ sort, filter }) => {
      const expected = idsOf(await products.list({ sort, filter, limit: 500 }));
      const byCursor = await allByCursor({ sort, filter });
      expect(new Set(byCursor).size).toBe(byCursor.length);
      expect(byCursor).toEqual(expected);
      expect(await allByOffset({ sort, filter })).toEqual(expected);
      if (filter === undefined) expect(expected).toHaveLength(COUNT);
    });

    it.each<{ name: string; sort?: string; values: unknown[] }>([
      { name: 'a non-UUID id', values: ['not-a-uuid'] },
      { name: 'an object as the id', values: [{ a: 1 }] },
      { name: 'text for an integer key', sort: 'rank', values: ['abc', '0190a6b8-0000-7000-8000-000000000000'] },
      { name: 'text for a date key', sort: 'released', values: ['soon', '0190a6b8-0000-7000-8000-000000000000'] },
      { name: 'SQL as a value', values: ["'; DROP TABLE data.products; --"] },
    ])('a tampered cursor ($name) → 400, never a 500', async ({ sort, values }) => {
      const cursor = Buffer.from(JSON.stringify(values)).toString('base64url');
      expectProblem(await products.list({ sort, cursor }), 400, 'VALIDATION_FAILED', 'cursor');
      await expectUnchanged();
    });
  });

  describe('bad and hostile query strings', () => {
    it.each<{ filter: string; position: number; code: string }>([
      { filter: 'nope = 1', position: 0, code: 'UNKNOWN_FIELD' },
      { filter: 'rank = "x"', position: 7, code: 'TYPE_MISMATCH' },
      { filter: 'title = "a" && nope = 1', position: 15, code: 'UNKNOWN_FIELD' },
      { filter: 'owner.nope = "x"', position: 6, code: 'UNKNOWN_FIELD' },
      { filter: 'title.name = "x"', position: 0, code: 'NOT_A_RELATION' },
      { filter: 'tags = "sale"', position: 0, code: 'TYPE_MISMATCH' }, // = on a multi-select only tests for null
      { filter: 'price ~ "1"', position: 6, code: 'OPERATOR_NOT_ALLOWED' },
      { filter: 'rank >', position: 6, code: 'SYNTAX' },
      { filter: '(rank = 1', position: 9, code: 'SYNTAX' },
      { filter: 'rank = = 1', position: 7, code: 'SYNTAX' },
      { filter: 'rank == 1', position: 5, code: 'SYNTAX' },
    ])('filter "$filter" → 400 $code at $position', async ({ filter, position, code }) => {
      const response = await products.list({ filter });
      expectProblem(response, 400, 'VALIDATION_FAILED', 'filter');
      expect(response.body.position).toBe(position);
      expect(response.body.errors[0]).toMatchObject({ field: 'filter', code });
    });

    it.each<{ params: Record<string, string>; field: string; mentions: string[] }>([
      { params: { filter: 'nope = 1' }, field: 'filter', mentions: ['valid fields', 'title', 'rank', 'category'] },
      { params: { sort: 'nope' }, field: 'sort', mentions: ['sortable', 'title', 'rank'] },
      { params: { fields: 'id,nope' }, field: 'fields', mentions: ['valid', 'title', 'rank'] },
      { params: { expand: 'nope' }, field: 'expand', mentions: ['owner', 'category', 'related'] },
    ])('an unknown name in $params → 400 naming what is valid', async ({ params, field, mentions }) => {
      const response = await products.list(params);
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
      const message = response.body.errors.map((e: { message: string }) => e.message).join(' ');
      for (const word of mentions) expect(message).toContain(word);
    });

    it.each<{ name: string; params: Record<string, string>; field: string }>([
      { name: 'sort with a statement', params: { sort: 'title;DROP TABLE data.products' }, field: 'sort' },
      { name: 'sort with a direction keyword', params: { sort: 'title DESC' }, field: 'sort' },
      { name: 'sort with a subquery', params: { sort: '(select 1)' }, field: 'sort' },
      { name: 'sort with a quoted identifier', params: { sort: '"title"' }, field: 'sort' },
      { name: 'fields with a subquery', params: { fields: 'id,(select 1)' }, field: 'fields' },
      { name: 'fields with a star', params: { fields: '*' }, field: 'fields' },
      { name: 'fields with a statement', params: { fields: 'id;DROP TABLE data.products' }, field: 'fields' },
      { name: 'filter with SQL OR', params: { filter: 'title = "x" OR 1=1' }, field: 'filter' },
      { name: 'filter with a statement', params: { filter: 'rank = 1; DROP TABLE data.products' }, field: 'filter' },
      { name: 'filter with a comment', params: { filter: 'rank = 1 -- comment' }, field: 'filter' },
      { name: 'filter with SQL quotes', params: { filter: "title = 'x' OR '1'='1'" }, field: 'filter' },
      { name: 'filter closing a paren', params: { filter: 'rank = 1) OR (1=1' }, field: 'filter' },
      { name: 'expand with a comment', params: { expand: 'owner;--' }, field: 'expand' },
      { name: 'expand with a union', params: { expand: 'owner) UNION SELECT 1' }, field: 'expand' },
      { name: 'limit with a statement', params: { limit: '1;DROP TABLE data.products' }, field: 'limit' },
      { name: 'offset with SQL', params: { offset: '0 OR 1=1' }, field: 'offset' },
    ])('$name → 400, no effect', async ({ params, field }) => {
      expectProblem(await products.list(params), 400, 'VALIDATION_FAILED', field);
      await expectUnchanged();
    });

    it.each<{ name: string; query: string }>([
      { name: 'sort', query: 'sort=rank&sort=-rank' },
      { name: 'filter', query: 'filter=rank%20%3D%201&filter=rank%20%3D%202' },
      { name: 'fields', query: 'fields=id&fields=rank' },
      { name: 'expand', query: 'expand=owner&expand=category' },
      { name: 'cursor', query: 'cursor=a&cursor=b' },
    ])('a repeated $name parameter → 400, never a 500', async ({ query }) => {
      const response = await http.get(`${recordsPath('products')}?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      await expectUnchanged();
    });
  });
});
