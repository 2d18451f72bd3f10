// @stagecraft/client against the real API: records (list with filter, sort, fields, expand,
// count, limit and offset; cursor iteration; get; create one and many; update, replace and delete with If-Match;
// bulk changes by filter), problems as StagecraftError, the `filter` template with hostile
// input, and files (multipart with the write, a resumable upload that survives a dropped
// response and a restart, file tokens and a thumbnail URL).

import {
  createClient,
  filter,
  isStagecraftError,
  StagecraftError,
  type FileObject,
  type StagecraftClient,
} from '@stagecraft/client';
import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { controlledNetwork, signedInClient, type NetworkControl } from './support/client-sdk.js';
import { png } from './support/files.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

interface Author {
  readonly id: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly created_by: string | null;
  readonly version: number;
  readonly name: string;
}
interface Book extends Omit<Author, 'name'> {
  readonly title: string;
  readonly pages: number | null;
  readonly genre: 'novel' | 'essay' | null;
  readonly isbn: string | null;
  readonly author: string | null;
}
interface Album extends Omit<Author, 'name'> {
  readonly title: string;
  readonly cover: FileObject | null;
  readonly photos: FileObject[];
}
/** What `stagecraft gen types` would write for these collections (written out here to keep the spec alone). */
interface TestSchema {
  authors: { record: Author; create: { name: string }; update: { name?: string }; relations: Record<string, never> };
  books: {
    record: Book;
    create: {
      title: string;
      pages?: number | null;
      genre?: Book['genre'];
      isbn?: string | null;
      author?: string | null;
    };
    update: {
      title?: string;
      pages?: number | null;
      genre?: Book['genre'];
      isbn?: string | null;
      author?: string | null;
    };
    relations: { author: { target: 'authors'; many: false } };
  };
  albums: {
    record: Album;
    create: { title: string; cover?: Blob | string | { upload: string } | null; photos?: (Blob | string)[] | null };
    update: {
      title?: string;
      cover?: Blob | string | { upload: string } | null;
      photos?: (Blob | string)[] | null;
      'photos+'?: Blob | Blob[];
    };
    relations: Record<string, never>;
  };
}

