// /api/v1/graphql from outside: lists and gets return what REST returns, relations in every
// direction under their targets' view rules (a hidden record is null or absent, never
// leaked), mutations refused where REST refuses them with the REST problem codes, hostile
// documents refused before any SQL runs, the statements each shape costs (read from
// /metrics), introspection, and a schema change served by the next request.

import {
  createTestEnvironment,
  httpClient,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { getIntrospectionQuery } from 'graphql';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES, queryString, recordsPath } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const GRAPHQL = '/api/v1/graphql';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('GraphQL', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let alice: TestSession;
  let bob: TestSession;
  const postIds: string[] = [];
  let hiddenAuthor: string;

  /** POSTs an operation; the answer's JSON whatever its status. */
  async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<HttpResult> {
    return http.request('POST', GRAPHQL, {
      body: { query, variables },
      token,
      headers: { accept: GRAPHQL_RESPONSE },
    });
  }

  async function statementsOf(operation: () => Promise<unknown>): Promise<number> {
    const sum = async () => {
      const text = (await http.get('/metrics')).text;
      return Number(/^stagecraft_graphql_statements_sum (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const before = await sum();
    await operation();
    return (await sum()) - before;
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', GRAPHQL_MAX_ALIASES: '20' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    alice = await registerUser(http);
    bob = await registerUser(http);

    // authors: visible only when `public`; posts: open; comments: open, owned.
    await createCollection(http, admin, {
      name: 'authors',
      rules: { ...OPEN_RULES, list: 'public = true', view: 'public = true' },
      fields: [
        { name: 'name', type: 'text', options: { required: true } },
        { name: 'public', type: 'boolean' },
        { name: 'note', type: 'text', options: { hidden: true } },
      ],
    });
    await createCollection(http, admin, {
      name: 'posts',
      rules: { ...OPEN_RULES, update: '@request.auth.id != null', delete: null },
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'status', type: 'select', options: { values: ['draft', 'published'] } },
        { name: 'rank', type: 'integer' },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
        { name: 'tags', type: 'relation', options: { kind: 'many_to_many', target: 'authors' } },
      ],
    });
    await createCollection(http, admin, {
      name: 'comments',
      rules: OPEN_RULES,
      fields: [
        { name: 'body', type: 'text' },
        { name: 'post', type: 'relation', options: { kind: 'many_to_one', target: 'posts', onDelete: 'cascade' } },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
      ],
    });
    const reverse = await http.request('POST', '/api/v1/collections/posts/fields', {
      body: { name: 'comments', type: 'relation', options: { kind: 'one_to_many', target: 'comments', via: 'post' } },
      token: admin.token,
    });
    expect(reverse.status).toBe(201);

    const author = async (name: string, isPublic: boolean) =>
      (await http.post(recordsPath('authors'), { name, public: isPublic, note: 'secret' }, { token: admin.token })).body
        .data.id as string;
    const ann = await author('Ann', true);
    hiddenAuthor = await author('Hidden', false);
    for (let n = 1; n <= 6; n += 1) {
      const post = await http.post(
        recordsPath('posts'),
        {
          title: `post ${n}`,
          status: n % 2 === 0 ? 'published' : 'draft',
          rank: n,
          author: n === 6 ? hiddenAuthor : ann,
          tags: [ann, hiddenAuthor],
        },
        { token: admin.token },
      );
      postIds.push(post.body.data.id);
      for (let c = 1; c <= 3; c += 1) {
        await http.post(
          recordsPath('comments'),
          { body: `comment ${c} on ${n}`, post: post.body.data.id, author: c === 3 ? hiddenAuthor : ann },
          { token: admin.token },
        );
      }
    }
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  describe('reads', () => {
    it('answers a document alike on every run, before and after it is compiled (the third run)', async () => {
      const query = `query ($id: UUID!, $filter: String) {
        post: posts_by_id(id: $id) { title status author { name } tags { name } comments(limit: 2) { body author { name } } }
        bad: posts(filter: $filter) { items { id } }
      }`;
      const answers = [];
      for (let run = 1; run <= 5; run += 1) {
        answers.push((await gql(query, { id: postIds[5], filter: 'nope = 1' }, alice.token)).body);
      }
      // Hidden author and tag, a refused filter: the same data and errors every time.
      expect(answers[0].errors[0].extensions.code).toBe('VALIDATION_FAILED');
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
      const fine = [];
      for (let run = 1; run <= 4; run += 1) {
        const valid = `query ($id: UUID!) {
          post: posts_by_id(id: $id) { title author { name } tags { name } comments(limit: 2) { body author { name } } }
        }`;
        fine.push((await gql(valid, { id: postIds[5] }, alice.token)).body);
      }
      expect(fine[0].data.post).toMatchObject({ title: 'post 6', author: null, tags: [{ name: 'Ann' }] });
      for (const answer of fine.slice(1)) expect(answer).toEqual(fine[0]);
    });

    it('answers a compiled document’s requests as graphql-http does, malformed ones included', async () => {
      const query = 'query ($id: UUID!) { posts_by_id(id: $id) { title } }';
      const post = (options: { body?: unknown; raw?: string; headers?: Record<string, string> }) =>
        http.request('POST', GRAPHQL, { ...options, headers: { accept: GRAPHQL_RESPONSE, ...options.headers } });
      const answers = [];
      // The third run compiles the document; from the fourth on it is answered without graphql-http.
      for (let run = 1; run <= 5; run += 1)
        answers.push(await post({ body: { query, variables: { id: postIds[0] } } }));
      for (const answer of answers) {
        expect([answer.status, answer.headers.get('content-type'), answer.body]).toEqual([
          200,
          `${GRAPHQL_RESPONSE}; charset=utf-8`,
          { data: { posts_by_id: { title: 'post 1' } } },
        ]);
      }
      // A variable of the wrong type: the compiled run answers as graphql-http's first run of
      // the same document (another text, so not compiled) does.
      const compiledRun = await post({ body: { query, variables: { id: 42 } } });
      const firstRun = await post({ body: { query: `${query} `, variables: { id: 42 } } });
      expect([compiledRun.status, compiledRun.body]).toEqual([firstRun.status, firstRun.body]);
      expect(compiledRun.body.errors[0].message).toMatch(/UUID/);
      const cases: [string, Parameters<typeof post>[0], number][] = [
        ['variables that are not an object', { body: { query, variables: [postIds[0]] } }, 400],
        [
          'an operation name that is not a string',
          { body: { query, variables: { id: postIds[0] }, operationName: 7 } },
          400,
        ],
        [
          'an operation the document does not have',
          { body: { query, variables: { id: postIds[0] }, operationName: 'other' } },
          400,
        ],
        [
          'no acceptable response type',
          { body: { query, variables: { id: postIds[0] } }, headers: { accept: 'text/html' } },
          406,
        ],
        [
          'a charset graphql-http does not read',
          {
            raw: JSON.stringify({ query, variables: { id: postIds[0] } }),
            headers: { 'content-type': 'application/json; charset=latin1' },
          },
          415,
        ],
      ];
      for (const [label, options, status] of cases)
        expect([label, (await post(options)).status]).toEqual([label, status]);
      const json = await post({
        body: { query, variables: { id: postIds[0] } },
        headers: { accept: 'application/json' },
      });
      expect([json.status, json.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    });

    it('reads the variables of every run: a kept document’s relation arguments and @include follow them', async () => {
      const query = `query ($id: UUID!, $comments: Int!, $withAuthor: Boolean!) {
        posts_by_id(id: $id) { title author @include(if: $withAuthor) { name } comments(limit: $comments, sort: "body") { body } }
      }`;
      // More runs than it takes to compile the document, each with other variables.
      for (const [comments, withAuthor] of [
        [1, true],
        [2, false],
        [3, true],
        [1, false],
        [2, true],
      ] as const) {
        const answer = await gql(query, { id: postIds[0], comments, withAuthor });
        expect(answer.body).toEqual({
          data: {
            posts_by_id: {
              title: 'post 1',
              ...(withAuthor ? { author: { name: 'Ann' } } : {}),
              comments: ['comment 1 on 1', 'comment 2 on 1', 'comment 3 on 1']
                .slice(0, comments)
                .map((body) => ({ body })),
            },
          },
        });
      }
    });

    it('answers with the content type asked for, with errors or without', async () => {
      for (const accept of ['application/json', GRAPHQL_RESPONSE, '*/*']) {
        const expected = accept === 'application/json' ? 'application/json' : 'application/graphql-response+json';
        const ok = await http.request('POST', GRAPHQL, {
          body: { query: '{ posts(limit: 1) { items { title } } }' },
          headers: { accept },
        });
        expect([ok.status, ok.headers.get('content-type')]).toEqual([200, `${expected}; charset=utf-8`]);
        const refused = await http.request('POST', GRAPHQL, {
          body: { query: '{ posts(filter: "nope = 1") { items { title } } }' },
          headers: { accept },
        });
        expect(refused.headers.get('content-type')).toBe(`${expected}; charset=utf-8`);
        expect(refused.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      }
    });

    it('lists exactly the records and values REST lists, with filter, sort, limit and offset', async () => {
      const args = { filter: 'rank >= 2', sort: '-rank', limit: 3, offset: 1 };
      const rest = await http.get(`${recordsPath('posts')}${queryString({ ...args, count: 'exact' })}`);
      const answer = await gql(
        `query ($filter: String, $sort: String) {
          posts(filter: $filter, sort: $sort, limit: 3, offset: 1, count: exact) {
            total items { id created_at updated_at created_by version title status rank author_id tag_ids: tags_ids }
          }
        }`,
        { filter: args.filter, sort: args.sort },
      );
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain(GRAPHQL_RESPONSE);
      const items = answer.body.data.posts.items as Record<string, unknown>[];
      expect(answer.body.data.posts.total).toBe(rest.body.meta.total);
      expect(items).toEqual(
        rest.body.data.map((record: Record<string, unknown>) => {
          const { author, tags, ...rest } = record;
          return { ...rest, author_id: author, tag_ids: tags };
        }),
      );
    });

    it('pages with after: the cursor REST gives, and the same next page', async () => {
      const first = await gql('{ posts(sort: "title", limit: 2) { nextCursor items { id } } }');
      const restFirst = await http.get(`${recordsPath('posts')}?sort=title&limit=2`);
      expect(first.body.data.posts.nextCursor).toBe(restFirst.body.meta.nextCursor);
      const second = await gql(
        'query ($after: String) { posts(sort: "title", limit: 2, after: $after) { items { id } } }',
        {
          after: first.body.data.posts.nextCursor,
        },
      );
      const restSecond = await http.get(
        `${recordsPath('posts')}?sort=title&limit=2&cursor=${restFirst.body.meta.nextCursor}`,
      );
      expect(second.body.data.posts.items.map((r: { id: string }) => r.id)).toEqual(
        restSecond.body.data.map((r: { id: string }) => r.id),
      );
    });

    it('gets one record by id, and null for one that does not exist or is not visible', async () => {
      const post = await gql('query ($id: UUID!) { posts_by_id(id: $id) { id title } }', { id: postIds[0] });
      expect(post.body.data.posts_by_id).toEqual({ id: postIds[0], title: 'post 1' });
      const hidden = await gql('query ($id: UUID!) { authors_by_id(id: $id) { id } }', { id: hiddenAuthor });
      expect(hidden.body).toEqual({ data: { authors_by_id: null } });
      const missing = await gql('{ posts_by_id(id: "not-a-uuid") { id } }');
      expect(missing.body).toEqual({ data: { posts_by_id: null } });
    });

    it('follows relations in every direction; a target its rule hides is null or absent', async () => {
      const answer = await gql(
        `query ($id: UUID!) {
          posts_by_id(id: $id) {
            author { name }
            tags { name }
            comments(sort: "body") { body author { name } post { title } }
          }
        }`,
        { id: postIds[5] },
      );
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.posts_by_id).toEqual({
        author: null, // its author is not public
        tags: [{ name: 'Ann' }],
        comments: [
          { body: 'comment 1 on 6', author: { name: 'Ann' }, post: { title: 'post 6' } },
          { body: 'comment 2 on 6', author: { name: 'Ann' }, post: { title: 'post 6' } },
          { body: 'comment 3 on 6', author: null, post: { title: 'post 6' } },
        ],
      });
    });

    it('limits, filters and sorts a one-to-many relation per parent', async () => {
      const answer = await gql(
        `{ posts(sort: "rank", limit: 2) { items { title comments(sort: "-body", limit: 1, filter: "body ~ '2'") { body } } } }`,
      );
      expect(answer.body.data.posts.items).toEqual([
        { title: 'post 1', comments: [{ body: 'comment 2 on 1' }] },
        // "on 2" contains a 2 too: all three match, the last by body comes first.
        { title: 'post 2', comments: [{ body: 'comment 3 on 2' }] },
      ]);
    });

    it('sorts a one-to-many relation by a related field as REST sorts the same records', async () => {
      const answer = await gql(
        'query ($id: UUID!) { posts_by_id(id: $id) { comments(sort: "-author.name,body") { body } } }',
        { id: postIds[5] },
      );
      expect(answer.body.errors).toBeUndefined();
      const filter = encodeURIComponent(`post = "${postIds[5]}"`);
      const rest = await http.get(`${recordsPath('comments')}?filter=${filter}&sort=-author.name,body`);
      expect(rest.status).toBe(200);
      const bodies = rest.body.data.map((comment: { body: string }) => comment.body);
      expect(bodies).toHaveLength(3);
      expect(answer.body.data.posts_by_id.comments.map((comment: { body: string }) => comment.body)).toEqual(bodies);
    });

    it('has no hidden or secret fields in its types', async () => {
      const answer = await gql('{ authors(limit: 1) { items { note } } }');
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/Cannot query field "note"/);
    });

    it('answers a bad filter with the REST problem code and position', async () => {
      const answer = await gql('{ posts(filter: "rank >") { items { id } } }');
      expect(answer.status).toBe(200);
      expect(answer.body.data).toBeNull();
      expect(answer.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
      expect(answer.body.errors[0].extensions.errors[0].field).toBe('filter');
      expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.js/); // no stack
    });

    it('refuses a list the rule refuses, with the REST code', async () => {
      await createCollection(http, admin, { name: 'vault', rules: { ...OPEN_RULES, list: null }, fields: [] });
      const answer = await gql('{ vault { items { id } } }', {}, alice.token);
      expect(answer.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
      const anonymous = await gql('{ vault { items { id } } }');
      expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    });
  });

  describe('statements per operation', () => {
    it('loads posts → author, comments → author in two statements, however many posts', async () => {
      const pages: number[] = [];
      for (const limit of [1, 20]) {
        const query = `{ posts(limit: ${limit}) { items { title author { name } comments { body author { name } } } } }`;
        const count = await statementsOf(async () => {
          const answer = await gql(query);
          expect(answer.body.errors).toBeUndefined();
          pages.push(answer.body.data.posts.items.length);
        });
        expect(count).toBe(2);
      }
      expect(pages[0]).toBe(1);
      expect(pages[1]).toBeGreaterThan(1);
    });

    it('takes one statement per to-many relation selected, at every level', async () => {
      // posts; their tags and their comments; the tags of the comments' posts.
      const query = `{ posts(limit: 20) { items { tags { name } comments { post { tags { name } } } } } }`;
      const answer = await gql(query);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.posts.items[0]).toEqual({
        tags: [{ name: 'Ann' }],
        comments: [1, 2, 3].map(() => ({ post: { tags: [{ name: 'Ann' }] } })),
      });
      expect(await statementsOf(() => gql(query))).toBe(4);
    });

    it('loads a mutation’s to-many relations without a statement for the record itself', async () => {
      const count = await statementsOf(async () => {
        const answer = await gql(
          `mutation ($data: PostsCreateInput!) { create_posts(data: $data) { title comments { body } } }`,
          { data: { title: 'to-many only' } },
          alice.token,
        );
        expect(answer.body).toEqual({ data: { create_posts: { title: 'to-many only', comments: [] } } });
      });
      expect(count).toBe(1);
    });

    it('loads the relations of a mutation’s records from their keys, under their rules', async () => {
      const first = await gql(`query ($id: UUID!) { posts_by_id(id: $id) { author_id } }`, { id: postIds[0] });
      const ann = first.body.data.posts_by_id.author_id as string;
      let answer: HttpResult | undefined;
      const count = await statementsOf(async () => {
        answer = await gql(
          `mutation ($data: PostsCreateInput!) { create_posts(data: $data) { title author { name } tags { name } comments { body } } }`,
          { data: { title: 'with relations', author: ann, tags: [ann, hiddenAuthor] } },
          alice.token,
        );
      });
      expect(answer?.body).toEqual({
        data: {
          create_posts: { title: 'with relations', author: { name: 'Ann' }, tags: [{ name: 'Ann' }], comments: [] },
        },
      });
      // The to-one relations in one statement, then the tags and the comments in one each.
      expect(count).toBe(3);
    });

    it('counts with one more statement', async () => {
      expect(await statementsOf(() => gql('{ posts(count: exact) { total } }'))).toBe(2);
    });
  });

  describe('mutations', () => {
    it('creates through the records service: validation, defaults and events as REST', async () => {
      const created = await gql(
        `mutation ($data: PostsCreateInput!) { create_posts(data: $data) { id title status version author { name } } }`,
        { data: { title: 'by graphql', status: 'draft' } },
        alice.token,
      );
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data.create_posts).toMatchObject({
        title: 'by graphql',
        status: 'draft',
        version: 1,
        author: null,
      });
      const rest = await http.get(recordsPath('posts', created.body.data.create_posts.id));
      expect(rest.body.data.title).toBe('by graphql');
    });

    it('refuses an invalid record with the REST field errors and writes nothing', async () => {
      const before = (await http.get(`${recordsPath('posts')}?count=exact&limit=1`)).body.meta.total;
      const answer = await gql(
        'mutation { create_posts_many(data: [{ title: "ok" }, { rank: 1 }]) { id } }',
        {},
        alice.token,
      );
      expect(answer.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
      expect(answer.body.errors[0].extensions.errors[0].field).toMatch(/^\[1\]/);
      expect((await http.get(`${recordsPath('posts')}?count=exact&limit=1`)).body.meta.total).toBe(before);
    });

    it('updates with expectedVersion as If-Match: a stale version is PRECONDITION_FAILED', async () => {
      const id = postIds[0] as string;
      const current = (await http.get(recordsPath('posts', id))).body.data.version as number;
      const updated = await gql(
        'mutation ($id: UUID!, $v: Int) { update_posts(id: $id, data: { rank: 100 }, expectedVersion: $v) { rank version } }',
        { id, v: current },
        bob.token,
      );
      expect(updated.body.data.update_posts).toEqual({ rank: 100, version: current + 1 });
      const stale = await gql(
        'mutation ($id: UUID!, $v: Int) { update_posts(id: $id, data: { rank: 1 }, expectedVersion: $v) { rank } }',
        { id, v: current },
        bob.token,
      );
      expect(stale.body.errors[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', status: 412 });
    });

    it('refuses what the rules refuse: anonymous update, anyone’s delete', async () => {
      const id = postIds[1] as string;
      const anonymous = await gql('mutation ($id: UUID!) { update_posts(id: $id, data: { rank: 5 }) { id } }', { id });
      expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHORIZED' });
      const removal = await gql('mutation ($id: UUID!) { delete_posts(id: $id) }', { id }, alice.token);
      expect(removal.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect((await http.get(recordsPath('posts', id))).status).toBe(200);
    });

    it('deletes, replaces and changes by filter', async () => {
      const made = await gql('mutation { create_comments_many(data: [{ body: "x1" }, { body: "x2" }]) { id } }');
      expect(made.body.data.create_comments_many).toHaveLength(2);
      const [first] = made.body.data.create_comments_many as { id: string }[];
      const replaced = await gql(
        'mutation ($id: UUID!) { replace_comments(id: $id, data: { body: "x9" }) { body post_id } }',
        {
          id: first?.id,
        },
      );
      expect(replaced.body.data.replace_comments).toEqual({ body: 'x9', post_id: null });
      const changed = await gql('mutation { update_comments_where(filter: "body ~ \'x\'", data: { body: "y" }) }');
      expect(changed.body.data.update_comments_where).toBe(2);
      const deleted = await gql('mutation { delete_comments_where(filter: "body = \'y\'") }');
      expect(deleted.body.data.delete_comments_where).toBe(2);
      const gone = await gql('mutation ($id: UUID!) { delete_comments(id: $id) }', { id: first?.id });
      expect(gone.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    });

    it('runs no mutation over GET', async () => {
      const response = await http.get(
        `${GRAPHQL}?query=${encodeURIComponent('mutation { delete_comments_where(filter: "true") }')}`,
      );
      expect(response.status).toBe(405);
    });
  });

  describe('limits', () => {
    // One record per level (limit 1), so the depth is passed long before the cost.
    const depth = (levels: number) =>
      `{ comments(limit: 1) { items { ${'post { comments(limit: 1) { '.repeat(levels)} id ${'} } '.repeat(levels)} } } }`;

    it.each([
      ['a query nested 50 deep', () => depth(25), 'depth'],
      [
        '10,000 aliases',
        () => `{ ${Array.from({ length: 10000 }, (_, i) => `a${i}: posts_by_id(id: "x") { id }`).join(' ')} }`,
        null,
      ],
      [
        '21 aliases (GRAPHQL_MAX_ALIASES 20)',
        () => `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
        'aliases',
      ],
      [
        'a cost bomb',
        () => '{ posts(limit: 500) { items { comments(limit: 500) { post { comments(limit: 500) { id } } } } } }',
        'cost',
      ],
    ])('refuses %s with a 400 before any SQL runs', async (_label, document, limit) => {
      const count = await statementsOf(async () => {
        const answer = await gql(document());
        expect(answer.status).toBe(400);
        expect(answer.body.data).toBeUndefined();
        if (limit) expect(answer.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
      });
      expect(count).toBe(0);
    });

    it('answers a document that does not parse with a 400', async () => {
      const answer = await gql('{ posts {');
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/Syntax Error/);
    });
  });

  describe('the schema', () => {
    it('has enums for select values and descriptions from collections', async () => {
      const answer = await gql('{ __type(name: "Posts_status") { enumValues { name } } }');
      expect(answer.body.data.__type.enumValues.map((value: { name: string }) => value.name)).toEqual([
        'draft',
        'published',
      ]);
    });

    it('answers the standard introspection query, deeper than GRAPHQL_MAX_DEPTH, for tools', async () => {
      const answer = await gql(getIntrospectionQuery());
      expect(answer.status).toBe(200);
      expect(answer.body.data.__schema.types.map((type: { name: string }) => type.name)).toContain('Posts');
    });

    it('serves a new collection on the next request, without a restart', async () => {
      await createCollection(http, admin, {
        name: 'fresh',
        rules: OPEN_RULES,
        fields: [{ name: 'label', type: 'text' }],
      });
      await http.post(recordsPath('fresh'), { label: 'new' });
      const answer = await gql('{ fresh { items { label } } }');
      expect(answer.body).toEqual({ data: { fresh: { items: [{ label: 'new' }] } } });
    });

    it('keeps serving when two collections’ names meet: the one sorted first keeps the name', async () => {
      // `fresh_page` would be `FreshPage`, the page type of `fresh`; `fresh_by_id`'s list field
      // would be `fresh`'s by-id field.
      for (const name of ['fresh_page', 'fresh_by_id']) {
        await createCollection(http, admin, { name, rules: OPEN_RULES, fields: [{ name: 'label', type: 'text' }] });
      }
      await http.post(recordsPath('fresh_page'), { label: 'page' });
      const answer = await gql(
        `{ fresh { __typename items { label } }
           fresh_page { __typename items { __typename label } }
           fresh_by_id(id: "${postIds[0]}") { id } }`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        data: {
          fresh: { __typename: 'FreshPage', items: [{ label: 'new' }] },
          fresh_page: { __typename: 'FreshPageRecordPage', items: [{ __typename: 'FreshPageRecord', label: 'page' }] },
          fresh_by_id: null,
        },
      });
    });
  });
});
