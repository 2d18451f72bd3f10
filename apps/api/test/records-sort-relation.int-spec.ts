// Sorting a list by a field of a to-one related record (`sort=author.name,-rank`): the order
// for callers who may view different authors (one they may not view sorts as NULL, as expand
// shows it as null), NULLs where PostgreSQL puts them, ties broken by the next key, cursor and
// offset pages, the 400s for paths that cannot sort, hidden fields, GraphQL's `sort`, and a
// cached list kept per caller when the related records' view rule reads the caller.

import {
  createTestEnvironment,
  httpClient,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, expectProblem, recordsClient, type RecordsClient } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const PUBLIC_READ = { list: '', view: '', create: null, update: null, delete: null };
/** Private authors are seen by their owner and admins only. */
const AUTHOR_RULE = 'private = false || owner = @request.auth.id';

interface AuthorSeed {
  name: string;
  private: boolean;
  ownedByAlice: boolean;
  bio: string;
}

const AUTHORS: readonly AuthorSeed[] = [
  { name: 'Ada', private: false, ownedByAlice: false, bio: 'e' },
  { name: 'Bea', private: false, ownedByAlice: false, bio: 'd' },
  { name: 'Cyd', private: true, ownedByAlice: true, bio: 'c' },
  { name: 'Dan', private: true, ownedByAlice: false, bio: 'b' },
  { name: 'Eve', private: false, ownedByAlice: false, bio: 'a' },
];
/** The author (index into AUTHORS) of the post of each rank; null: no author. */
const POST_AUTHORS: readonly (number | null)[] = [0, null, 1, 2, 0, 3, null, 1, 4, 2, 0, 3];

