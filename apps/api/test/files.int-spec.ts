// File fields end to end, through HTTP, once per storage driver (local disk, and S3 against a
// loopback s3rver): multipart writes (single, multiple with append/remove), sniffed types and
// size caps that store nothing, sanitised names, downloads under the view rule (ranges,
// validators, dispositions, active types), file tokens, thumbnails, and the lifecycle: files
// released by a replace, a record delete, a failed write, a dropped field or collection are
// removed by the worker after commit, and nothing is left behind.

import type { INestApplicationContext } from '@nestjs/common';
import { ThumbnailsService } from '@stagecraft/files';
import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  httpClient,
  runNode,
  startS3Server,
  TEST_REDIS_URL,
  waitFor,
  type HttpClient,
  type S3TestServer,
  type TestEnvironment,
} from '@stagecraft/testing';
import jwt from 'jsonwebtoken';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  download,
  filePath,
  jpeg,
  openBackstage,
  png,
  sendForm,
  sendTusChunk,
  startTusUpload,
  tusOffset,
  type FileBackstage,
} from './support/files.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, expectProblem, OPEN_RULES, recordsPath } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const JWT_SECRET = 'files-test-secret-0123456789abcdef0123';
const PUBLIC_URL = 'https://files.example.com';
const OWNER_ONLY = 'owner = @request.auth.id';
const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
);

type Driver = 'local' | 's3';

