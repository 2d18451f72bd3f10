// Compression through HTTP: the console's files go out pre-compressed (brotli or gzip, as the
// build wrote them) by Accept-Encoding, and as they are to a client that accepts neither; large
// API answers are compressed by negotiation from 1 KB up; server-sent events still stream, and
// stored files still go out byte for byte with their length.

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { INestApplicationContext } from '@nestjs/common';
import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { filePath, sendForm } from './support/files.js';
import { setupAdmin, type TestSession } from './support/identity.js';
import { openSse, type SseTestClient } from './support/realtime.js';
import { createCollection, OPEN_RULES, recordsPath } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const INDEX_HTML = `<!doctype html><title>console</title><div id="root"></div>${'<!-- padding -->'.repeat(100)}`;
const CHUNK = `export const screens = [${Array.from({ length: 400 }, (_, i) => `"screen ${i}"`).join(',')}];`;
const CHUNK_PATH = '/admin/assets/console-AbC123.js';
/** The files' compressed copies as written beside them, by encoding. */
const BUILT = {
  chunk: { br: brotliCompressSync(CHUNK), gzip: gzipSync(CHUNK) },
  index: { br: brotliCompressSync(INDEX_HTML), gzip: gzipSync(INDEX_HTML) },
};

interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire (not decoded). */
  readonly bytes: Buffer;
}