describe('sorting records by a related record’s field', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let alice: TestSession;
  let posts: RecordsClient;
  let authors: RecordsClient;
  let authorIds: string[];

  const callers = (): Record<'anonymous' | 'alice' | 'admin', string | undefined> => ({
    anonymous: undefined,
    alice: alice.token,
    admin: admin.token,
  });
  const ranksOf = (response: HttpResult): number[] => response.body.data.map((r: { rank: number }) => r.rank);
  const idsOf = (response: HttpResult): string[] => response.body.data.map((r: { id: string }) => r.id);
  const messagesOf = (response: HttpResult): string =>
    response.body.errors.map((e: { message: string }) => e.message).join(' ');

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    alice = await registerUser(http);

    await createCollection(http, admin, {
      name: 'teams',
      rules: PUBLIC_READ,
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'authors',
      rules: { list: AUTHOR_RULE, view: AUTHOR_RULE, create: null, update: null, delete: null },
      fields: [
        { name: 'name', type: 'text', options: { required: true } },
        { name: 'private', type: 'boolean', options: { required: true } },
        { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null' } },
        { name: 'bio', type: 'text', options: { hidden: true } },
        { name: 'notes', type: 'json' },
        { name: 'team', type: 'relation', options: { kind: 'many_to_one', target: 'teams', onDelete: 'set_null' } },
      ],
    });
    await createCollection(http, admin, { name: 'tags', rules: PUBLIC_READ, fields: [{ name: 'name', type: 'text' }] });
    await createCollection(http, admin, {
      name: 'posts',
      rules: PUBLIC_READ,
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'rank', type: 'integer', options: { required: true, unique: true } },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
        {
          name: 'editor',
          type: 'relation',
          options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null', hidden: true },
        },
        { name: 'tags', type: 'relation', options: { kind: 'many_to_many', target: 'tags' } },
      ],
    });
    const reverse = await http.post(
      '/api/v1/collections/authors/fields',
      { name: 'posts', type: 'relation', options: { kind: 'one_to_many', target: 'posts', via: 'author' } },
      { token: admin.token },
    );
    if (reverse.status !== 201) throw new Error(`one_to_many field: ${reverse.status} ${reverse.text}`);

    authors = recordsClient(http, 'authors');
    posts = recordsClient(http, 'posts');
    // Created last name first: ids (time-ordered) run against names, so an order by the stored
    // id cannot pass for one by name.
    authorIds = (
      await authors.insertMany(
        AUTHORS.map(({ name, private: hidden, ownedByAlice, bio }) => ({
          name,
          private: hidden,
          owner: ownedByAlice ? alice.user.id : null,
          bio,
        })).reverse(),
        admin.token,
      )
    )
      .map((record) => record.id)
      .reverse();
    await posts.insertMany(
      POST_AUTHORS.map((author, rank) => ({
        title: `post ${rank}`,
        rank,
        author: author === null ? null : authorIds[author],
        editor: author === null ? null : authorIds[author],
      })),
      admin.token,
    );
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  describe('order', () => {
    // Worked out by hand from the seeds: Ada 0 4 10, Bea 2 7, Cyd 3 9 (alice's, private),
    // Dan 5 11 (private), Eve 8, none 1 6. NULLs last ascending, first descending.
    it.each<{ caller: 'anonymous' | 'alice' | 'admin'; sort: string; ranks: number[] }>([
      { caller: 'anonymous', sort: 'author.name,-rank', ranks: [10, 4, 0, 7, 2, 8, 11, 9, 6, 5, 3, 1] },
      { caller: 'anonymous', sort: '-author.name,rank', ranks: [1, 3, 5, 6, 9, 11, 8, 2, 7, 0, 4, 10] },
      { caller: 'alice', sort: 'author.name,-rank', ranks: [10, 4, 0, 7, 2, 9, 3, 8, 11, 6, 5, 1] },
      { caller: 'alice', sort: '-author.name,-rank', ranks: [11, 6, 5, 1, 8, 9, 3, 7, 2, 10, 4, 0] },
      { caller: 'admin', sort: 'author.name,-rank', ranks: [10, 4, 0, 7, 2, 9, 3, 11, 5, 8, 6, 1] },
      { caller: 'admin', sort: '-author.name,rank', ranks: [1, 6, 8, 5, 11, 3, 9, 2, 7, 0, 4, 10] },
    ])('$caller, sort=$sort', async ({ caller, sort, ranks }) => {
      const response = await posts.list({ sort, limit: 500 }, callers()[caller]);
      expect({ status: response.status, detail: response.body.detail }).toEqual({ status: 200, detail: undefined });
      expect(ranksOf(response)).toEqual(ranks);
    });

    it('the system fields of the target sort too', async () => {
      const response = await posts.list({ sort: '-author.id,rank', fields: 'rank,author', limit: 500 }, admin.token);
      expect(response.status).toBe(200);
      const byId = [...authorIds].map((id, index) => ({ id, index })).sort((a, b) => (a.id < b.id ? 1 : -1));
      const expected = [
        ...POST_AUTHORS.flatMap((author, rank) => (author === null ? [rank] : [])),
        ...byId.flatMap(({ index }) => POST_AUTHORS.flatMap((author, rank) => (author === index ? [rank] : []))),
      ];
      expect(ranksOf(response)).toEqual(expected);
    });
  });

  describe('pages', () => {
    const PAGE = 3;

    it.each<{ caller: 'anonymous' | 'alice' | 'admin'; sort: string; filter?: string; also: string }>([
      { caller: 'anonymous', sort: 'author.name,-rank', also: '' },
      { caller: 'anonymous', sort: '-author.name', also: '' },
      { caller: 'alice', sort: 'author.name,-rank', filter: 'rank >= 1', also: ', filter=rank >= 1' },
      { caller: 'admin', sort: '-author.name,rank', also: '' },
      { caller: 'admin', sort: 'author.name', also: '' },
    ])('cursor: $caller, sort=$sort$also: every record once, in order', async ({ caller, sort, filter }) => {
      const token = callers()[caller];
      const all = await posts.list({ sort, filter, limit: 500 }, token);
      expect(all.status).toBe(200);
      const expected = idsOf(all);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (; pages < 20; pages++) {
        const page = await posts.list({ sort, filter, limit: PAGE, cursor }, token);
        expect({ status: page.status, detail: page.body.detail }).toEqual({ status: 200, detail: undefined });
        seen.push(...idsOf(page));
        if (page.body.meta.nextCursor === null) break;
        cursor = page.body.meta.nextCursor;
      }
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expected);
    });

    it('offset: the same order, a page at a time', async () => {
      const expected = [10, 4, 0, 7, 2, 8, 11, 9, 6, 5, 3, 1];
      for (let offset = 0; offset < expected.length; offset += 5) {
        const page = await posts.list({ sort: 'author.name,-rank', limit: 5, offset });
        expect(page.status).toBe(200);
        expect(ranksOf(page)).toEqual(expected.slice(offset, offset + 5));
      }
    });
  });

  describe('refused', () => {
    it.each<{ collection?: string; sort: string; message: string }>([
      { sort: 'nope.name', message: '"posts" has no to-one relation "nope"; to-one relations: author.' },
      { sort: 'title.name', message: '"posts" has no to-one relation "title"' },
      { sort: 'tags.name', message: '"tags" is a to-many relation, which has no single record to sort by' },
      {
        collection: 'authors',
        sort: 'posts.title',
        message: '"posts" is a to-many relation, which has no single record to sort by; to-one relations: owner, team.',
      },
      { sort: 'author.team.name', message: 'one relation deep (e.g. author.name)' },
      { sort: '-author.', message: 'one relation deep' },
      { sort: 'author.nope', message: '"nope" is not a sortable field of "authors"; sortable: id, created_at' },
      { sort: 'author.notes', message: '"notes" is not a sortable field of "authors"' },
      { sort: 'author.posts', message: '"posts" is not a sortable field of "authors"' },
      {
        sort: 'nope',
        message:
          'Records cannot be sorted by "nope"; sortable fields: id, created_at, updated_at, version, title, rank, author, or relation.field through a to-one relation (author).',
      },
    ])('sort=$sort → 400: $message', async ({ collection, sort, message }) => {
      const response = await recordsClient(http, collection ?? 'posts').list({ sort }, alice.token);
      expectProblem(response, 400, 'VALIDATION_FAILED', 'sort');
      expect(messagesOf(response)).toContain(message);
      expect(messagesOf(response)).toContain(`Records cannot be sorted by "${sort.replace(/^-/, '')}"`);
    });

    it('a target field hidden from the caller cannot be sorted by (admins can)', async () => {
      const refused = await posts.list({ sort: 'author.bio' }, alice.token);
      expectProblem(refused, 400, 'VALIDATION_FAILED', 'sort');
      expect(messagesOf(refused)).toContain('"bio" is not a sortable field of "authors"');
      expect(messagesOf(refused)).not.toMatch(/sortable: [^.]*\bbio\b/);
      // bio runs the other way from name: Eve a, Dan b, Cyd c, Bea d, Ada e.
      const allowed = await posts.list({ sort: 'author.bio,rank', limit: 500 }, admin.token);
      expect(ranksOf(allowed)).toEqual([8, 5, 11, 3, 9, 2, 7, 0, 4, 10, 1, 6]);
    });

    it('a relation hidden from the caller cannot be sorted through (admins can)', async () => {
      const refused = await posts.list({ sort: 'editor.name' }, alice.token);
      expectProblem(refused, 400, 'VALIDATION_FAILED', 'sort');
      expect(messagesOf(refused)).toContain('"posts" has no to-one relation "editor"; to-one relations: author.');
      const allowed = await posts.list({ sort: 'editor.name,-rank', limit: 500 }, admin.token);
      expect(ranksOf(allowed)).toEqual([10, 4, 0, 7, 2, 9, 3, 11, 5, 8, 6, 1]);
    });
  });

  it('GraphQL takes the same sort', async () => {
    const answer = await http.request('POST', '/api/v1/graphql', {
      body: { query: '{ posts(sort: "author.name,-rank", limit: 100) { items { rank } } }' },
      token: alice.token,
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.posts.items.map((item: { rank: number }) => item.rank)).toEqual([
      10, 4, 0, 7, 2, 9, 3, 8, 11, 6, 5, 1,
    ]);
  });

  it('a cached list sorted by a related field is kept per view of the related records, and ended by their change', async () => {
    await createCollection(http, admin, {
      name: 'notes',
      rules: PUBLIC_READ,
      cache: { ttl: 300 },
      fields: [
        { name: 'rank', type: 'integer' },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
      ],
    });
    const notes = recordsClient(http, 'notes');
    // Cyd is private and alice's, Dan private, Eve public.
    await notes.insertMany(
      [2, 3, 4].map((author, rank) => ({ rank, author: authorIds[author] })),
      admin.token,
    );
    const read = (token?: string) => notes.list({ sort: 'author.name,rank' }, token);
    expect(ranksOf(await read())).toEqual([2, 0, 1]);
    const again = await read();
    expect({ cache: again.headers.get('x-cache'), ranks: ranksOf(again) }).toEqual({ cache: 'hit', ranks: [2, 0, 1] });
    // The authors' view rule reads the caller: alice's answer is her own.
    expect(ranksOf(await read(alice.token))).toEqual([0, 2, 1]);

    const renamed = await authors.patch(authorIds[4] as string, { name: 'Abe' }, admin.token);
    expect(renamed.status).toBe(200);
    expect(ranksOf(await read(alice.token))).toEqual([2, 0, 1]);
    await authors.patch(authorIds[4] as string, { name: 'Eve' }, admin.token);
  });
});