describe.each<Driver>(['local', 's3'])('files (%s driver)', (driver) => {
  let env: TestEnvironment;
  let s3: S3TestServer | undefined;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let backstage: FileBackstage;
  let admin: TestSession;
  let owner: TestSession;
  let other: TestSession;
  const collectionIds = new Map<string, string>();
  const storageEnv: Record<string, string> = {};

  const form = (
    method: 'POST' | 'PATCH' | 'PUT',
    collection: string,
    id: string | undefined,
    input: Parameters<typeof sendForm>[3],
    token?: string,
  ) => sendForm(api.url, method, recordsPath(collection, id), input, token);
  const get = (path: string, options?: Parameters<typeof download>[2]) => download(api.url, path, options);

  /** Waits until the worker has removed the file's bytes and its ledger row. */
  async function expectRemoved(collection: string, name: string): Promise<void> {
    await waitFor(
      async () =>
        (await backstage.row(name)) === undefined
          ? await backstage.keys(collectionIds.get(collection) as string)
          : null,
      (keys) => keys !== null && !keys.some((key) => key.endsWith(`/${name}`)),
      { what: `${name} removed`, timeoutMs: 15_000 },
    );
  }

  async function newCollection(input: Parameters<typeof createCollection>[2]): Promise<void> {
    await createCollection(http, admin, input);
    const listed = await http.get(`/api/v1/collections/${input.name}`, { token: admin.token });
    collectionIds.set(input.name, listed.body.data.id as string);
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    if (driver === 's3') {
      s3 = await startS3Server();
      Object.assign(storageEnv, {
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      });
    }
    const config = env.config({
      ...storageEnv,
      JWT_SECRET,
      RATE_LIMIT_AUTH_PER_IP: '1000',
      FILE_TOKEN_TTL_SECONDS: '60',
      PUBLIC_URL,
    });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    backstage = await openBackstage(config);
    admin = await setupAdmin(http);
    owner = await registerUser(http);
    other = await registerUser(http);
    await newCollection({
      name: 'albums',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        {
          name: 'cover',
          type: 'file',
          options: { mimeTypes: ['image/*'], maxSize: 200_000, thumbs: ['100x100', '0x50'] },
        },
        { name: 'pages', type: 'file', options: { multiple: true, maxFiles: 3, thumbs: ['50x50'] } },
        { name: 'drawing', type: 'file', options: { mimeTypes: ['image/svg+xml'] } },
      ],
    });
    await newCollection({
      name: 'diaries',
      rules: {
        list: OWNER_ONLY,
        view: OWNER_ONLY,
        create: '@request.auth.id != null',
        update: OWNER_ONLY,
        delete: OWNER_ONLY,
      },
      fields: [
        { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'cascade' } },
        { name: 'scan', type: 'file', options: { thumbs: ['50x50'] } },
      ],
    });
    await newCollection({
      name: 'vault',
      rules: OPEN_RULES,
      fields: [{ name: 'doc', type: 'file', options: { protected: true } }],
    });
  });

  afterAll(async () => {
    await backstage?.close();
    await api?.close();
    await worker?.close();
    await s3?.stop();
    await env?.dispose();
  });

  describe('writes', () => {
    it('creates a record with a file, sniffing its type and measuring it', async () => {
      const image = await png(40, 30);
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Summer' },
        files: [{ field: 'cover', name: 'beach photo.png', bytes: image, type: 'image/png' }],
      });
      expect(created.status).toBe(201);
      const cover = created.body.data.cover;
      expect(cover).toEqual({
        name: expect.stringMatching(/^beach_photo_[a-z0-9]{10}\.png$/),
        originalName: 'beach photo.png',
        size: image.length,
        type: 'image/png',
        checksum: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        width: 40,
        height: 30,
      });
      expect(created.body.data.pages).toEqual([]);
      expect(await backstage.row(cover.name)).toMatchObject({ state: 'attached', record_id: created.body.data.id });

      const fetched = await get(filePath('albums', created.body.data.id, cover.name));
      expect(fetched.status).toBe(200);
      expect(fetched.bytes.equals(image)).toBe(true);
      expect(fetched.headers.get('content-type')).toBe('image/png');
      expect(fetched.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(fetched.headers.get('content-disposition')).toMatch(/^inline; filename="beach photo.png"/);
      expect(fetched.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('puts file metadata, never bytes, in the record’s events', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Evented' },
        files: [{ field: 'pages', name: 'event.txt', bytes: Buffer.from('not in any event') }],
      });
      const [event] = await backstage.query<{ after: Record<string, unknown> }>(
        `SELECT after FROM stagecraft.outbox WHERE record_id = $1 AND action = 'create'`,
        [created.body.data.id],
      );
      expect(event?.after.pages).toEqual(created.body.data.pages);
      expect(JSON.stringify(event)).not.toContain('not in any event');
    });

    it('takes text parts typed by their field, and repeats of a multiple field as a list', async () => {
      const created = await form('POST', 'albums', undefined, {
        text: [['title', 'Notes']],
        files: [
          { field: 'pages', name: 'one.txt', bytes: Buffer.from('page one') },
          { field: 'pages', name: 'two.txt', bytes: Buffer.from('page two') },
        ],
      });
      expect(created.status).toBe(201);
      expect(created.body.data.title).toBe('Notes');
      expect(created.body.data.pages.map((page: { originalName: string }) => page.originalName)).toEqual([
        'one.txt',
        'two.txt',
      ]);
      expect(created.body.data.pages[0].type).toBe('text/plain');
    });

    it('appends with "field+", removes with "field-", and keeps files named in a JSON list', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Book' },
        files: [
          { field: 'pages', name: 'a.txt', bytes: Buffer.from('a') },
          { field: 'pages', name: 'b.txt', bytes: Buffer.from('b') },
        ],
      });
      const id = created.body.data.id as string;
      const [a, b] = created.body.data.pages as { name: string }[];
      const appended = await form('PATCH', 'albums', id, {
        files: [{ field: 'pages+', name: 'c.txt', bytes: Buffer.from('c') }],
        text: [['pages-', a?.name as string]],
      });
      expect(appended.status).toBe(200);
      const names = appended.body.data.pages.map((page: { name: string }) => page.name);
      expect(names).toHaveLength(2);
      expect(names[0]).toBe(b?.name);
      await expectRemoved('albums', a?.name as string);

      // A JSON body keeps (and orders) files by name; leaving one out releases it.
      const kept = await http.patch(recordsPath('albums', id), { pages: [names[1]] });
      expect(kept.status).toBe(200);
      expect(kept.body.data.pages.map((page: { name: string }) => page.name)).toEqual([names[1]]);
      await expectRemoved('albums', b?.name as string);
    });

    it('refuses more files than maxFiles, a name the record does not hold, and files in bulk updates', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Full' },
        files: ['1', '2', '3'].map((n) => ({ field: 'pages', name: `${n}.txt`, bytes: Buffer.from(n) })),
      });
      const id = created.body.data.id as string;
      const before = (await backstage.rows()).length;
      const tooMany = await form('PATCH', 'albums', id, {
        files: [{ field: 'pages+', name: '4.txt', bytes: Buffer.from('4') }],
      });
      expectProblem(tooMany, 400, 'VALIDATION_FAILED', 'pages');
      const unknown = await http.patch(recordsPath('albums', id), { pages: ['not_held_abcdefghij.txt'] });
      expectProblem(unknown, 400, 'VALIDATION_FAILED', 'pages');
      const bulk = await http.patch(`${recordsPath('albums')}?filter=${encodeURIComponent(`id = "${id}"`)}`, {
        pages: [],
      });
      expectProblem(bulk, 400, 'VALIDATION_FAILED', 'pages');
      // The refused upload is released and removed.
      await waitFor(
        async () => (await backstage.rows()).length,
        (count) => count === before,
        { what: 'refused upload removed' },
      );
    });

    it('replaces a single file and removes the one it replaced', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Cover swap' },
        files: [{ field: 'cover', name: 'old.png', bytes: await png(10, 10) }],
      });
      const old = created.body.data.cover.name as string;
      const replaced = await form('PATCH', 'albums', created.body.data.id, {
        files: [{ field: 'cover', name: 'new.png', bytes: await png(12, 12) }],
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body.data.cover.originalName).toBe('new.png');
      await expectRemoved('albums', old);
      const cleared = await http.patch(recordsPath('albums', created.body.data.id), { cover: null });
      expect(cleared.body.data.cover).toBeNull();
      await expectRemoved('albums', replaced.body.data.cover.name);
    });

    it('refuses a spoofed type by its content and stores nothing', async () => {
      const before = await backstage.keys(collectionIds.get('albums') as string);
      const spoofed = await form('POST', 'albums', undefined, {
        json: { title: 'Spoof' },
        files: [
          {
            field: 'cover',
            name: 'photo.png',
            bytes: Buffer.from('#!/bin/sh\necho not an image\n'),
            type: 'image/png',
          },
        ],
      });
      expectProblem(spoofed, 415, 'UNSUPPORTED_MEDIA_TYPE', 'cover');
      expect(await backstage.keys(collectionIds.get('albums') as string)).toEqual(before);
    });

    it('refuses an over-size file with 413 and stores nothing', async () => {
      const before = await backstage.keys(collectionIds.get('albums') as string);
      const rows = (await backstage.rows()).length;
      const large = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#123456' } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      expect(large.length).toBeGreaterThan(200_000);
      const refused = await form('POST', 'albums', undefined, {
        json: { title: 'Big' },
        files: [{ field: 'cover', name: 'big.png', bytes: large }],
      });
      expectProblem(refused, 413, 'PAYLOAD_TOO_LARGE', 'cover');
      expect(await backstage.keys(collectionIds.get('albums') as string)).toEqual(before);
      expect((await backstage.rows()).length).toBe(rows);
    });

    it('keeps a path-traversal name as metadata only', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Traversal' },
        files: [{ field: 'pages', name: '../../etc/pass\u0000wd\u202e.txt', bytes: Buffer.from('x') }],
      });
      expect(created.status).toBe(201);
      const [page] = created.body.data.pages as { name: string; originalName: string }[];
      expect(page?.name).toMatch(/^[A-Za-z0-9_-]+\.txt$/);
      expect(['/', '\\', '\u0000', '\u202e'].filter((char) => page?.originalName.includes(char))).toEqual([]);
      const row = await backstage.row(page?.name as string);
      expect(row?.storage_key).toBe(`${collectionIds.get('albums')}/${row?.id}/${page?.name}`);
    });

    it('refuses file parts for fields that are not files, and callers who may not write', async () => {
      const wrongField = await form('POST', 'albums', undefined, {
        json: { title: 'x' },
        files: [{ field: 'title', name: 'a.txt', bytes: Buffer.from('a') }],
      });
      expectProblem(wrongField, 400, 'VALIDATION_FAILED', 'title');
      const appendToSingle = await form('POST', 'albums', undefined, {
        json: { title: 'x' },
        files: [{ field: 'cover+', name: 'a.png', bytes: await png(5, 5) }],
      });
      expectProblem(appendToSingle, 400, 'VALIDATION_FAILED', 'cover+');
      const anonymous = await form('POST', 'diaries', undefined, {
        files: [{ field: 'scan', name: 'a.txt', bytes: Buffer.from('a') }],
      });
      expectProblem(anonymous, 401, 'UNAUTHORIZED');
      const notJson = await form('POST', 'albums', undefined, { text: [['@json', '[1,2]']] });
      expectProblem(notJson, 400, 'VALIDATION_FAILED', '@json');
    });

    it('removes the uploads of a write that fails after they were stored', async () => {
      const refused = await form('POST', 'albums', undefined, {
        json: {},
        files: [{ field: 'pages', name: 'orphan.txt', bytes: Buffer.from('never attached') }],
      });
      expectProblem(refused, 400, 'VALIDATION_FAILED', 'title');
      await waitFor(
        async () => (await backstage.rows()).filter((row) => row.state !== 'attached').length,
        (count) => count === 0,
        { what: 'no pending or released file left', timeoutMs: 15_000 },
      );
      const keys = await backstage.keys(collectionIds.get('albums') as string);
      const names = new Set((await backstage.rows()).map((row) => row.storage_key));
      expect(keys.filter((key) => !key.includes('/thumbs/')).every((key) => names.has(key))).toBe(true);
    });
  });

  describe('resumable uploads (tus)', () => {
    const target = { collection: 'albums', field: 'pages', filename: 'big notes.txt' };

    it('takes a file in chunks, resumes at the offset held, and attaches it by its upload id', async () => {
      const bytes = Buffer.from('0123456789'.repeat(10_000));
      const started = await startTusUpload(api.url, target, bytes.length, owner.token);
      expect(started.status).toBe(201);
      expect(started.location).toMatch(/^\/api\/v1\/uploads\/[A-Za-z0-9_-]+$/);
      const first = await sendTusChunk(api.url, started.id, 0, bytes.subarray(0, 40_000), owner.token);
      expect(first).toMatchObject({ status: 204, offset: 40_000 });
      expect(await tusOffset(api.url, started.id, owner.token)).toEqual({ status: 200, offset: 40_000 });
      // A chunk at the wrong offset is refused; the upload goes on from where it is.
      expect((await sendTusChunk(api.url, started.id, 10, bytes.subarray(10, 20), owner.token)).status).toBe(409);
      const rest = await sendTusChunk(api.url, started.id, 40_000, bytes.subarray(40_000), owner.token);
      expect(rest).toMatchObject({ status: 204, offset: bytes.length });

      const created = await http.post(
        recordsPath('albums'),
        { title: 'Big', pages: [{ upload: started.id }] },
        { token: owner.token },
      );
      expect(created.status).toBe(201);
      const page = created.body.data.pages[0] as { name: string; originalName: string; size: number; type: string };
      expect(page).toMatchObject({ originalName: 'big notes.txt', size: bytes.length, type: 'text/plain' });
      const fetched = await get(filePath('albums', created.body.data.id, page.name));
      expect(fetched.bytes.equals(bytes)).toBe(true);
      // An upload is attached once.
      const again = await http.post(
        recordsPath('albums'),
        { title: 'Again', pages: [{ upload: started.id }] },
        { token: owner.token },
      );
      expectProblem(again, 400, 'VALIDATION_FAILED', 'pages');
    });

    it('checks the target and the size before any byte arrives', async () => {
      const tooBig = await startTusUpload(api.url, { ...target, field: 'cover' }, 300_000, owner.token);
      expect(tooBig.status).toBe(413);
      expect(JSON.parse(tooBig.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect((await startTusUpload(api.url, { collection: 'albums' }, 10, owner.token)).status).toBe(400);
      expect((await startTusUpload(api.url, { ...target, field: 'title' }, 10, owner.token)).status).toBe(400);
      expect((await startTusUpload(api.url, { ...target, collection: 'nowhere' }, 10, owner.token)).status).toBe(404);
      expect((await startTusUpload(api.url, { collection: 'diaries', field: 'scan' }, 10)).status).toBe(401);
      expect((await startTusUpload(api.url, target, 10, 'not-a-token')).status).toBe(401);
    });

    it('lets only the uploader continue an upload or attach it', async () => {
      const bytes = Buffer.from('mine, all mine');
      const started = await startTusUpload(api.url, target, bytes.length, owner.token);
      expect((await sendTusChunk(api.url, started.id, 0, bytes, other.token)).status).toBe(404);
      expect((await tusOffset(api.url, started.id, other.token)).status).toBe(404);
      expect((await sendTusChunk(api.url, started.id, 0, bytes, owner.token)).status).toBe(204);
      const stolen = await http.post(
        recordsPath('albums'),
        { title: 'Theft', pages: [{ upload: started.id }] },
        { token: other.token },
      );
      expectProblem(stolen, 400, 'VALIDATION_FAILED', 'pages');
      const wrongField = await http.post(
        recordsPath('albums'),
        { title: 'Wrong', cover: { upload: started.id } },
        { token: owner.token },
      );
      expectProblem(wrongField, 400, 'VALIDATION_FAILED', 'cover');
    });

    it('refuses a completed upload whose content the field does not accept', async () => {
      const pending = async () => (await backstage.rows()).filter((row) => row.state === 'pending').length;
      const before = await pending();
      const bytes = Buffer.from('plain text posing as a picture');
      const started = await startTusUpload(
        api.url,
        { collection: 'albums', field: 'cover', filename: 'x.png' },
        bytes.length,
        owner.token,
      );
      const finished = await sendTusChunk(api.url, started.id, 0, bytes, owner.token);
      expect(finished.status).toBe(415);
      expect(JSON.parse(finished.body)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(await pending()).toBe(before);
      expect((await tusOffset(api.url, started.id, owner.token)).status).toBe(404);
    });
  });

  describe('downloads', () => {
    let albumId: string;
    let coverName: string;
    let image: Buffer;

    beforeAll(async () => {
      image = await jpeg(300, 200);
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Downloads' },
        files: [{ field: 'cover', name: 'cover.jpg', bytes: image }],
      });
      albumId = created.body.data.id;
      coverName = created.body.data.cover.name;
    });

    it('answers ranges, validators and attachment requests', async () => {
      const path = filePath('albums', albumId, coverName);
      const first = await get(path);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(first.headers.get('accept-ranges')).toBe('bytes');

      const ranged = await get(path, { headers: { range: 'bytes=10-19' } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get('content-range')).toBe(`bytes 10-19/${image.length}`);
      expect(ranged.bytes.equals(image.subarray(10, 20))).toBe(true);
      const suffix = await get(path, { headers: { range: 'bytes=-5' } });
      expect(suffix.bytes.equals(image.subarray(image.length - 5))).toBe(true);
      const past = await get(path, { headers: { range: `bytes=${image.length + 10}-` } });
      expectProblem(past, 416, 'RANGE_NOT_SATISFIABLE');
      expect(past.headers.get('content-range')).toBe(`bytes */${image.length}`);

      const unchanged = await get(path, { headers: { 'if-none-match': etag } });
      expect(unchanged.status).toBe(304);
      const saved = await get(`${path}?download=1`);
      expect(saved.headers.get('content-disposition')).toMatch(/^attachment; filename="cover.jpg"/);
    });

    it('serves active types as sandboxed attachments', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Drawing' },
        files: [{ field: 'drawing', name: 'evil.svg', bytes: SVG_WITH_SCRIPT, type: 'image/svg+xml' }],
      });
      expect(created.status).toBe(201);
      expect(created.body.data.drawing.type).toBe('image/svg+xml');
      const served = await get(filePath('albums', created.body.data.id, created.body.data.drawing.name));
      expect(served.status).toBe(200);
      expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(served.headers.get('content-security-policy')).toBe('sandbox');
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      // An SVG is not admitted by `image/*`: it must be listed by name.
      const asCover = await form('POST', 'albums', undefined, {
        json: { title: 'Drawing as cover' },
        files: [{ field: 'cover', name: 'evil.svg', bytes: SVG_WITH_SCRIPT }],
      });
      expectProblem(asCover, 415, 'UNSUPPORTED_MEDIA_TYPE', 'cover');
    });

    it('redirects allowed downloads to a signed URL of the bucket with S3_SIGNED_DOWNLOADS', async () => {
      if (driver !== 's3') return; // the local driver has no signed URLs: covered by the stream tests above
      // A built API in its own process (two Nest apps in one process would share module state).
      ensureBuilt();
      const port = await freePort();
      const signing = runNode('dist/apps/api/src/main.js', [], {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: env.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: env.redisPrefix,
        FILES_DIR: env.filesDir,
        LOG_LEVEL: 'warn',
        JWT_SECRET,
        PUBLIC_URL,
        ...storageEnv,
        S3_SIGNED_DOWNLOADS: 'true',
      });
      const signingUrl = `http://127.0.0.1:${port}`;
      try {
        const path = filePath('albums', albumId, coverName, '?download=1');
        await waitFor(
          () =>
            fetch(`${signingUrl}/health/live`).then(
              (response) => response.status,
              () => 0,
            ),
          (status) => status === 200,
          { what: 'the signing API', timeoutMs: 20_000 },
        );
        const redirected = await download(signingUrl, path);
        expect(redirected.status).toBe(302);
        expect(redirected.headers.get('cache-control')).toBe('private, no-store');
        const signed = await fetch(redirected.headers.get('location') as string);
        expect(signed.status).toBe(200);
        expect(Buffer.from(await signed.arrayBuffer()).equals(image)).toBe(true);
        expect(signed.headers.get('content-disposition')).toMatch(/^attachment; filename="cover.jpg"/);
        // The access check comes first: no redirect for what the caller may not see.
        expectProblem(
          await download(signingUrl, filePath('albums', albumId, 'missing_abcdefghij.png')),
          404,
          'NOT_FOUND',
        );
      } finally {
        await signing.stop();
      }
    });

    it('is 404 for names the record does not hold and malformed addresses', async () => {
      expectProblem(await get(filePath('albums', albumId, 'missing_abcdefghij.png')), 404, 'NOT_FOUND');
      expectProblem(await get(filePath('albums', '00000000-0000-7000-8000-000000000000', coverName)), 404, 'NOT_FOUND');
      expectProblem(await get(filePath('albums', 'not-a-uuid', coverName)), 404, 'NOT_FOUND');
      expectProblem(await get(filePath('nowhere', albumId, coverName)), 404, 'NOT_FOUND');
      expectProblem(await get(filePath('albums', albumId, '..%2F..%2Fetc%2Fpasswd')), 404, 'NOT_FOUND');
    });

    it('makes thumbnails of the field’s presets only, once, and serves the original of non-images', async () => {
      const thumbnails = api.app.get(ThumbnailsService);
      const before = thumbnails.renderer.transforms;
      const path = filePath('albums', albumId, coverName, '?thumb=100x100');
      const results = await Promise.all(Array.from({ length: 8 }, () => get(path)));
      expect(results.map((result) => result.status)).toEqual(Array(8).fill(200));
      expect(thumbnails.renderer.transforms).toBe(before + 1);
      const metrics = await http.get('/metrics');
      expect(metrics.text).toContain(`stagecraft_thumbnail_transforms_total ${before + 1}`);
      const meta = await sharp(results[0]?.bytes).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
        format: 'webp',
        width: 100,
        height: 100,
      });
      expect(results[0]?.headers.get('content-type')).toBe('image/webp');

      const again = await get(path);
      expect(again.bytes.equals(results[0]?.bytes as Buffer)).toBe(true);
      expect(thumbnails.renderer.transforms).toBe(before + 1);
      const keys = await backstage.keys(collectionIds.get('albums') as string);
      expect(keys).toContain(
        `${(await backstage.row(coverName))?.storage_key.replace(/[^/]+$/, '')}thumbs/100x100.webp`,
      );

      const byHeight = await get(filePath('albums', albumId, coverName, '?thumb=0x50'));
      expect((await sharp(byHeight.bytes).metadata()).height).toBe(50);
      expectProblem(
        await get(filePath('albums', albumId, coverName, '?thumb=640x480')),
        400,
        'VALIDATION_FAILED',
        'thumb',
      );
      expectProblem(await get(filePath('albums', albumId, coverName, '?thumb=big')), 400, 'VALIDATION_FAILED');

      const text = await form('POST', 'albums', undefined, {
        json: { title: 'Text page' },
        files: [{ field: 'pages', name: 'page.txt', bytes: Buffer.from('just words') }],
      });
      const page = text.body.data.pages[0] as { name: string };
      const original = await get(filePath('albums', text.body.data.id, page.name, '?thumb=50x50'));
      expect({ status: original.status, type: original.headers.get('content-type'), text: original.text }).toEqual({
        status: 200,
        type: 'text/plain',
        text: 'just words',
      });
    });
  });

  describe('access', () => {
    let diaryId: string;
    let scanName: string;
    let vaultId: string;
    let docName: string;

    beforeAll(async () => {
      const diary = await form(
        'POST',
        'diaries',
        undefined,
        {
          json: { owner: owner.user.id },
          files: [{ field: 'scan', name: 'scan.txt', bytes: Buffer.from('private words') }],
        },
        owner.token,
      );
      expect(diary.status).toBe(201);
      diaryId = diary.body.data.id;
      scanName = diary.body.data.scan.name;
      const vault = await form('POST', 'vault', undefined, {
        files: [{ field: 'doc', name: 'doc.txt', bytes: Buffer.from('protected words') }],
      });
      vaultId = vault.body.data.id;
      docName = vault.body.data.doc.name;
    });

    it('follows the record’s view rule', async () => {
      const path = filePath('diaries', diaryId, scanName);
      expect((await get(path, { token: owner.token })).status).toBe(200);
      expect((await get(path, { token: owner.token })).headers.get('cache-control')).toBe('private, max-age=300');
      expect((await get(path, { token: admin.token })).status).toBe(200);
      expectProblem(await get(path, { token: other.token }), 404, 'NOT_FOUND');
      expectProblem(await get(path), 404, 'NOT_FOUND');
      // Thumbnails go through the same check.
      expect((await get(`${path}?thumb=50x50`, { token: owner.token })).status).toBe(200);
      expectProblem(await get(`${path}?thumb=50x50`, { token: other.token }), 404, 'NOT_FOUND');
      expectProblem(await get(`${path}?thumb=50x50`), 404, 'NOT_FOUND');
    });

    it('needs a caller or a file token for protected files', async () => {
      const path = filePath('vault', vaultId, docName);
      expectProblem(await get(path), 401, 'UNAUTHORIZED');
      expect((await get(path, { token: other.token })).status).toBe(200);

      const issued = await http.post(
        '/api/v1/files/token',
        { collection: 'vault', record_id: vaultId },
        { token: other.token },
      );
      expect(issued.status).toBe(201);
      expect(issued.body.expires_in).toBe(60);
      const withToken = await get(`${path}?token=${issued.body.token}`);
      expect(withToken.status).toBe(200);
      expect(withToken.text).toBe('protected words');
    });

    it('refuses file tokens that expired, are forged, or name another record', async () => {
      const path = filePath('vault', vaultId, docName);
      const issued = await http.post(
        '/api/v1/files/token',
        { collection: 'vault', record_id: vaultId },
        { token: owner.token },
      );
      const claims = jwt.decode(issued.body.token) as Record<string, unknown>;
      const { iat: _iat, exp: _exp, ...rest } = claims;
      const expired = jwt.sign({ ...rest, exp: Math.floor(Date.now() / 1000) - 10 }, JWT_SECRET, {
        algorithm: 'HS256',
      });
      expectProblem(await get(`${path}?token=${expired}`), 401, 'UNAUTHORIZED');
      const forged = jwt.sign(rest, 'another-secret-0123456789abcdef0123456', { algorithm: 'HS256', expiresIn: 60 });
      expectProblem(await get(`${path}?token=${forged}`), 401, 'UNAUTHORIZED');
      // An access token is not a file token.
      expectProblem(await get(`${path}?token=${owner.token}`), 401, 'UNAUTHORIZED');

      const otherVault = await form('POST', 'vault', undefined, {
        files: [{ field: 'doc', name: 'b.txt', bytes: Buffer.from('b') }],
      });
      const otherPath = filePath('vault', otherVault.body.data.id, otherVault.body.data.doc.name);
      expectProblem(await get(`${otherPath}?token=${issued.body.token}`), 403, 'FORBIDDEN');
    });

    it('issues file tokens only to callers who may see the record', async () => {
      const body = { collection: 'diaries', record_id: diaryId };
      expect((await http.post('/api/v1/files/token', body, { token: owner.token })).status).toBe(201);
      expectProblem(await http.post('/api/v1/files/token', body, { token: other.token }), 404, 'NOT_FOUND');
      expectProblem(await http.post('/api/v1/files/token', body), 401, 'UNAUTHORIZED');
      expectProblem(
        await http.post('/api/v1/files/token', { collection: 'diaries', record_id: 'x' }, { token: owner.token }),
        400,
        'VALIDATION_FAILED',
      );
      // A token does not outlive the caller's right to see the record: here the diary changes hands.
      const issued = await http.post('/api/v1/files/token', body, { token: owner.token });
      const path = `${filePath('diaries', diaryId, scanName)}?token=${issued.body.token}`;
      expect((await get(path)).status).toBe(200);
      expect(
        (await http.patch(recordsPath('diaries', diaryId), { owner: other.user.id }, { token: owner.token })).status,
      ).toBe(200);
      expectProblem(await get(path), 404, 'NOT_FOUND');
    });
  });

  describe('imports and exports', () => {
    it('exports each file’s metadata with its download URL', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Exported' },
        files: [{ field: 'pages', name: 'export.txt', bytes: Buffer.from('exported words') }],
      });
      const started = await http.post(
        '/api/v1/collections/albums/export',
        { format: 'ndjson', filter: `id = "${created.body.data.id}"` },
        { token: admin.token },
      );
      expect(started.status).toBe(202);
      const done = await waitFor(
        async () => (await http.get(`/api/v1/jobs/${started.body.id}`, { token: admin.token })).body,
        (job) => job.state === 'completed' || job.state === 'failed',
        { what: 'export finished' },
      );
      expect(done.state).toBe('completed');
      const file = await get(`/api/v1/jobs/${started.body.id}/download`, { token: admin.token });
      const [line] = file.text
        .trim()
        .split('\n')
        .map((text) => JSON.parse(text));
      const page = created.body.data.pages[0];
      expect(line.pages).toEqual([
        { ...page, url: `${PUBLIC_URL}${filePath('albums', created.body.data.id, page.name)}` },
      ]);
    });

    it('refuses file fields in imports, in every format, and imports nothing', async () => {
      const imported = async (contentType: string, body: string) => {
        const response = await fetch(`${api.url}/api/v1/collections/albums/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin.token}`, 'content-type': contentType },
          body,
        });
        expect(response.status).toBe(202);
        const id = ((await response.json()) as { id: string }).id;
        return waitFor(
          async () => (await http.get(`/api/v1/jobs/${id}`, { token: admin.token })).body,
          (job) => job.state === 'completed' || job.state === 'failed',
          { what: 'import finished' },
        );
      };
      const before = (await http.get(`${recordsPath('albums')}?count=exact&limit=1`)).body.meta.total as number;
      const csv = await imported('text/csv', 'title,cover\nImported,photo_abcdefghij.png\n');
      expect(JSON.stringify(csv)).toContain('Cover cannot be imported: files are uploaded through the records API.');
      // A stored name would pass the body's shape: the importer refuses the field itself.
      const ndjson = await imported('application/x-ndjson', '{"title":"Imported","pages":["page_abcdefghij.txt"]}\n');
      expect(JSON.stringify(ndjson)).toContain('Pages cannot be imported: files are uploaded through the records API.');
      expect((await http.get(`${recordsPath('albums')}?count=exact&limit=1`)).body.meta.total).toBe(before);
    });
  });

  describe('lifecycle', () => {
    it('removes a deleted record’s files after the delete commits', async () => {
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Delete me' },
        files: [{ field: 'pages', name: 'gone.txt', bytes: Buffer.from('bye') }],
      });
      const name = created.body.data.pages[0].name as string;
      expect((await http.delete(recordsPath('albums', created.body.data.id))).status).toBe(204);
      await expectRemoved('albums', name);
    });

    it('keeps a released file whose bytes cannot be removed, and removes it on a later try', async () => {
      if (driver !== 'local') return; // the failure is made on disk; the retry path is the same for S3
      const created = await form('POST', 'albums', undefined, {
        json: { title: 'Stuck' },
        files: [{ field: 'pages', name: 'stuck.txt', bytes: Buffer.from('stuck') }],
      });
      const name = created.body.data.pages[0].name as string;
      // A file where the collection's folder was: removing anything under it fails (ENOTDIR).
      const folder = join(env.filesDir, 'storage', collectionIds.get('albums') as string);
      await rename(folder, `${folder}.aside`);
      await writeFile(folder, 'in the way');
      try {
        expect((await http.delete(recordsPath('albums', created.body.data.id))).status).toBe(204);
        const stuck = await waitFor(
          async () =>
            (
              await backstage.query<{ state: string; removal_attempts: number; last_error: string | null }>(
                'SELECT state, removal_attempts, last_error FROM stagecraft.stored_files WHERE name = $1',
                [name],
              )
            )[0],
          (row) => (row?.removal_attempts ?? 0) >= 1,
          { what: 'a failed removal attempt', timeoutMs: 15_000 },
        );
        expect(stuck).toMatchObject({ state: 'orphaned', last_error: expect.stringContaining('ENOTDIR') });
      } finally {
        await rm(folder);
        await rename(`${folder}.aside`, folder);
      }
      // The failed job is retried with backoff; this time the bytes go, then the row.
      await expectRemoved('albums', name);
    });

    it('removes files of records deleted by a cascade', async () => {
      const user = await registerUser(http);
      const diary = await form(
        'POST',
        'diaries',
        undefined,
        {
          json: { owner: user.user.id },
          files: [{ field: 'scan', name: 'cascade.txt', bytes: Buffer.from('cascade') }],
        },
        user.token,
      );
      expect((await http.delete(`/api/v1/users/${user.user.id}`, { token: admin.token })).status).toBe(204);
      await expectRemoved('diaries', diary.body.data.scan.name);
    });

    it('refuses to switch multiple while records hold files, and allows it on an empty field', async () => {
      await newCollection({ name: 'toggles', rules: OPEN_RULES, fields: [{ name: 'doc', type: 'file' }] });
      const path = '/api/v1/collections/toggles/fields/doc';
      const held = await form('POST', 'toggles', undefined, {
        files: [{ field: 'doc', name: 'one.txt', bytes: Buffer.from('one') }],
      });
      const refused = await http.patch(path, { options: { multiple: true } }, { token: admin.token });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain(held.body.data.id);
      expect((await http.delete(recordsPath('toggles', held.body.data.id))).status).toBe(204);
      expect((await http.patch(path, { options: { multiple: true } }, { token: admin.token })).status).toBe(200);
    });

    it('removes the files of a dropped field and of a dropped collection', async () => {
      await newCollection({
        name: 'scratch',
        rules: OPEN_RULES,
        fields: [
          { name: 'a', type: 'file' },
          { name: 'b', type: 'file' },
        ],
      });
      const created = await form('POST', 'scratch', undefined, {
        files: [
          { field: 'a', name: 'a.txt', bytes: Buffer.from('a') },
          { field: 'b', name: 'b.txt', bytes: Buffer.from('b') },
        ],
      });
      expect(created.status).toBe(201);
      const dropped = await http.delete('/api/v1/collections/scratch/fields/a', { token: admin.token });
      expect(dropped.status).toBe(200);
      await expectRemoved('scratch', created.body.data.a.name);
      expect(await backstage.row(created.body.data.b.name)).toMatchObject({ state: 'attached' });
      expect((await http.delete('/api/v1/collections/scratch', { token: admin.token })).status).toBe(200);
      await expectRemoved('scratch', created.body.data.b.name);
    });
  });
});
