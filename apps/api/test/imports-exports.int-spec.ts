// Imports and exports through real HTTP with the real worker in-process: uploads streamed to
// disk, rows validated like record creates and inserted in batches by the worker, exports
// written by the worker and downloaded through the API, all followed via /api/v1/jobs/{id}.

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { bullmqConnectionOptions } from '@stagecraft/redis';
import {
  createTestEnvironment,
  httpClient,
  TEST_REDIS_URL,
  waitFor,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import {
  createCollection,
  expectProblem,
  OPEN_RULES,
  openDataDb,
  queryString,
  recordsClient,
  type DataDb,
} from './support/records.js';

const IMPORT_MAX_BYTES = 8 * 1024 * 1024;
const importPath = (collection: string, query: Record<string, string> = {}) =>
  `/api/v1/collections/${collection}/import${queryString(query)}`;
const exportPath = (collection: string) => `/api/v1/collections/${collection}/export`;
const jobPath = (id: string) => `/api/v1/jobs/${id}`;
const downloadPath = (id: string) => `/api/v1/jobs/${id}/download`;

/** CSV text from rows of cells, quoting every cell that needs it. */
const csv = (rows: readonly (readonly string[])[]): string =>
  rows
    .map((cells) => cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','))
    .join('\n') + '\n';