/** A GET through node:http, which (unlike fetch) neither adds Accept-Encoding nor decodes. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(new URL(path, baseUrl), { agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

function decode(answer: RawAnswer): string {
  switch (answer.headers['content-encoding']) {
    case 'br':
      return brotliDecompressSync(answer.bytes).toString('utf8');
    case 'gzip':
      return gunzipSync(answer.bytes).toString('utf8');
    case undefined:
      return answer.bytes.toString('utf8');
    default:
      throw new Error(`unexpected content-encoding ${answer.headers['content-encoding']}`);
  }
}

const varies = (answer: RawAnswer): boolean =>
  (answer.headers.vary ?? '')
    .toLowerCase()
    .split(',')
    .map((token) => token.trim())
    .includes('accept-encoding');

describe('compression', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let directory: string;
  const streams: SseTestClient[] = [];

  beforeAll(async () => {
    // A console build as scripts/build.mjs leaves it: each file with its .br and .gz beside it.
    directory = await mkdtemp(join(tmpdir(), 'stagecraft-compressed-console-'));
    await mkdir(join(directory, 'assets'));
    for (const [name, content, built] of [
      ['index.html', INDEX_HTML, BUILT.index],
      ['assets/console-AbC123.js', CHUNK, BUILT.chunk],
    ] as const) {
      await writeFile(join(directory, name), content);
      await writeFile(join(directory, `${name}.br`), built.br);
      await writeFile(join(directory, `${name}.gz`), built.gzip);
    }
    env = await createTestEnvironment();
    const config = env.config({
      ADMIN_UI_DIR: directory,
      RATE_LIMIT_AUTH_PER_IP: '1000',
      OUTBOX_POLL_INTERVAL_MS: '100',
    });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, {
      name: 'notes',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text' },
        { name: 'body', type: 'long_text' },
        { name: 'attachment', type: 'file' },
      ],
    });
    for (let i = 0; i < 60; i += 1) {
      const created = await http.post(
        recordsPath('notes'),
        { title: `Note ${i}`, body: 'The same words again and again, as records often are. '.repeat(3) },
        { token: admin.token },
      );
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await api?.close();
    await worker?.close();
    await env?.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  describe('console assets', () => {
    it.each([
      ['br, gzip', 'br'],
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip;q=1', 'gzip'],
    ] as const)(
      'with Accept-Encoding "%s", a chunk comes %s-compressed, as the build wrote it',
      async (accept, encoding) => {
        const answer = await rawGet(api.url, CHUNK_PATH, { 'accept-encoding': accept });
        expect(answer.status).toBe(200);
        expect(answer.headers['content-encoding']).toBe(encoding);
        expect(answer.headers['content-type']).toMatch(/javascript/);
        expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(varies(answer)).toBe(true);
        expect(Number(answer.headers['content-length'])).toBe(answer.bytes.length);
        expect(answer.bytes.equals(BUILT.chunk[encoding])).toBe(true);
        expect(decode(answer)).toBe(CHUNK);
      },
    );

    it.each([
      ['no Accept-Encoding', {}],
      ['identity only', { 'accept-encoding': 'identity' }],
    ])('with %s, a chunk comes as it is', async (_label, headers: Record<string, string>) => {
      const answer = await rawGet(api.url, CHUNK_PATH, headers);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(varies(answer)).toBe(true);
      expect(answer.bytes.toString('utf8')).toBe(CHUNK);
    });

    it("a console route's page (index.html) comes compressed too, still revalidated", async () => {
      const answer = await rawGet(api.url, '/admin/collections/notes/records', { 'accept-encoding': 'br, gzip' });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe('br');
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.bytes.equals(BUILT.index.br)).toBe(true);
    });
  });

  describe('API answers', () => {
    it('a large record list is gzip-compressed when asked, and the same JSON as uncompressed', async () => {
      const path = `${recordsPath('notes')}?limit=60`;
      const headers = { authorization: `Bearer ${admin.token}` };
      const compressed = await rawGet(api.url, path, { ...headers, 'accept-encoding': 'gzip' });
      const plain = await rawGet(api.url, path, headers);
      expect(compressed.status).toBe(200);
      expect(compressed.headers['content-encoding']).toBe('gzip');
      expect(varies(compressed)).toBe(true);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.bytes.length).toBeGreaterThan(10_000);
      expect(compressed.bytes.length).toBeLessThan(plain.bytes.length / 4);
      const body = JSON.parse(decode(compressed)) as { data: unknown[] };
      expect(body.data).toHaveLength(60);
      expect(body).toEqual(JSON.parse(plain.bytes.toString('utf8')));
    });

    it('brotli when preferred; the OpenAPI document too', async () => {
      const answer = await rawGet(api.url, '/api/docs/openapi.json', { 'accept-encoding': 'br' });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe('br');
      expect(JSON.parse(decode(answer))).toMatchObject({ openapi: expect.any(String) });
    });

    it('a small answer (under 1 KB) goes out as it is', async () => {
      const answer = await rawGet(api.url, `${recordsPath('notes')}?limit=1&fields=title`, {
        authorization: `Bearer ${admin.token}`,
        'accept-encoding': 'gzip',
      });
      expect(answer.status).toBe(200);
      expect(answer.bytes.length).toBeLessThan(1024);
      expect(answer.headers['content-encoding']).toBeUndefined();
    });
  });

  it('server-sent events still stream (not compressed, not held back) to a client that accepts gzip', async () => {
    const stream = openSse(api.url, { token: admin.token, acceptEncoding: 'gzip, br' });
    streams.push(stream);
    const head = await stream.response;
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(head.headers['content-encoding']).toBeUndefined();
    const [connected] = await stream.next('connect');
    const clientId = connected?.data.clientId as string;
    const subscribed = await http.post(
      `/api/v1/realtime/${clientId}/subscriptions`,
      { subscriptions: [{ topic: 'notes' }] },
      { token: admin.token },
    );
    expect(subscribed.status).toBe(201);
    const created = await http.post(recordsPath('notes'), { title: 'streamed' }, { token: admin.token });
    expect(created.status).toBe(201);
    // Arrives while the stream stays open: nothing waits for the end of the response.
    await stream.next('change');
    expect(stream.of('change').map((event) => (event.data.record as { title?: string }).title)).toContain('streamed');
  });

  it('a stored file is sent byte for byte, with its length, even to a client that accepts gzip', async () => {
    const text = Buffer.from('a line of a text file that would compress well\n'.repeat(200));
    const created = await sendForm(
      api.url,
      'POST',
      recordsPath('notes'),
      {
        json: { title: 'with a file' },
        files: [{ field: 'attachment', name: 'notes.txt', bytes: text, type: 'text/plain' }],
      },
      admin.token,
    );
    expect(created.status).toBe(201);
    const record = (created.body as { data: { id: string; attachment: { name: string } } }).data;
    const answer = await rawGet(api.url, filePath('notes', record.id, record.attachment.name), {
      authorization: `Bearer ${admin.token}`,
      'accept-encoding': 'gzip, br',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(Number(answer.headers['content-length'])).toBe(text.length);
    expect(answer.bytes.equals(text)).toBe(true);
  });
});