describe('@stagecraft/client: records, problems and files', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let client: StagecraftClient<TestSchema>;
  let network: NetworkControl;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    await createCollection(http, admin, {
      name: 'authors',
      rules: OPEN_RULES,
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'books',
      rules: { ...OPEN_RULES, create: '@request.auth.id != null' },
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'pages', type: 'integer', options: { min: 1 } },
        { name: 'genre', type: 'select', options: { values: ['novel', 'essay'] } },
        { name: 'isbn', type: 'text', options: { unique: true } },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
      ],
    });
    await createCollection(http, admin, {
      name: 'albums',
      rules: { ...OPEN_RULES, create: '@request.auth.id != null', update: '@request.auth.id != null' },
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'cover', type: 'file', options: { mimeTypes: ['image/*'], thumbs: ['32x32'], protected: true } },
        { name: 'photos', type: 'file', options: { multiple: true } },
      ],
    });
    network = controlledNetwork();
    client = await signedInClient<TestSchema>(api.url, user, { fetch: network.fetch });
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  describe('records', () => {
    it('creates one and many, gets, lists with filter, sort, fields, expand and count', async () => {
      const books = client.collection('books');
      const author = await client.collection('authors').create({ name: 'Ursula' });
      const one = await books.create({ title: 'The Dispossessed', pages: 387, genre: 'novel', author: author.id });
      expect(one).toMatchObject({ title: 'The Dispossessed', version: 1, created_by: user.user.id });
      const many = await books.create([
        { title: 'Earthsea', pages: 205, genre: 'novel', author: author.id },
        { title: 'Dancing at the Edge', pages: 306, genre: 'essay' },
      ]);
      expect(many.map((book) => book.title)).toEqual(['Earthsea', 'Dancing at the Edge']);

      expect(await books.get(one.id)).toEqual(one);
      const page = await books.list({
        filter: 'pages > 250',
        sort: ['-pages'],
        fields: ['title', 'author'],
        expand: ['author'],
        count: 'exact',
        limit: 1,
      });
      expect(page.meta).toMatchObject({ limit: 1, total: 2, nextCursor: expect.any(String) });
      expect(page.data).toEqual([{ title: 'The Dispossessed', author: author.id, expand: { author } }]);
    });

    it('iterates every record through cursors', async () => {
      const books = client.collection('books');
      await books.create(Array.from({ length: 5 }, (_, i) => ({ title: `Volume ${i + 1}`, pages: 10 + i })));
      const titles: string[] = [];
      for await (const book of books.iterate({ filter: 'title ~ "Volume"', sort: 'pages', limit: 2 })) {
        titles.push(book.title);
      }
      expect(titles).toEqual(['Volume 1', 'Volume 2', 'Volume 3', 'Volume 4', 'Volume 5']);
      expect(network.matching('GET', /\/books\/records$/).filter((r) => r.path).length).toBeGreaterThanOrEqual(3);
    });

    it('pages with limit and offset under a sort', async () => {
      const books = client.collection('books');
      await books.create(Array.from({ length: 5 }, (_, i) => ({ title: `Chapter ${i + 1}`, pages: 101 + i })));
      const chapters = { filter: 'title ~ "Chapter"', sort: ['-pages'], fields: ['title', 'pages'] } as const;
      const second = await books.list({ ...chapters, limit: 2, offset: 2, count: 'exact' });
      expect(second.data).toEqual([
        { title: 'Chapter 3', pages: 103 },
        { title: 'Chapter 2', pages: 102 },
      ]);
      expect(second.meta).toMatchObject({ limit: 2, offset: 2, total: 5 });
      expect((await books.list({ ...chapters, limit: 2, offset: 4 })).data).toEqual([
        { title: 'Chapter 1', pages: 101 },
      ]);
      expect((await books.list({ ...chapters, limit: 2, offset: 5 })).data).toEqual([]);
    });

    it('updates and replaces with If-Match, and refuses a stale version with PRECONDITION_FAILED', async () => {
      const books = client.collection('books');
      const book = await books.create({ title: 'Draft', pages: 1 });
      const updated = await books.update(book.id, { pages: 2 }, { ifMatch: book });
      expect(updated).toMatchObject({ pages: 2, version: 2 });
      const stale = await books.update(book.id, { pages: 3 }, { ifMatch: book }).catch((error: unknown) => error);
      expect(stale).toBeInstanceOf(StagecraftError);
      expect(stale).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED', problem: { currentVersion: 2 } });
      const replaced = await books.replace(book.id, { title: 'Final' }, { ifMatch: 2 });
      expect(replaced).toMatchObject({ title: 'Final', pages: null, genre: null, version: 3 });
      await expect(books.delete(book.id, { ifMatch: 2 })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      await books.delete(book.id, { ifMatch: replaced });
      await expect(books.get(book.id)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it('changes and deletes by filter, answering how many', async () => {
      const books = client.collection('books');
      await books.create([{ title: 'Bulk A' }, { title: 'Bulk B' }, { title: 'Other' }]);
      expect(await books.updateMany('title ~ "Bulk"', { genre: 'essay' })).toBe(2);
      expect((await books.list({ filter: 'genre = "essay" && title ~ "Bulk"' })).data).toHaveLength(2);
      expect(await books.deleteMany('title ~ "Bulk"')).toBe(2);
    });

    it('writes user input into filters as literals', async () => {
      const books = client.collection('books');
      await books.create({ title: 'Plain' });
      const hostile = '") || title != ("';
      expect((await books.list({ filter: filter`title = ${hostile}` })).data).toEqual([]);
      expect((await books.list({ filter: filter`title = ${'Plain'}` })).data.map((b) => b.title)).toEqual(['Plain']);
    });

    it('lists the users collection for an admin', async () => {
      const asAdmin = await signedInClient(api.url, admin);
      const users = await asAdmin.collection('users').list({ fields: ['email'], sort: 'email' });
      expect(users.data.map((record) => record.email)).toEqual(
        expect.arrayContaining([admin.user.email, user.user.email]),
      );
    });
  });

  describe('problems', () => {
    it.each<[string, (c: StagecraftClient<TestSchema>) => Promise<unknown>, number, string, string | undefined]>([
      [
        'an invalid body',
        (c) => c.collection('books').create({ title: 'x', pages: 0 }),
        400,
        'VALIDATION_FAILED',
        'pages',
      ],
      [
        'a missing record',
        (c) => c.collection('books').get('01a24881-b5ec-753a-b8d0-c54739c77a6e'),
        404,
        'NOT_FOUND',
        undefined,
      ],
      ['a bad filter', (c) => c.collection('books').list({ filter: 'pages >' }), 400, 'VALIDATION_FAILED', 'filter'],
      [
        'an anonymous write',
        () => createClient<TestSchema>(api.url).collection('books').create({ title: 't' }),
        401,
        'UNAUTHORIZED',
        undefined,
      ],
    ])('turns %s into a StagecraftError with its problem', async (_what, call, status, code, field) => {
      const error = await call(client).catch((caught: unknown) => caught);
      expect(isStagecraftError(error, code)).toBe(true);
      const problem = error as StagecraftError;
      expect(problem).toMatchObject({ status, code, detail: expect.any(String), requestId: expect.any(String) });
      if (field) expect(problem.errors.map((e) => e.field)).toContain(field);
    });

    it('names the field of a unique violation', async () => {
      const books = client.collection('books');
      await books.create({ title: 'First', isbn: '978-0' });
      await expect(books.create({ title: 'Second', isbn: '978-0' })).rejects.toMatchObject({
        status: 409,
        code: 'UNIQUE_VIOLATION',
        errors: [expect.objectContaining({ field: 'isbn' })],
      });
    });
  });

  describe('files', () => {
    it('uploads files with the write, serves them through a file token and a thumbnail URL', async () => {
      const albums = client.collection('albums');
      const cover = new File([await png(64, 48)], 'cover.png', { type: 'image/png' });
      const album = await albums.create({ title: 'Summer', cover, photos: [new Blob([await png(8, 8)])] });
      expect(album.cover).toMatchObject({ type: 'image/png', width: 64, height: 48 });
      expect(album.photos).toHaveLength(1);
      const appended = await albums.update(album.id, { 'photos+': new Blob([await png(9, 9)]) });
      expect(appended.photos.map((photo) => photo.name)).toEqual([album.photos[0]?.name, expect.any(String)]);

      const coverFile = album.cover!;
      // A protected file needs a caller: a plain URL is refused, a file token opens it.
      expect((await fetch(client.files.url('albums', album, coverFile))).status).toBe(401);
      const { token, expiresIn } = await client.files.token('albums', album);
      expect(expiresIn).toBeGreaterThan(0);
      const original = await fetch(client.files.url('albums', album, coverFile, { token }));
      expect(original.status).toBe(200);
      expect(original.headers.get('content-type')).toBe('image/png');
      const thumb = await fetch(client.files.url('albums', album.id, coverFile.name, { token, thumb: '32x32' }));
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toBe('image/webp');
      const download = await fetch(client.files.url('albums', album, coverFile, { token, download: true }));
      expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    });

    it('uploads resumably: a chunk whose answer was lost is not sent again', async () => {
      const bytes = await png(400, 300);
      const image = new Blob([bytes, new Uint8Array(200_000)]);
      const chunkSize = 64 * 1024;
      let patches = 0;
      network.faults.push((request) => {
        if (request.method !== 'PATCH' || !request.path.startsWith('/api/v1/uploads/')) return undefined;
        patches += 1;
        return patches === 2 ? 'drop-response' : undefined;
      });
      const progress: number[] = [];
      const reference = await client.files.upload('albums', 'cover', image, {
        filename: 'big.png',
        chunkSize,
        onProgress: (sent) => progress.push(sent),
      });
      network.faults.length = 0;
      const uploads = network.matching('PATCH', /^\/api\/v1\/uploads\//);
      expect(uploads.reduce((total, request) => total + request.bytes, 0)).toBe(image.size);
      expect(network.matching('HEAD', /^\/api\/v1\/uploads\//)).toHaveLength(1);
      expect(progress.at(-1)).toBe(image.size);
      const album = await client.collection('albums').create({ title: 'Big', cover: reference });
      expect(album.cover).toMatchObject({ size: image.size, type: 'image/png', width: 400 });
    });

    it('resumes an upload begun earlier from the offset the server holds', async () => {
      const image = new Blob([await png(10, 10), new Uint8Array(100_000)]);
      const aborter = new AbortController();
      let started: string | undefined;
      const first = client.files.upload('albums', 'cover', image, {
        chunkSize: 40_000,
        signal: aborter.signal,
        onCreated: (id) => (started = id),
        onProgress: () => aborter.abort(),
      });
      await expect(first).rejects.toThrow();
      expect(started).toEqual(expect.any(String));
      const before = network.matching('PATCH', /^\/api\/v1\/uploads\//).length;
      const reference = await client.files.upload('albums', 'cover', image, { chunkSize: 40_000, resume: started });
      expect(reference).toEqual({ upload: started });
      const resumed = network.matching('PATCH', /^\/api\/v1\/uploads\//).slice(before);
      expect(resumed.reduce((total, request) => total + request.bytes, 0)).toBe(image.size - 40_000);
      const album = await client.collection('albums').create({ title: 'Resumed', cover: reference });
      expect(album.cover?.size).toBe(image.size);
    });

    it('refuses a file its field does not accept, with the problem', async () => {
      const text = new Blob(['just text']);
      await expect(client.files.upload('albums', 'cover', text)).rejects.toMatchObject({
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    });
  });
});