describe('imports and exports', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let db: DataDb;
  let admin: TestSession;
  let user: TestSession;
  let categoryId: string;
  let labelIds: string[];

  const upload = (
    collection: string,
    body: string,
    contentType: string | undefined,
    query: Record<string, string> = {},
    token: string | undefined = admin.token,
  ): Promise<HttpResult> =>
    http.request('POST', importPath(collection, query), {
      raw: body,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      token,
    });

  const uploadMultipart = async (
    collection: string,
    content: string,
    options: { part?: string; fileName?: string; type?: string; query?: Record<string, string> } = {},
  ): Promise<HttpResult> => {
    const form = new FormData();
    form.append(
      options.part ?? 'file',
      new Blob([content], { type: options.type ?? 'text/csv' }),
      options.fileName ?? 'rows.csv',
    );
    const response = await fetch(`${api.url}${importPath(collection, options.query)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
      body: form,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
  };

  /** A raw CSV body sent in chunks, so the server cannot know its size in advance. */
  const uploadChunked = async (collection: string, chunks: string[]): Promise<HttpResult> => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const response = await fetch(`${api.url}${importPath(collection)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
  };

  /** A finished export's file, read as text (NDJSON is not one JSON document). */
  const download = async (id: string) => {
    const response = await fetch(`${api.url}${downloadPath(id)}`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  const job = async (id: string) => (await http.get(jobPath(id), { token: admin.token })).body;

  /** The job once the worker is done with it. */
  const finished = (id: string, timeoutMs = 30_000) =>
    waitFor(
      () => job(id),
      (view) => view.state === 'completed' || view.state === 'failed',
      { timeoutMs, intervalMs: 50, what: `job ${id} to finish` },
    );

  /** Uploads, expects 202 and returns the finished job. */
  const imported = async (
    collection: string,
    body: string,
    contentType: string,
    query: Record<string, string> = {},
  ) => {
    const response = await upload(collection, body, contentType, query);
    expect(response.status).toBe(202);
    return finished(response.body.id);
  };

  const outboxCount = async (collection: string, actor?: string): Promise<number> => {
    const { rows } = await db.client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stagecraft.outbox WHERE collection = $1 AND ($2::text IS NULL OR actor = $2)`,
      [collection, actor ?? null],
    );
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', IMPORT_MAX_BYTES: String(IMPORT_MAX_BYTES) });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    db = await openDataDb(env.databaseUrl);
    admin = await setupAdmin(http);
    user = await registerUser(http);

    const named = [{ name: 'name', type: 'text' }];
    await createCollection(http, admin, { name: 'categories', rules: OPEN_RULES, fields: named });
    await createCollection(http, admin, { name: 'labels', rules: OPEN_RULES, fields: named });
    await createCollection(http, admin, {
      name: 'items',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { required: true, maxLength: 60, unique: true } },
        { name: 'price', type: 'number', options: { precision: 10, scale: 2, min: 0 } },
        { name: 'qty', type: 'integer', options: { default: 1 } },
        { name: 'active', type: 'boolean', options: { default: false } },
        { name: 'tags', type: 'json' },
        { name: 'colors', type: 'multi_select', options: { values: ['red', 'green', 'blue'] } },
        { name: 'status', type: 'select', options: { values: ['draft', 'live'], default: 'draft' } },
        {
          name: 'category',
          type: 'relation',
          options: { kind: 'many_to_one', target: 'categories', onDelete: 'set_null' },
        },
        { name: 'labels', type: 'relation', options: { kind: 'many_to_many', target: 'labels' } },
        { name: 'pin', type: 'secret' },
        { name: 'note', type: 'text', options: { hidden: true } },
      ],
    });
    // The records benchmark's collection.
    await createCollection(http, admin, {
      name: 'bulk',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'price', type: 'number', options: { precision: 10, scale: 2 } },
        { name: 'qty', type: 'integer' },
        { name: 'active', type: 'boolean' },
        { name: 'tags', type: 'json' },
      ],
    });
    categoryId = (await recordsClient(http, 'categories').insert({ name: 'lighting' }, admin.token)).id;
    labelIds = (await recordsClient(http, 'labels').insertMany([{ name: 'x' }, { name: 'y' }], admin.token)).map(
      (label) => label.id,
    );
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.close();
    await env?.dispose();
  });

  describe('access', () => {
    const routes = [
      { name: 'import', method: 'POST', path: () => importPath('items'), body: 'title\nx\n', type: 'text/csv' },
      {
        name: 'export',
        method: 'POST',
        path: () => exportPath('items'),
        body: '{"format":"csv"}',
        type: 'application/json',
      },
      { name: 'download', method: 'GET', path: () => downloadPath(randomUUID()) },
    ];

    it.each(routes)('$name without credentials → 401', async (route) => {
      const response = await http.request(route.method, route.path(), {
        raw: route.body,
        headers: route.type ? { 'content-type': route.type } : {},
      });
      expectProblem(response, 401, 'UNAUTHORIZED');
    });

    it.each(routes)('$name as a signed-in user who is not an admin → 403', async (route) => {
      const response = await http.request(route.method, route.path(), {
        raw: route.body,
        headers: route.type ? { 'content-type': route.type } : {},
        token: user.token,
      });
      expectProblem(response, 403, 'FORBIDDEN');
    });
  });

  describe('import', () => {
    it('CSV as a raw body: 202 with the job and its Location; cells become typed values, empty cells defaults', async () => {
      const body = csv([
        ['title', 'price', 'qty', 'active', 'tags', 'colors', 'status', 'category', 'labels', 'pin', 'note'],
        [
          'Lamp',
          '19.90',
          '3',
          'yes',
          '{"room":"hall","lux":[300,400]}',
          '["red","blue"]',
          'live',
          categoryId,
          JSON.stringify(labelIds),
          '1234',
          'fragile',
        ],
        ['Chair', '', '', '', '', '', '', '', '', '', ''],
      ]);
      const response = await upload('items', body, 'text/csv');
      expect(response.status).toBe(202);
      expect(response.headers.get('location')).toBe(jobPath(response.body.id));
      expect(response.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        queue: 'imports',
        name: 'import',
        data: { collection: 'items', format: 'csv', mode: 'all_or_nothing', emit_events: false },
      });
      expect(JSON.stringify(response.body.data)).not.toContain(env.filesDir);

      const done = await finished(response.body.id);
      expect(done.state).toBe('completed');
      expect(done.result).toEqual({ inserted: 2, skipped: 0, errors: [], errors_total: 0 });
      expect(done.progress).toMatchObject({
        processed: 2,
        inserted: 2,
        skipped: 0,
        read_bytes: Buffer.byteLength(body),
      });
      expect(existsSync(join(env.filesDir, 'imports', response.body.id))).toBe(false);

      const rows = await db.rows('items');
      const lamp = rows.find((row) => row.title === 'Lamp');
      const chair = rows.find((row) => row.title === 'Chair');
      expect(lamp).toMatchObject({
        price: '19.90',
        qty: 3,
        active: true,
        tags: { room: 'hall', lux: [300, 400] },
        colors: ['red', 'blue'],
        status: 'live',
        category: categoryId,
        note: 'fragile',
        created_by: admin.user.id,
        version: 1,
      });
      expect(lamp?.pin).toMatch(/^v1:/);
      expect(chair).toMatchObject({ price: null, qty: 1, active: false, tags: null, status: 'draft', pin: null });
      const viaApi = await recordsClient(http, 'items').get(lamp?.id as string, admin.token);
      expect([...viaApi.body.data.labels].sort()).toEqual([...labelIds].sort());
    });

    it('a multipart upload with a "file" part', async () => {
      const response = await uploadMultipart(
        'items',
        csv([
          ['title', 'qty'],
          ['Desk', '2'],
          ['Shelf', '5'],
        ]),
      );
      expect(response.status).toBe(202);
      const done = await finished(response.body.id);
      expect(done.result).toMatchObject({ inserted: 2, skipped: 0 });
      expect((await db.rows('items')).filter((row) => ['Desk', 'Shelf'].includes(row.title as string))).toHaveLength(2);
    });

    it('a multipart file whose type says nothing is read by its extension', async () => {
      const lines = `${JSON.stringify({ title: 'Stool' })}\n`;
      const response = await uploadMultipart('items', lines, {
        fileName: 'rows.ndjson',
        type: 'application/octet-stream',
      });
      expect(response.status).toBe(202);
      expect(response.body.data.format).toBe('ndjson');
      expect((await finished(response.body.id)).result).toMatchObject({ inserted: 1 });
    });

    it('NDJSON: one record per line, blank lines skipped, system fields (as in an export) ignored', async () => {
      const exportedId = randomUUID();
      const lines = [
        JSON.stringify({ title: 'Rug', qty: 7, colors: ['green'] }),
        '',
        JSON.stringify({ id: exportedId, created_at: '2020-01-01T00:00:00Z', version: 9, title: 'Vase', active: true }),
      ].join('\n');
      const done = await imported('items', lines, 'application/x-ndjson');
      expect(done.result).toMatchObject({ inserted: 2, skipped: 0 });
      const vase = (await db.rows('items')).find((row) => row.title === 'Vase');
      expect(vase).toMatchObject({ active: true, version: 1 });
      expect(vase?.id).not.toBe(exportedId);
    });

    it('a JSON array', async () => {
      const done = await imported(
        'items',
        JSON.stringify([
          { title: 'Mirror', price: 49.5 },
          { title: 'Clock', labels: [labelIds[0]] },
        ]),
        'application/json',
      );
      expect(done.result).toMatchObject({ inserted: 2, skipped: 0 });
      expect((await db.rows('items')).find((row) => row.title === 'Mirror')?.price).toBe('49.50');
    });

    it('NDJSON lines nested past JSON_MAX_DEPTH are refused one by one; a value 60 levels deep is imported', async () => {
      const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
      const lines = [
        JSON.stringify({ title: 'deep-60', tags: nested(60) }),
        `{"title":"deep-10k","tags":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
        JSON.stringify({ title: 'deep-65', tags: nested(65) }),
      ].join('\n');
      const done = await imported('items', lines, 'application/x-ndjson', { mode: 'skip_invalid' });
      expect(done.state).toBe('completed');
      expect(done.result).toMatchObject({ inserted: 1, skipped: 2 });
      const tooDeep = expect.stringMatching(/^The line nests objects and arrays more than 65 levels deep/);
      expect(done.result.errors).toEqual([
        { row: 2, field: null, message: tooDeep },
        { row: 3, field: null, message: tooDeep },
      ]);
      expect((await db.rows('items')).find((row) => row.title === 'deep-60')?.tags).toEqual(nested(60));
    });

    it('skip_invalid: every bad row is reported by number with its field and message, the rest is imported', async () => {
      const before = await db.count('items');
      const body = csv([
        ['title', 'price', 'qty', 'tags'],
        ['skip-ok-1', '1.00', '1', '[]'],
        ['', '2.00', '2', ''],
        ['skip-bad-qty', '3', 'many', ''],
        ['skip-ok-2', '4', '4', ''],
        ['skip-bad-json', '5', '5', '{oops'],
        ['skip-bad-price', '-1', '1', ''],
        ['skip-ok-3', '', '', ''],
      ]).concat('skip-short,1\n');
      const done = await imported('items', body, 'text/csv', { mode: 'skip_invalid' });
      expect(done.state).toBe('completed');
      expect(done.result).toMatchObject({ inserted: 3, skipped: 5, errors_total: 5 });
      expect(done.result.errors).toEqual([
        { row: 2, field: 'title', message: expect.stringContaining('Title') },
        { row: 3, field: 'qty', message: expect.stringContaining('whole number') },
        { row: 5, field: 'tags', message: 'Tags is not valid JSON.' },
        { row: 6, field: 'price', message: expect.stringContaining('Price') },
        { row: 8, field: null, message: 'The row has 2 cells; the header has 4.' },
      ]);
      expect(await db.count('items')).toBe(before + 3);
    });

    it('all_or_nothing: one bad row and nothing is imported; the job fails naming the row', async () => {
      const before = await db.count('items');
      const body = csv([
        ['title', 'qty'],
        ['aon-1', '1'],
        ['aon-2', 'two'],
        ['aon-3', '3'],
      ]);
      const done = await imported('items', body, 'text/csv', { mode: 'all_or_nothing' });
      expect(done.state).toBe('failed');
      expect(done.failed_reason).toBe('1 of 3 rows are invalid; nothing was imported (see progress.errors).');
      expect(done.progress).toMatchObject({
        processed: 3,
        inserted: 0,
        skipped: 1,
        errors: [{ row: 2, field: 'qty', message: expect.stringContaining('whole number') }],
        errors_total: 1,
      });
      expect(await db.count('items')).toBe(before);
    });

    it('skip_invalid: a unique or foreign-key violation inside a batch refuses just that row', async () => {
      await recordsClient(http, 'items').insert({ title: 'taken' }, admin.token);
      const body = csv([
        ['title', 'category'],
        ['uniq-1', ''],
        ['taken', ''],
        ['uniq-2', categoryId],
        ['uniq-3', randomUUID()],
        ['uniq-2', ''],
        ['uniq-4', ''],
      ]);
      const done = await imported('items', body, 'text/csv', { mode: 'skip_invalid' });
      expect(done.result).toEqual({
        inserted: 3,
        skipped: 3,
        errors_total: 3,
        errors: [
          { row: 2, field: 'title', message: 'Title must be unique; another record has this value.' },
          { row: 4, field: 'category', message: 'Category must reference an existing record.' },
          { row: 5, field: 'title', message: 'Title must be unique; another record has this value.' },
        ],
      });
      const titles = (await db.rows('items')).map((row) => row.title).filter((t) => String(t).startsWith('uniq-'));
      expect(titles.sort()).toEqual(['uniq-1', 'uniq-2', 'uniq-4']);
    });

    it('all_or_nothing: a unique violation fails the whole import', async () => {
      const before = await db.count('items');
      const done = await imported('items', csv([['title'], ['aon-u-1'], ['taken'], ['aon-u-2']]), 'text/csv');
      expect(done.state).toBe('failed');
      expect(done.progress.errors).toEqual([
        { row: 2, field: 'title', message: 'Title must be unique; another record has this value.' },
      ]);
      expect(await db.count('items')).toBe(before);
    });

    it('a CSV header naming a column the collection cannot take fails the import at row 0', async () => {
      const done = await imported(
        'items',
        csv([
          ['title', 'colour', 'title'],
          ['x', 'red', 'y'],
        ]),
        'text/csv',
        {
          mode: 'skip_invalid',
        },
      );
      expect(done.state).toBe('failed');
      expect(done.failed_reason).toContain('colour');
      expect(done.progress.errors).toEqual([
        { row: 0, field: 'colour', message: '"colour" is not a field of the collection that can be written.' },
        { row: 0, field: 'title', message: 'The column "title" appears twice.' },
      ]);
    });

    it('emits no record events unless asked, and one per row (naming the importer) with events=true', async () => {
      const rows = (label: string) => csv([['title'], [`${label}-1`], [`${label}-2`], [`${label}-3`]]);
      await imported('bulk', rows('quiet'), 'text/csv');
      expect(await outboxCount('bulk')).toBe(0);
      await imported('bulk', rows('loud'), 'text/csv', { events: 'true' });
      expect(await outboxCount('bulk', `user:${admin.user.id}`)).toBe(3);
    });

    it('100,000 CSV rows: progress is reported while it runs, and every row lands', async () => {
      const before = await db.count('bulk');
      const lines = ['title,price,qty,active,tags'];
      for (let i = 0; i < 100_000; i++) {
        lines.push(
          `item ${i},${(i % 100_000) / 100},${i % 200},${i % 4 === 0 ? 'false' : 'true'},"[""bulk"",""t${i % 10}""]"`,
        );
      }
      const response = await upload('bulk', `${lines.join('\n')}\n`, 'text/csv');
      expect(response.status).toBe(202);

      const seen: number[] = [];
      const done = await waitFor(
        async () => {
          const view = await job(response.body.id);
          if (view.state === 'active' && typeof view.progress?.processed === 'number')
            seen.push(view.progress.processed);
          return view;
        },
        (view) => view.state === 'completed' || view.state === 'failed',
        { timeoutMs: 120_000, intervalMs: 100, what: 'the 100,000-row import' },
      );
      expect(done.state).toBe('completed');
      expect(done.result).toEqual({ inserted: 100_000, skipped: 0, errors: [], errors_total: 0 });
      const partial = seen.filter((processed) => processed > 0 && processed < 100_000);
      expect(partial.length).toBeGreaterThan(0);
      expect([...partial].sort((a, b) => a - b)).toEqual(partial);
      expect(await db.count('bulk')).toBe(before + 100_000);
    });

    it.each<{ name: string; send: () => Promise<HttpResult>; status: number; code: string; field?: string }>([
      {
        name: 'an unknown collection → 404',
        send: () => upload('nope', 'title\nx\n', 'text/csv'),
        status: 404,
        code: 'NOT_FOUND',
      },
      {
        name: 'an empty body → 400',
        send: () => upload('items', '', 'text/csv'),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'body',
      },
      {
        name: 'a raw body over IMPORT_MAX_BYTES → 413',
        send: () => upload('items', `title\n${'x'.repeat(IMPORT_MAX_BYTES)}\n`, 'text/csv'),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        name: 'a chunked raw body (no Content-Length) over IMPORT_MAX_BYTES → 413',
        send: () =>
          uploadChunked('items', [`title\n`, 'x'.repeat(IMPORT_MAX_BYTES / 2), 'x'.repeat(IMPORT_MAX_BYTES / 2)]),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        name: 'a multipart file over IMPORT_MAX_BYTES → 413',
        send: () => uploadMultipart('items', `title\n${'x'.repeat(IMPORT_MAX_BYTES)}\n`),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        name: 'a content type that names no format → 415',
        send: () => upload('items', 'title\nx\n', 'text/plain'),
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      {
        name: 'an unknown mode → 400',
        send: () => upload('items', 'title\nx\n', 'text/csv', { mode: 'some' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'mode',
      },
      {
        name: 'an unknown format → 400',
        send: () => upload('items', 'title\nx\n', 'text/csv', { format: 'xlsx' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'format',
      },
      {
        name: 'events other than true/false → 400',
        send: () => upload('items', 'title\nx\n', 'text/csv', { events: 'yes' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'events',
      },
      {
        name: 'a multipart form without a "file" part → 400',
        send: () => uploadMultipart('items', 'title\nx\n', { part: 'upload' }),
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'file',
      },
      {
        name: 'the users collection → 400',
        send: () => upload('users', 'email\na@example.com\n', 'text/csv'),
        status: 400,
        code: 'BAD_REQUEST',
      },
    ])('$name', async ({ send, status, code, field }) => {
      const before = await db.count('items');
      expectProblem(await send(), status, code, field);
      expect(await db.count('items')).toBe(before);
    });

    it('text/csv sent to any other route is refused as an unsupported media type', async () => {
      const response = await http.request('POST', '/api/v1/collections/items/records', {
        raw: 'title\nx\n',
        headers: { 'content-type': 'text/csv' },
        token: admin.token,
      });
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('export', () => {
    const products = [
      { name: 'p1', qty: 1, price: 1.5, tags: ['a'], active: true, secret: 's1', hidden: 'h1' },
      { name: 'p2', qty: 2, price: 2, tags: null, active: false, secret: 's2', hidden: 'h2' },
      { name: 'p3, "quoted"', qty: 3, price: 3.25, tags: { k: 'v' }, active: true, secret: 's3', hidden: 'h3' },
      { name: 'p4', qty: 4, price: null, tags: [], active: null, secret: 's4', hidden: 'h4' },
      { name: 'p5', qty: 5, price: 5, tags: ['b', 'c'], active: false, secret: 's5', hidden: 'h5' },
    ];

    const exported = async (body: Record<string, unknown>) => {
      const response = await http.post(exportPath('products'), body, { token: admin.token });
      expect(response.status).toBe(202);
      expect(response.headers.get('location')).toBe(jobPath(response.body.id));
      const done = await finished(response.body.id);
      expect(done.state).toBe('completed');
      return done;
    };

    beforeAll(async () => {
      await createCollection(http, admin, {
        name: 'products',
        rules: OPEN_RULES,
        fields: [
          { name: 'name', type: 'text', options: { required: true } },
          { name: 'qty', type: 'integer' },
          { name: 'price', type: 'number', options: { precision: 10, scale: 2 } },
          { name: 'tags', type: 'json' },
          { name: 'active', type: 'boolean' },
          { name: 'secret', type: 'secret' },
          { name: 'hidden', type: 'text', options: { hidden: true } },
        ],
      });
      await recordsClient(http, 'products').insertMany(products, admin.token);
    });

    it('CSV with a filter and sort: readable fields only, values as text, served as a named attachment', async () => {
      const done = await exported({ format: 'csv', filter: 'qty >= 3', sort: '-qty' });
      const today = new Date().toISOString().slice(0, 10);
      expect(done.result).toEqual({
        rows: 3,
        bytes: expect.any(Number),
        format: 'csv',
        file_name: `products-${today}.csv`,
      });

      const file = await download(done.id);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="products-${today}.csv"`);
      expect(Buffer.byteLength(file.text)).toBe(done.result.bytes);

      const [header, ...rows] = parse(file.text);
      expect(header).toEqual([
        'id',
        'created_at',
        'updated_at',
        'created_by',
        'version',
        'name',
        'qty',
        'price',
        'tags',
        'active',
      ]);
      expect(rows.map((row) => row.slice(5))).toEqual([
        ['p5', '5', '5', '["b","c"]', 'false'],
        ['p4', '4', '', '[]', ''],
        ['p3, "quoted"', '3', '3.25', '{"k":"v"}', 'true'],
      ]);
      expect(rows[0]?.[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(rows[0]?.[3]).toBe(admin.user.id);
    });

    it('NDJSON with fields: one JSON object per line, in the order asked', async () => {
      const done = await exported({ format: 'ndjson', filter: 'qty < 3', sort: 'qty', fields: 'name,qty,tags' });
      const file = await download(done.id);
      expect(file.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(
        file.text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([
        { name: 'p1', qty: 1, tags: ['a'] },
        { name: 'p2', qty: 2, tags: null },
      ]);
    });

    it('an export of nothing is a header-only CSV', async () => {
      const done = await exported({ format: 'csv', filter: 'qty > 100', fields: 'name' });
      expect(done.result.rows).toBe(0);
      expect((await download(done.id)).text).toBe('name\n');
    });

    it.each<{ name: string; body: Record<string, unknown>; collection?: string; status: number; field?: string }>([
      { name: 'a filter that does not parse', body: { format: 'csv', filter: 'qty >' }, status: 400, field: 'filter' },
      {
        name: 'a filter on an unknown field',
        body: { format: 'csv', filter: 'colour = "red"' },
        status: 400,
        field: 'filter',
      },
      { name: 'an unsortable sort key', body: { format: 'csv', sort: 'tags' }, status: 400, field: 'sort' },
      {
        name: 'an unknown field in fields',
        body: { format: 'csv', fields: 'name,secret' },
        status: 400,
        field: 'fields',
      },
      { name: 'an unknown format', body: { format: 'xlsx' }, status: 400, field: 'format' },
      { name: 'no format', body: {}, status: 400, field: 'format' },
      { name: 'an unknown property', body: { format: 'csv', limit: 5 }, status: 400, field: 'limit' },
      { name: 'an unknown collection', body: { format: 'csv' }, collection: 'nope', status: 404 },
    ])('$name → $status at request time', async ({ body, collection, status, field }) => {
      const waiting = (await http.get('/api/v1/jobs/queues', { token: admin.token })).body.data;
      const response = await http.post(exportPath(collection ?? 'products'), body, { token: admin.token });
      expectProblem(response, status, status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', field);
      expect((await http.get('/api/v1/jobs/queues', { token: admin.token })).body.data).toEqual(waiting);
    });

    it('a filter error names its position', async () => {
      const response = await http.post(
        exportPath('products'),
        { format: 'csv', filter: 'qty > 1 &&' },
        { token: admin.token },
      );
      expect(response.status).toBe(400);
      expect(response.body.position).toEqual(expect.any(Number));
    });

    describe('download', () => {
      let queue: Queue;

      beforeAll(() => {
        queue = new Queue('exports', {
          connection: bullmqConnectionOptions(TEST_REDIS_URL),
          prefix: `${env.redisPrefix}:bull`,
        });
      });

      afterAll(async () => {
        await queue?.resume();
        await queue?.close();
      });

      it('409 while the export has not finished, then the file', async () => {
        await queue.pause();
        const response = await http.post(exportPath('products'), { format: 'ndjson' }, { token: admin.token });
        expect(response.status).toBe(202);
        expectProblem(await http.get(downloadPath(response.body.id), { token: admin.token }), 409, 'CONFLICT');
        await queue.resume();
        await finished(response.body.id);
        const file = await download(response.body.id);
        expect(file.text.trimEnd().split('\n')).toHaveLength(products.length);
      });

      it('404 for an unknown id and for a job that is not an export; 400 for an id that is not a UUID', async () => {
        expectProblem(await http.get(downloadPath(randomUUID()), { token: admin.token }), 404, 'NOT_FOUND');
        const importJob = await imported('items', csv([['title'], [`dl-${randomUUID()}`]]), 'text/csv');
        expectProblem(await http.get(downloadPath(importJob.id), { token: admin.token }), 404, 'NOT_FOUND');
        expectProblem(
          await http.get(downloadPath('not-a-uuid'), { token: admin.token }),
          400,
          'VALIDATION_FAILED',
          'id',
        );
      });

      it('removing the export job removes its file', async () => {
        const done = await exported({ format: 'csv' });
        const file = join(env.filesDir, 'exports', `${done.id}.csv`);
        expect(existsSync(file)).toBe(true);
        expect((await http.delete(jobPath(done.id), { token: admin.token })).status).toBe(204);
        expect(existsSync(file)).toBe(false);
        expectProblem(await http.get(downloadPath(done.id), { token: admin.token }), 404, 'NOT_FOUND');
      });
    });
  });
});
