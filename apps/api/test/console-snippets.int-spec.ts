// The console's "how to call it" snippets, run as a developer pastes them: every curl snippet
// through bash with $STAGECRAFT_TOKEN exported, every fetch snippet through Node with `token`
// (and the `id`, `etag` and `changes` it says it expects) defined, and the SDK snippets as one
// program after the console's client setup, type-checked against types generated from the
// server and run with @stagecraft/client (bundled from its source), against a live API. Only
// placeholders the snippets name (RECORD_ID, CLIENT_ID, the sign-in's email and password) are
// filled in.

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { collectionsOf, generateClientTypes } from '@stagecraft/client-codegen';
import {
  createTestEnvironment,
  httpClient,
  REPO_ROOT,
  runClientProgram,
  typeCheckClientProgram,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, recordsPath } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const run = promisify(execFile);

interface Snippet {
  readonly title: string;
  readonly curl: string;
  readonly fetch: string;
  readonly sdk: string;
}
type CollectionDefinition = Record<string, unknown>;

/**
 * The console's snippet builders, loaded at run time: they are browser code, type-checked with
 * the console (admin-ui/tsconfig.json), not with this project.
 */
async function consoleSnippets() {
  const docs = resolve(REPO_ROOT, 'admin-ui/src/features/docs');
  const [snippets, graphql] = await Promise.all([import(`${docs}/snippets.ts`), import(`${docs}/graphql-snippet.ts`)]);
  return {
    buildSnippets: snippets.buildSnippets as (origin: string, collection: CollectionDefinition) => Snippet[],
    sdkSetup: snippets.sdkSetup as (origin: string, collection: CollectionDefinition) => string,
    graphqlCurl: graphql.graphqlCurl as (origin: string, query: string) => string,
    graphqlListQuery: graphql.graphqlListQuery as (collection: CollectionDefinition) => string,
  };
}

