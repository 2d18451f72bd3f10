// Access rules on /api/v1/collections/{c}/records: each role (anonymous, owner, other user,
// admin) against each action, for owner-only, public-read, admins-only and open collections;
// expansion and relation filters under the related collection's own view rule; hidden fields
// in filters and sorts; rules inside bulk changes. Effects are checked in PostgreSQL.

import { randomUUID } from 'node:crypto';
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
  OPEN_RULES,
  openDataDb,
  recordsClient,
  type DataDb,
  type RecordsClient,
} from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

type Role = 'anonymous' | 'owner' | 'other' | 'admin';
type Outcome = 200 | 201 | 204 | 401 | 403 | 404;

const OWNER_ONLY = 'owner = @request.auth.id';

describe('record access rules', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let db: DataDb;
  let admin: TestSession;
  let owner: TestSession;
  let other: TestSession;
  let notes: RecordsClient;
  let posts: RecordsClient;
  let settings: RecordsClient;
  let guestbook: RecordsClient;

  const tokenOf = (role: Role): string | undefined =>
    ({ anonymous: undefined, owner: owner.token, other: other.token, admin: admin.token })[role];
  const userIdOf = (role: Role): string | undefined =>
    ({ anonymous: undefined, owner: owner.user.id, other: other.user.id, admin: admin.user.id })[role];
  const ids = (response: HttpResult): string[] => response.body.data.map((r: { id: string }) => r.id).sort();

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    db = await openDataDb(env.databaseUrl);
    admin = await setupAdmin(http);
    owner = await registerUser(http);
    other = await registerUser(http);

    const ownerField = {
      name: 'owner',
      type: 'relation',
      options: { kind: 'many_to_one', target: 'users', onDelete: 'cascade' },
    };
    // Private: only the owner sees or touches a note.
    await createCollection(http, admin, {
      name: 'notes',
      rules: {
        list: OWNER_ONLY,
        view: OWNER_ONLY,
        create: `@request.auth.id != null && ${OWNER_ONLY}`,
        update: OWNER_ONLY,
        delete: OWNER_ONLY,
      },
      fields: [
        ownerField,
        { name: 'title', type: 'text' },
        { name: 'secret_note', type: 'text', options: { hidden: true } },
      ],
    });
    // Public read; only signed-in users create, and only for themselves; owners change theirs.
    await createCollection(http, admin, {
      name: 'posts',
      rules: {
        list: '',
        view: '',
        create: '@request.auth.id != null && @request.body.owner = @request.auth.id',
        update: OWNER_ONLY,
        delete: OWNER_ONLY,
      },
      fields: [ownerField, { name: 'title', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'settings',
      rules: { list: null, view: null, create: null, update: null, delete: null },
      fields: [{ name: 'key', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'guestbook',
      rules: OPEN_RULES,
      fields: [{ name: 'message', type: 'text' }],
    });
    notes = recordsClient(http, 'notes');
    posts = recordsClient(http, 'posts');
    settings = recordsClient(http, 'settings');
    guestbook = recordsClient(http, 'guestbook');
  });

  afterAll(async () => {
    await db?.close();
    await api?.close();
    await env?.dispose();
  });

  /** A fresh note of each user, created by its owner. */
  async function seedNotes(): Promise<{ mine: string; theirs: string }> {
    const mine = await notes.insert({ owner: owner.user.id, title: 'mine', secret_note: 'm' }, owner.token);
    const theirs = await notes.insert({ owner: other.user.id, title: 'theirs', secret_note: 't' }, other.token);
    return { mine: mine.id, theirs: theirs.id };
  }

  describe('an owner-only collection', () => {
    it.each<{ role: Role; sees: ('mine' | 'theirs')[] }>([
      { role: 'anonymous', sees: [] },
      { role: 'owner', sees: ['mine'] },
      { role: 'other', sees: ['theirs'] },
      { role: 'admin', sees: ['mine', 'theirs'] },
    ])('list as $role shows $sees', async ({ role, sees }) => {
      const seeded = await seedNotes();
      const response = await notes.list({ filter: `id in ["${seeded.mine}", "${seeded.theirs}"]` }, tokenOf(role));
      expect(response.status).toBe(200);
      expect(ids(response)).toEqual(sees.map((which) => seeded[which]).sort());
      const total = await notes.list({ count: 'exact' }, tokenOf(role));
      expect(total.body.data.every((r: { owner: string }) => role === 'admin' || r.owner === userIdOf(role))).toBe(
        true,
      );
    });

    it.each<{ role: Role; status: Outcome }>([
      { role: 'anonymous', status: 404 },
      { role: 'owner', status: 200 },
      { role: 'other', status: 404 },
      { role: 'admin', status: 200 },
    ])("view the owner's note as $role → $status", async ({ role, status }) => {
      const { mine } = await seedNotes();
      const response = await notes.get(mine, tokenOf(role));
      expect(response.status).toBe(status);
      if (status === 404) expect(response.body.code).toBe('NOT_FOUND');
    });

    it.each<{ role: Role; status: Outcome }>([
      { role: 'anonymous', status: 404 },
      { role: 'owner', status: 200 },
      { role: 'other', status: 404 },
      { role: 'admin', status: 200 },
    ])("patch the owner's note as $role → $status", async ({ role, status }) => {
      const { mine } = await seedNotes();
      const response = await notes.patch(mine, { title: `by ${role}` }, tokenOf(role));
      expect(response.status).toBe(status);
      expect((await db.row('notes', mine))?.title).toBe(status === 200 ? `by ${role}` : 'mine');
    });

    it.each<{ role: Role; status: Outcome }>([
      { role: 'anonymous', status: 404 },
      { role: 'owner', status: 204 },
      { role: 'other', status: 404 },
      { role: 'admin', status: 204 },
    ])("delete the owner's note as $role → $status", async ({ role, status }) => {
      const { mine } = await seedNotes();
      const response = await notes.delete(mine, tokenOf(role));
      expect(response.status).toBe(status);
      expect(await db.row('notes', mine)).toEqual(status === 204 ? undefined : expect.objectContaining({ id: mine }));
    });

    it.each<{ role: Role; for: 'owner' | 'other'; status: Outcome; code?: string }>([
      { role: 'anonymous', for: 'owner', status: 401, code: 'UNAUTHORIZED' },
      { role: 'owner', for: 'owner', status: 201 },
      { role: 'owner', for: 'other', status: 403, code: 'FORBIDDEN' },
      { role: 'admin', for: 'other', status: 201 },
    ])('create as $role for the $for → $status', async ({ role, for: forWhom, status, code }) => {
      const before = await db.count('notes');
      const ownerId = forWhom === 'owner' ? owner.user.id : other.user.id;
      const response = await notes.create({ owner: ownerId, title: 'new' }, tokenOf(role));
      expect(response.status).toBe(status);
      if (code) expect(response.body.code).toBe(code);
      expect(await db.count('notes')).toBe(before + (status === 201 ? 1 : 0));
    });
  });

  describe('a public-read collection with owner writes', () => {
    let post: string;
    beforeEach(async () => {
      post = (await posts.insert({ owner: owner.user.id, title: 'hello' }, owner.token)).id;
    });

    it.each<Role>(['anonymous', 'owner', 'other', 'admin'])('list and view as %s → 200', async (role) => {
      expect(ids(await posts.list({ filter: `id = "${post}"` }, tokenOf(role)))).toEqual([post]);
      expect((await posts.get(post, tokenOf(role))).status).toBe(200);
    });

    it.each<{ role: Role; action: 'patch' | 'delete'; status: Outcome; code?: string }>([
      { role: 'anonymous', action: 'patch', status: 401, code: 'UNAUTHORIZED' },
      { role: 'other', action: 'patch', status: 403, code: 'FORBIDDEN' },
      { role: 'owner', action: 'patch', status: 200 },
      { role: 'admin', action: 'patch', status: 200 },
      { role: 'anonymous', action: 'delete', status: 401, code: 'UNAUTHORIZED' },
      { role: 'other', action: 'delete', status: 403, code: 'FORBIDDEN' },
      { role: 'owner', action: 'delete', status: 204 },
      { role: 'admin', action: 'delete', status: 204 },
    ])('$action as $role → $status', async ({ role, action, status, code }) => {
      const before = await db.row('posts', post);
      const response =
        action === 'patch'
          ? await posts.patch(post, { title: 'changed' }, tokenOf(role))
          : await posts.delete(post, tokenOf(role));
      expect(response.status).toBe(status);
      if (code) expect(response.body.code).toBe(code);
      const after = await db.row('posts', post);
      if (status >= 400) expect(after).toEqual(before);
      else if (action === 'patch') expect(after?.title).toBe('changed');
      else expect(after).toBeUndefined();
    });

    it.each<{ role: Role; what: string; body: () => Record<string, unknown>; status: Outcome; code?: string }>([
      { role: 'anonymous', what: 'owner', body: () => ({ owner: owner.user.id }), status: 401, code: 'UNAUTHORIZED' },
      { role: 'owner', what: 'the other user', body: () => ({ owner: other.user.id }), status: 403, code: 'FORBIDDEN' },
      { role: 'owner', what: 'no owner', body: () => ({}), status: 403, code: 'FORBIDDEN' },
      { role: 'owner', what: 'themselves', body: () => ({ owner: owner.user.id }), status: 201 },
      { role: 'admin', what: 'the other user', body: () => ({ owner: other.user.id }), status: 201 },
    ])('create as $role with owner = $what → $status (@request.body.owner = @request.auth.id)', async (row) => {
      const before = await db.count('posts');
      const response = await posts.create({ title: 'new', ...row.body() }, tokenOf(row.role));
      expect(response.status).toBe(row.status);
      if (row.code) expect(response.body.code).toBe(row.code);
      expect(await db.count('posts')).toBe(before + (row.status === 201 ? 1 : 0));
    });
  });

  describe('admins-only and anyone rules', () => {
    let setting: string;
    beforeAll(async () => {
      setting = (await settings.insert({ key: 'theme' }, admin.token)).id;
    });

    const actions: { name: string; send: (c: RecordsClient, id: string, token?: string) => Promise<HttpResult> }[] = [
      { name: 'list', send: (c, _id, token) => c.list({}, token) },
      { name: 'view', send: (c, id, token) => c.get(id, token) },
      { name: 'create', send: (c, _id, token) => c.create({}, token) },
      { name: 'update', send: (c, id, token) => c.patch(id, {}, token) },
      { name: 'delete', send: (c, id, token) => c.delete(id, token) },
      { name: 'bulk update', send: (c, _id, token) => c.bulkUpdate('id != null', {}, token) },
      { name: 'bulk delete', send: (c, _id, token) => c.bulkDelete('id != null', token) },
    ];

    it.each(
      actions.flatMap((action) => [
        { ...action, role: 'anonymous' as Role, status: 401, code: 'UNAUTHORIZED' },
        { ...action, role: 'owner' as Role, status: 403, code: 'FORBIDDEN' },
      ]),
    )('$name on a null rule as $role → $status', async ({ send, role, status, code }) => {
      const before = await db.rows('settings');
      expectProblem(await send(settings, setting, tokenOf(role)), status, code);
      expect(await db.rows('settings')).toEqual(before);
    });

    it.each(actions.filter((a) => !a.name.startsWith('bulk')))(
      '$name on a null rule as admin succeeds',
      async ({ send }) => {
        const id = (await settings.insert({ key: 'x' }, admin.token)).id;
        expect([200, 201, 204]).toContain((await send(settings, id, admin.token)).status);
      },
    );

    it.each(actions.filter((a) => !a.name.startsWith('bulk')))(
      '$name on a "" rule as anonymous succeeds',
      async ({ name, send }) => {
        const id = (await guestbook.insert({ message: 'hi' }, owner.token)).id;
        const response = await send(guestbook, id, undefined);
        expect([200, 201, 204]).toContain(response.status);
        if (name === 'create') expect(response.body.data.created_by).toBeNull();
      },
    );
  });

  describe('hidden fields', () => {
    beforeAll(async () => {
      await seedNotes();
    });

    it.each<{ name: string; params: Record<string, string>; field: string }>([
      { name: 'filter', params: { filter: 'secret_note = "m"' }, field: 'filter' },
      { name: 'filter through a negation', params: { filter: '!(secret_note != null)' }, field: 'filter' },
      { name: 'sort', params: { sort: 'secret_note' }, field: 'sort' },
      { name: 'sort descending', params: { sort: '-secret_note' }, field: 'sort' },
      { name: 'fields', params: { fields: 'id,secret_note' }, field: 'fields' },
    ])('a $name on a hidden field is refused for users (400), nothing leaks', async ({ params, field }) => {
      const response = await notes.list(params, owner.token);
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
    });

    it('admins may filter and sort on hidden fields, which are still not returned', async () => {
      const marker = randomUUID();
      const note = await notes.insert({ owner: owner.user.id, title: 'marked', secret_note: marker }, owner.token);
      const filtered = await notes.list({ filter: `secret_note = "${marker}"`, sort: '-secret_note' }, admin.token);
      expect(filtered.status).toBe(200);
      expect(ids(filtered)).toEqual([note.id]);
      expect(filtered.body.data[0]).not.toHaveProperty('secret_note');
      expect(filtered.text).not.toContain(marker);
    });

    it('a hidden-field filter an admin ran is still refused for anyone else, with the same rule text', async () => {
      // Public list rule: admins and others reach the filter with no rule parameters before it,
      // so only the kind of caller tells their compiled filters apart.
      await createCollection(http, admin, {
        name: 'open_notes',
        rules: { list: '', view: '', create: null, update: null, delete: null },
        fields: [
          { name: 'title', type: 'text' },
          { name: 'secret_note', type: 'text', options: { hidden: true } },
        ],
      });
      const openNotes = recordsClient(http, 'open_notes');
      const filter = 'secret_note = "m"';
      expect((await openNotes.list({ filter }, admin.token)).status).toBe(200);
      expectProblem(await openNotes.list({ filter }, owner.token), 400, 'VALIDATION_FAILED', 'filter');
      expectProblem(await openNotes.list({ filter }), 400, 'VALIDATION_FAILED', 'filter');
    });
  });

  describe('bulk changes apply the rule', () => {
    it('a user bulk-updates only their own records', async () => {
      const { mine, theirs } = await seedNotes();
      const theirsBefore = await db.row('notes', theirs);
      const mineCount = (await notes.list({ count: 'exact', limit: 1 }, owner.token)).body.meta.total;
      const response = await notes.bulkUpdate('id != null', { title: 'bulk' }, owner.token);
      expect(response.body).toEqual({ meta: { updated: mineCount } });
      expect((await db.row('notes', mine))?.title).toBe('bulk');
      expect(await db.row('notes', theirs)).toEqual(theirsBefore);
      const others = await db.client.query(
        `SELECT count(*)::int AS n FROM data.notes WHERE title = 'bulk' AND owner <> $1`,
        [owner.user.id],
      );
      expect(others.rows[0].n).toBe(0);
    });

    it("a filter naming another user's record matches nothing", async () => {
      const { theirs } = await seedNotes();
      const before = await db.row('notes', theirs);
      expect((await notes.bulkUpdate(`id = "${theirs}"`, { title: 'x' }, owner.token)).body).toEqual({
        meta: { updated: 0 },
      });
      expect((await notes.bulkDelete(`id = "${theirs}"`, owner.token)).body).toEqual({ meta: { deleted: 0 } });
      expect(await db.row('notes', theirs)).toEqual(before);
    });

    it('a user bulk-deletes only their own records; anonymous callers delete nothing', async () => {
      await seedNotes();
      const total = await db.count('notes');
      expect((await notes.bulkDelete('id != null', undefined)).body).toEqual({ meta: { deleted: 0 } });
      const { rows } = await db.client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM data.notes WHERE owner = $1',
        [other.user.id],
      );
      const response = await notes.bulkDelete('id != null', other.token);
      expect(response.body).toEqual({ meta: { deleted: rows[0]?.n } });
      expect(await db.count('notes')).toBe(total - (rows[0]?.n ?? 0));
      const left = await db.client.query('SELECT count(*)::int AS n FROM data.notes WHERE owner = $1', [other.user.id]);
      expect(left.rows[0].n).toBe(0);
    });
  });

  describe('related records under their own view rule', () => {
    let visibleAuthor: string;
    let hiddenAuthor: string;
    let bookByVisible: string;
    let bookByHidden: string;
    let hiddenBook: string;
    let books: RecordsClient;
    let authors: RecordsClient;

    beforeAll(async () => {
      const publishedOnly = {
        list: 'published = true',
        view: 'published = true',
        create: null,
        update: null,
        delete: null,
      };
      await createCollection(http, admin, {
        name: 'authors',
        rules: publishedOnly,
        fields: [
          { name: 'name', type: 'text' },
          { name: 'published', type: 'boolean', options: { default: false } },
        ],
      });
      await createCollection(http, admin, {
        name: 'books',
        rules: publishedOnly,
        fields: [
          { name: 'title', type: 'text' },
          { name: 'published', type: 'boolean', options: { default: false } },
          {
            name: 'author',
            type: 'relation',
            options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' },
          },
          { name: 'coauthors', type: 'relation', options: { kind: 'many_to_many', target: 'authors' } },
          ownerRelation(),
        ],
      });
      const added = await http.post(
        '/api/v1/collections/authors/fields',
        { name: 'books', type: 'relation', options: { kind: 'one_to_many', target: 'books', via: 'author' } },
        { token: admin.token },
      );
      expect(added.status).toBe(201);
      authors = recordsClient(http, 'authors');
      books = recordsClient(http, 'books');
      [visibleAuthor, hiddenAuthor] = (
        await authors.insertMany(
          [
            { name: 'Visible Author', published: true },
            { name: 'Hidden Author', published: false },
          ],
          admin.token,
        )
      ).map((r) => r.id) as [string, string];
      [bookByVisible, bookByHidden, hiddenBook] = (
        await books.insertMany(
          [
            {
              title: 'Open',
              published: true,
              author: visibleAuthor,
              coauthors: [visibleAuthor, hiddenAuthor],
              owner: owner.user.id,
            },
            { title: 'Ghost', published: true, author: hiddenAuthor, coauthors: [hiddenAuthor], owner: owner.user.id },
            { title: 'Draft', published: false, author: visibleAuthor, coauthors: [], owner: owner.user.id },
          ],
          admin.token,
        )
      ).map((r) => r.id) as [string, string, string];
    });

    function ownerRelation() {
      return {
        name: 'owner',
        type: 'relation',
        options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null' },
      };
    }

    it.each<Role>(['anonymous', 'other'])(
      'expand as %s shows only related records the target view rule allows',
      async (role) => {
        const response = await books.list({ expand: 'author,coauthors,owner', sort: 'title' }, tokenOf(role));
        expect(response.status).toBe(200);
        const byId = new Map<string, { author: string; expand: Record<string, unknown> }>(
          response.body.data.map((r: { id: string }) => [r.id, r]),
        );
        expect([...byId.keys()].sort()).toEqual([bookByVisible, bookByHidden].sort());
        expect(byId.get(bookByVisible)?.expand).toEqual({
          author: expect.objectContaining({ id: visibleAuthor, name: 'Visible Author' }),
          coauthors: [expect.objectContaining({ id: visibleAuthor })],
        });
        expect(byId.get(bookByHidden)?.author).toBe(hiddenAuthor);
        expect(byId.get(bookByHidden)?.expand).toEqual({ coauthors: [] });
        expect(response.text).not.toContain('Hidden Author');
        expect(response.text).not.toContain(owner.user.email);

        const one = await books.get(bookByHidden, tokenOf(role), { expand: 'author,coauthors' });
        expect(one.body.data.expand).toEqual({ coauthors: [] });
      },
    );

    it('expand of a one_to_many relation shows only the related records their view rule allows', async () => {
      const response = await authors.get(visibleAuthor, other.token, { expand: 'books' });
      expect(response.status).toBe(200);
      expect(response.body.data.expand.books.map((b: { id: string }) => b.id)).toEqual([bookByVisible]);
      const two = await authors.get(visibleAuthor, other.token, { expand: 'books.coauthors' });
      expect(two.body.data.expand.books[0].expand.coauthors.map((a: { id: string }) => a.id)).toEqual([visibleAuthor]);
    });

    it('admins see every related record in an expansion', async () => {
      const response = await books.get(bookByHidden, admin.token, { expand: 'author,coauthors,owner' });
      expect(response.body.data.expand).toEqual({
        author: expect.objectContaining({ id: hiddenAuthor }),
        coauthors: [expect.objectContaining({ id: hiddenAuthor })],
        owner: expect.objectContaining({ id: owner.user.id, email: owner.user.email }),
      });
      const reverse = await authors.get(visibleAuthor, admin.token, { expand: 'books' });
      expect(reverse.body.data.expand.books.map((b: { id: string }) => b.id).sort()).toEqual(
        [bookByVisible, hiddenBook].sort(),
      );
    });

    // A filter through a relation must not become an oracle for values the caller may not view:
    // either refused, or evaluated only over related records the target's view rule allows.
    it.each<{ name: string; filter: () => string; probe: () => string }>([
      {
        name: 'an author the authors view rule hides',
        filter: () => 'author.name = "Hidden Author"',
        probe: () => bookByHidden,
      },
      {
        name: 'a user (users: admins only)',
        filter: () => `owner.email = "${owner.user.email}"`,
        probe: () => bookByVisible,
      },
      { name: 'a hidden coauthor', filter: () => 'coauthors.name ~ "hidden"', probe: () => bookByHidden },
    ])('a filter through $name reveals nothing to a user', async ({ filter, probe }) => {
      const response = await books.list({ filter: filter() }, other.token);
      if (response.status === 200) expect(ids(response)).not.toContain(probe());
      else expect(response.status).toBe(400);
    });

    it('the same relation filter works for admins', async () => {
      const response = await books.list({ filter: 'author.name = "Hidden Author"' }, admin.token);
      expect(ids(response)).toEqual([bookByHidden]);
    });

    it('an unknown id in a rule-protected collection is a plain 404', async () => {
      expect((await books.get(randomUUID(), other.token)).status).toBe(404);
      expect((await books.get(hiddenBook, other.token)).status).toBe(404);
    });
  });
});