describe('console snippets, pasted', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let snippets: Snippet[];
  let collection: CollectionDefinition;
  let builders: Awaited<ReturnType<typeof consoleSnippets>>;

  const byTitle = (start: string): Snippet => {
    const snippet = snippets.find((item) => item.title.startsWith(start));
    if (!snippet) throw new Error(`no snippet "${start}"`);
    return snippet;
  };

  /** Runs a curl snippet in bash; its body and HTTP status (curl's -w, appended). */
  async function curl(snippet: string): Promise<{ status: number; body: string }> {
    const { stdout } = await run('bash', ['-c', `${snippet} -w '\\n%{http_code}'`], {
      env: { PATH: process.env.PATH, STAGECRAFT_TOKEN: admin.token },
    });
    const lines = stdout.split('\n');
    return { status: Number(lines.pop()), body: lines.join('\n') };
  }

  /** Runs a fetch snippet in Node after `prelude`; the status of every fetch it made. */
  async function fetchSnippet(snippet: string, prelude = ''): Promise<number[]> {
    const program = [
      'const statuses = [];',
      'const realFetch = globalThis.fetch;',
      'globalThis.fetch = async (...args) => { const res = await realFetch(...args); statuses.push(res.status); return res; };',
      'const token = process.env.STAGECRAFT_TOKEN;',
      prelude,
      snippet,
      'console.log(JSON.stringify(statuses));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program], {
      env: { PATH: process.env.PATH, STAGECRAFT_TOKEN: admin.token },
    });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as number[];
  }

  async function newRecord(): Promise<string> {
    const created = await http.post(recordsPath('books'), { title: 'a book', pages: 10 }, { token: admin.token });
    return created.body.data.id as string;
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    // The worker relays changes to realtime subscribers (the SDK's subscribe snippet).
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', OUTBOX_POLL_INTERVAL_MS: '100' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, {
      name: 'books',
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'pages', type: 'integer' },
        { name: 'price', type: 'number' },
        { name: 'in_stock', type: 'boolean' },
        { name: 'genre', type: 'select', options: { values: ['novel', 'essay'] } },
        { name: 'released', type: 'date' },
      ],
    });
    collection = (await http.get('/api/v1/collections/books', { token: admin.token })).body.data;
    builders = await consoleSnippets();
    snippets = builders.buildSnippets(api.url, collection);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  describe('curl, through bash', () => {
    it('lists, gets, creates, updates and deletes with the token the shell expands', async () => {
      const listed = await curl(byTitle('List records').curl);
      expect(listed.status).toBe(200);
      expect(JSON.parse(listed.body)).toMatchObject({ data: expect.any(Array) });

      const created = await curl(byTitle('Create a record').curl);
      expect(created.status).toBe(201);
      const id = JSON.parse(created.body).data.id as string;

      const fill = (text: string) => text.replace(/RECORD_ID/g, id);
      expect(await curl(fill(byTitle('Get one record').curl))).toMatchObject({ status: 200 });
      // The snippet's If-Match is "1": the version of a record never changed.
      expect(await curl(fill(byTitle('Update a record').curl))).toMatchObject({ status: 200 });
      expect(await curl(fill(byTitle('Delete a record').curl))).toMatchObject({ status: 204 });
      expect((await http.get(recordsPath('books', id), { token: admin.token })).status).toBe(404);
    });

    it('opens the event stream and subscribes it, in two shells', async () => {
      const [open, subscribe] = byTitle('Subscribe to changes').curl.split(/\n(?=# 2\.)/);
      const stream = spawn('bash', ['-c', open as string], {
        env: { PATH: process.env.PATH, STAGECRAFT_TOKEN: admin.token },
      });
      try {
        const clientId = await new Promise<string>((resolve, reject) => {
          let seen = '';
          stream.stdout.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            const found = /"clientId":"([^"]+)"/.exec(seen)?.[1];
            if (found) resolve(found);
          });
          stream.on('exit', (code) => reject(new Error(`the stream ended (${code}): ${seen}`)));
        });
        const subscribed = await curl((subscribe as string).replace(/CLIENT_ID/g, clientId));
        expect(subscribed.status).toBe(201);
        expect(JSON.parse(subscribed.body).data[0]).toMatchObject({ topic: 'books' });
      } finally {
        stream.kill();
      }
    });

    it('queries GraphQL', async () => {
      const answer = await curl(builders.graphqlCurl(api.url, builders.graphqlListQuery(collection)));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ data: { books: { items: expect.any(Array) } } });
    });
  });

  describe('fetch, through Node', () => {
    it('lists, gets, creates, updates and deletes', async () => {
      expect(await fetchSnippet(byTitle('List records').fetch)).toEqual([200]);
      expect(await fetchSnippet(byTitle('Create a record').fetch)).toEqual([201]);
      const id = await newRecord();
      const withId = `const id = ${JSON.stringify(id)};`;
      expect(await fetchSnippet(byTitle('Get one record').fetch, withId)).toEqual([200]);
      // The update expects the ETag of a GET and the changes to send.
      const etag = (await http.get(recordsPath('books', id), { token: admin.token })).headers.get('etag');
      const update = `${withId}\nconst etag = ${JSON.stringify(etag)};\nconst changes = { title: 'changed' };`;
      expect(await fetchSnippet(byTitle('Update a record').fetch, update)).toEqual([200]);
      expect((await http.get(recordsPath('books', id), { token: admin.token })).body.data.title).toBe('changed');
      expect(await fetchSnippet(byTitle('Delete a record').fetch, withId)).toEqual([204]);
    });

    it('trades the token for a realtime ticket (the EventSource half is browser code)', async () => {
      const snippet = byTitle('Subscribe to changes').fetch;
      expect(snippet.split('\n')[0]).toContain('Browsers');
      // Node 20 has no EventSource: the snippet runs up to the stream, the ticket included.
      const untilStream = snippet.slice(0, snippet.indexOf('const source'));
      expect(await fetchSnippet(untilStream)).toEqual([201]);
    });
  });

  describe('SDK, through @stagecraft/client', () => {
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'stagecraft-console-sdk-'));
      // The types the setup snippet imports, as `stagecraft gen types` writes them for this server.
      const metadata = await http.get('/api/v1/collections', { token: admin.token });
      writeFileSync(join(dir, 'stagecraft.d.ts'), generateClientTypes(collectionsOf(metadata.body)));
    });

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /**
     * The setup, signed in as the admin, then each snippet in a block of its own with what it
     * says it expects (`id`, the `record` a get read); `report` prints one JSON line per step.
     */
    function sdkProgram(): string {
      const setup = builders
        .sdkSetup(api.url, collection)
        .replace("'you@example.com'", JSON.stringify(admin.user.email))
        .replace("'your password'", JSON.stringify(admin.password));
      return [
        setup,
        'const report = (step: string, value: unknown): void => console.log(JSON.stringify({ step, value }));',
        '{',
        byTitle('List records').sdk,
        "report('list', { limit: meta.limit, isArray: Array.isArray(data) });",
        '}',
        'const created = await (async () => {',
        byTitle('Create a record').sdk,
        'return record;',
        '})();',
        "report('create', { id: created.id, title: created.title, genre: created.genre });",
        '{',
        'const id = created.id;',
        byTitle('Get one record').sdk,
        byTitle('Update a record').sdk,
        "report('update', { version: updated.version, title: updated.title });",
        '}',
        '{',
        // The snippet's handler logs the id and record of each create and update: wait for the
        // record written below (a change committed earlier may still be on its way).
        'const log = console.log;',
        'const logged = new Promise<unknown[]>((resolve, reject) => {',
        '  const timer = setTimeout(() => reject(new Error("no change event within 10 s")), 10_000);',
        '  console.log = (...values: unknown[]) => {',
        "    if ((values[1] as { title?: string } | undefined)?.title !== 'Through the stream') return;",
        '    console.log = log;',
        '    clearTimeout(timer);',
        '    resolve(values);',
        '  };',
        '});',
        byTitle('Subscribe to changes').sdk,
        "const other = await books.create({ title: 'Through the stream' });",
        'const [eventId, eventRecord] = await logged;',
        "report('subscribe', { sameId: eventId === other.id, title: (eventRecord as { title: string }).title });",
        'await subscription.unsubscribe();',
        'await books.delete(other.id);',
        '}',
        '{',
        'const id = created.id;',
        byTitle('Delete a record').sdk,
        "report('delete', id);",
        '}',
        'await client.auth.logout();',
      ].join('\n');
    }

    it('type-check against the generated types and run: list, create, get, update, subscribe and delete', async () => {
      const file = join(dir, 'snippets.ts');
      writeFileSync(file, sdkProgram());
      expect((await typeCheckClientProgram([file])).findings).toEqual([]);

      const run = await runClientProgram(file);
      expect(run.stderr).toBe('');
      const steps = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { step: string; value: unknown });
      const id = (steps.find((line) => line.step === 'create')?.value as { id?: string } | undefined)?.id;
      expect(steps).toEqual([
        { step: 'list', value: { limit: 20, isArray: true } },
        { step: 'create', value: { id: expect.any(String), title: 'Example title', genre: 'novel' } },
        { step: 'update', value: { version: 2, title: 'Example title' } },
        { step: 'subscribe', value: { sameId: true, title: 'Through the stream' } },
        { step: 'delete', value: id },
      ]);
      expect((await http.get(recordsPath('books', id ?? ''), { token: admin.token })).status).toBe(404);
    });
  });
});
