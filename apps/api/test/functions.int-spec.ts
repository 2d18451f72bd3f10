// /api/v1/functions through real HTTP and real sandbox processes: admins deploy, change,
// restore and delete functions (every input checked, compile errors with positions); the HTTP
// trigger enforces each function's rule for every kind of caller and hands back what the
// function answers; failures, timeouts and memory blow-ups become problems and log entries;
// `ctx.records`, `ctx.secrets` and `ctx.fetch` act within their grants. The sandbox's escape and
// abuse cases are in functions-sandbox.int-spec.ts.

import { resolve } from 'node:path';
import pg from 'pg';
import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  httpClient,
  REPO_ROOT,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { isStagecraftError } from '@stagecraft/client';
import { signedInClient } from './support/client-sdk.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, expectProblem } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';
import { startFetchTarget, type FetchTarget } from './support/fetch-target.js';

const FUNCTIONS = '/api/v1/functions';
const SECRETS = '/api/v1/function-secrets';
const invoke = (name: string, path = ''): string => `${FUNCTIONS}/${name}/invoke${path}`;

const ECHO = `export default async (ctx) => ({
  method: ctx.request.method,
  path: ctx.request.path,
  query: ctx.request.query,
  headers: ctx.request.headers,
  body: ctx.request.body,
  caller: ctx.caller,
  trigger: ctx.trigger,
});`;

describe('functions', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let target: FetchTarget;
  let db: pg.Client;
  let counter = 0;
  const uniqueName = (label: string): string => `${label}-${++counter}`;

  async function deploy(body: Record<string, unknown>): Promise<string> {
    const name = (body.name as string | undefined) ?? uniqueName('fn');
    const response = await http.post(FUNCTIONS, { name, ...body }, { token: admin.token });
    if (response.status !== 201) throw new Error(`deploy ${name}: ${response.status} ${response.text}`);
    return name;
  }
  const publicFunction = (source: string, settings: Record<string, unknown> = {}): Promise<string> =>
    deploy({ source, triggers: { http: { rule: '' } }, settings });

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    target = await startFetchTarget('127.0.0.2');
    api = await startApi(
      env.config({
        FUNCTIONS_SANDBOX_ENTRY: resolve(REPO_ROOT, 'dist/apps/functions-host/src/main.js'),
        FUNCTIONS_FETCH_ALLOWED_NETWORKS: '127.0.0.2/32',
        FUNCTIONS_FETCH_TIMEOUT_MS: '2000',
        FUNCTIONS_MAX_TIMEOUT_MS: '10000',
        FUNCTIONS_MAX_MEMORY_MB: '128',
      }),
    );
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    await createCollection(http, admin, {
      name: 'notes',
      fields: [{ name: 'body', type: 'text' }],
      rules: {
        list: 'created_by = @request.auth.id',
        view: 'created_by = @request.auth.id',
        create: '@request.auth.id != null',
        update: 'created_by = @request.auth.id',
        delete: 'created_by = @request.auth.id',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await target?.close();
    await db?.end();
    await env?.dispose();
  });

  describe('deploying', () => {
    it('creates a function with default settings and its first version', async () => {
      const response = await http.post(
        FUNCTIONS,
        { name: 'hello', description: 'says hello', source: 'export default async () => "hi"' },
        { token: admin.token },
      );
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'hello',
        description: 'says hello',
        triggers: {},
        settings: { timeout_ms: 5000, memory_mb: 64, secrets: [], run_as_admin: false, allowed_hosts: [] },
        version: {
          number: 1,
          language: 'typescript',
          source: 'export default async () => "hi"',
          restored_from: null,
          created_at: expect.any(String),
        },
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect((await http.get(`${FUNCTIONS}/hello`, { token: admin.token })).body.name).toBe('hello');
      const list = await http.get(FUNCTIONS, { token: admin.token });
      expect(list.body.data.map((fn: { name: string }) => fn.name)).toContain('hello');
    });

    it('answers 400 with file, line and column when the source does not compile, and saves nothing', async () => {
      const response = await http.post(
        FUNCTIONS,
        { name: 'broken', source: 'export default async () => {\n  return 1 +\n}' },
        { token: admin.token },
      );
      expectProblem(response, 400, 'VALIDATION_FAILED', 'source');
      expect(response.body.compile_errors).toEqual([
        { file: 'broken.ts', line: 3, column: 1, message: expect.stringContaining('Unexpected') },
      ]);
      expect(response.body.errors[0].message).toMatch(/^Line 3, column 1 of broken\.ts: Unexpected /);
      expect((await http.get(`${FUNCTIONS}/broken`, { token: admin.token })).status).toBe(404);
    });

    it('refuses imports at deploy time: a function is one module', async () => {
      const response = await http.post(
        FUNCTIONS,
        { name: 'importer', language: 'javascript', source: "import fs from 'fs';\nexport default () => fs" },
        { token: admin.token },
      );
      expectProblem(response, 400, 'VALIDATION_FAILED', 'source');
      expect(response.body.compile_errors[0]).toMatchObject({ file: 'importer.js', line: 1, column: 16 });
    });

    it.each([
      ['a bad name', { name: 'Bad Name' }, 'name'],
      ['a timeout over FUNCTIONS_MAX_TIMEOUT_MS', { settings: { timeout_ms: 10_001 } }, 'settings.timeout_ms'],
      ['a memory limit under 8 MB', { settings: { memory_mb: 4 } }, 'settings.memory_mb'],
      ['a bad secret name', { settings: { secrets: ['lower'] } }, 'settings.secrets[0]'],
      ['a bad host', { settings: { allowed_hosts: ['http://example.com'] } }, 'settings.allowed_hosts[0]'],
      ['a rule naming a field', { triggers: { http: { rule: 'title = "x"' } } }, 'triggers.http.rule'],
      ['a rule that does not parse', { triggers: { http: { rule: '@request.auth.id =' } } }, 'triggers.http.rule'],
    ])('answers 400 for %s', async (_label, body, field) => {
      const response = await http.post(
        FUNCTIONS,
        { name: uniqueName('invalid'), source: 'export default () => 1', ...body },
        { token: admin.token },
      );
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
    });

    it('answers 400 for a missing source, a wrong type and an unknown property', async () => {
      for (const body of [
        { name: 'x1' },
        { name: 'x2', source: 42 },
        { name: 'x3', source: 'export default () => 1', extra: true },
        { name: 'x4', source: 'export default () => 1', settings: { run_as_admin: 'yes' } },
      ]) {
        expect((await http.post(FUNCTIONS, body, { token: admin.token })).status).toBe(400);
      }
    });

    it('answers 409 for a name in use', async () => {
      await deploy({ name: 'taken', source: 'export default () => 1' });
      const response = await http.post(
        FUNCTIONS,
        { name: 'taken', source: 'export default () => 2' },
        { token: admin.token },
      );
      expectProblem(response, 409, 'CONFLICT');
    });

    it('is for admins only: 401 anonymous, 403 for a user', async () => {
      expectProblem(await http.get(FUNCTIONS), 401, 'UNAUTHORIZED');
      expectProblem(await http.get(FUNCTIONS, { token: user.token }), 403, 'FORBIDDEN');
      expectProblem(await http.post(FUNCTIONS, { name: 'nope', source: 'x' }, { token: user.token }), 403, 'FORBIDDEN');
    });

    it('answers 404 for an unknown function on every route', async () => {
      const token = admin.token;
      expectProblem(await http.get(`${FUNCTIONS}/missing`, { token }), 404, 'NOT_FOUND');
      expectProblem(await http.patch(`${FUNCTIONS}/missing`, { description: 'x' }, { token }), 404, 'NOT_FOUND');
      expectProblem(await http.delete(`${FUNCTIONS}/missing`, { token }), 404, 'NOT_FOUND');
      expectProblem(await http.get(`${FUNCTIONS}/missing/versions`, { token }), 404, 'NOT_FOUND');
      expectProblem(await http.get(`${FUNCTIONS}/missing/invocations`, { token }), 404, 'NOT_FOUND');
      expectProblem(await http.post(`${FUNCTIONS}/missing/test`, {}, { token }), 404, 'NOT_FOUND');
      expectProblem(await http.post(`${FUNCTIONS}/missing/versions/1/restore`, {}, { token }), 404, 'NOT_FOUND');
      expectProblem(await http.post(invoke('missing'), {}), 404, 'NOT_FOUND');
    });
  });

  describe('versions', () => {
    it('deploys a new source as a new version; settings alone change in place', async () => {
      const name = await publicFunction('export default () => "one"');
      const settings = await http.patch(
        `${FUNCTIONS}/${name}`,
        { settings: { timeout_ms: 2000 } },
        { token: admin.token },
      );
      expect(settings.status).toBe(200);
      expect(settings.body.version.number).toBe(1);
      expect(settings.body.settings).toMatchObject({ timeout_ms: 2000, memory_mb: 64 });

      const redeployed = await http.patch(
        `${FUNCTIONS}/${name}`,
        { source: 'export default () => "two"' },
        { token: admin.token },
      );
      expect(redeployed.body.version).toMatchObject({ number: 2, source: 'export default () => "two"' });
      expect((await http.post(invoke(name), {})).body).toBe('two');
    });

    it('keeps the deployed version when a new source does not compile', async () => {
      const name = await publicFunction('export default () => "stable"');
      const response = await http.patch(`${FUNCTIONS}/${name}`, { source: 'export default (' }, { token: admin.token });
      expectProblem(response, 400, 'VALIDATION_FAILED', 'source');
      const current = await http.get(`${FUNCTIONS}/${name}`, { token: admin.token });
      expect(current.body.version.number).toBe(1);
      expect((await http.post(invoke(name), {})).body).toBe('stable');
    });

    it('lists versions newest first and restores one as a new version', async () => {
      const name = await publicFunction('export default () => "v1"');
      await http.patch(`${FUNCTIONS}/${name}`, { source: 'export default () => "v2"' }, { token: admin.token });
      const restored = await http.post(`${FUNCTIONS}/${name}/versions/1/restore`, {}, { token: admin.token });
      expect(restored.status).toBe(200);
      expect(restored.body.version).toMatchObject({ number: 3, restored_from: 1, source: 'export default () => "v1"' });
      expect((await http.post(invoke(name), {})).body).toBe('v1');
      const versions = await http.get(`${FUNCTIONS}/${name}/versions`, { token: admin.token });
      expect(versions.body.data.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);

      expectProblem(
        await http.post(`${FUNCTIONS}/${name}/versions/9/restore`, {}, { token: admin.token }),
        404,
        'NOT_FOUND',
      );
      expect((await http.post(`${FUNCTIONS}/${name}/versions/one/restore`, {}, { token: admin.token })).status).toBe(
        400,
      );
    });

    it('serves a deploy through another instance within a second: its cached copy is dropped over Redis', async () => {
      // A built API in its own process (two Nest apps in one process would share module state).
      const port = await freePort();
      const second = runNode('dist/apps/api/src/main.js', [], {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: env.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: env.redisPrefix,
        FILES_DIR: env.filesDir,
        LOG_LEVEL: 'warn',
      });
      const other = httpClient(`http://127.0.0.1:${port}`);
      try {
        await waitFor(
          () =>
            other.get('/health/live').then(
              (response) => response.status,
              () => 0,
            ),
          (status) => status === 200,
          { what: 'the second API', timeoutMs: 20_000 },
        );
        const name = await publicFunction('export default () => "first"');
        expect((await other.post(invoke(name), {})).body).toBe('first'); // now cached there
        // The announcement reaches the other process asynchronously, so its next request may be
        // read first. Waiting well under the cache's 5 s lifetime still fails if it is never heard.
        const announced = { timeoutMs: 1000, intervalMs: 20 };
        await http.patch(`${FUNCTIONS}/${name}`, { source: 'export default () => "second"' }, { token: admin.token });
        await waitFor(
          () => other.post(invoke(name), {}),
          (response) => response.body === 'second',
          { ...announced, what: 'the changed source on the other instance' },
        );
        await http.delete(`${FUNCTIONS}/${name}`, { token: admin.token });
        const gone = await waitFor(
          () => other.post(invoke(name), {}),
          (response) => response.status !== 200,
          { ...announced, what: 'the delete on the other instance' },
        );
        expectProblem(gone, 404, 'NOT_FOUND');
      } finally {
        await second.stop();
      }
    });

    it('deletes a function with its versions and invocations', async () => {
      const name = await publicFunction('export default () => 1');
      const other = await publicFunction('export default () => 2');
      // Both invocations wait in the same log batch when the function is deleted.
      await Promise.all([http.post(invoke(name), {}), http.post(invoke(other), {})]);
      expect((await http.delete(`${FUNCTIONS}/${name}`, { token: admin.token })).status).toBe(204);
      const kept = await http.get(`${FUNCTIONS}/${other}/invocations`, { token: admin.token });
      expect(kept.body.meta.total).toBe(1);
      expectProblem(await http.get(`${FUNCTIONS}/${name}`, { token: admin.token }), 404, 'NOT_FOUND');
      expectProblem(await http.post(invoke(name), {}), 404, 'NOT_FOUND');
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM stagecraft.function_versions v JOIN stagecraft.functions f ON f.id = v.function_id WHERE f.name = $1)::int AS versions`,
        [name],
      );
      expect(rows[0].versions).toBe(0);
    });
  });

  describe('the HTTP trigger', () => {
    it('hands the function the request without credentials and answers its value as JSON', async () => {
      const name = await publicFunction(ECHO);
      const response = await http.post(
        `${invoke(name, '/orders/7')}?page=2&tag=a&tag=b`,
        { total: 12 },
        {
          token: user.token,
          headers: { 'x-trace': 'abc', cookie: 'session=1' },
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('x-invocation-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body).toMatchObject({
        method: 'POST',
        path: '/orders/7',
        query: { page: '2', tag: ['a', 'b'] },
        body: { total: 12 },
        caller: { id: user.user.id, kind: 'user', role: 'user' },
        trigger: 'http',
      });
      expect(response.body.headers['x-trace']).toBe('abc');
      expect(response.body.headers).not.toHaveProperty('authorization');
      expect(response.body.headers).not.toHaveProperty('cookie');
    });

    it('answers the status, headers and text body a function returns, for any method', async () => {
      const name = await publicFunction(
        `export default async (ctx) => ({ status: 201, headers: { 'x-made-by': 'fn', connection: 'close' }, body: 'made ' + ctx.request.method })`,
      );
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const response = await http.request(method, invoke(name));
        expect(response.status).toBe(201);
        expect(response.headers.get('x-made-by')).toBe('fn');
        expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        expect(response.text).toBe(`made ${method}`);
      }
    });

    it('enforces the rule for each kind of caller', async () => {
      const adminsOnly = await deploy({ source: 'export default () => "ok"', triggers: { http: { rule: null } } });
      expectProblem(await http.post(invoke(adminsOnly), {}), 401, 'UNAUTHORIZED');
      expectProblem(await http.post(invoke(adminsOnly), {}, { token: user.token }), 403, 'FORBIDDEN');
      expect((await http.post(invoke(adminsOnly), {}, { token: admin.token })).status).toBe(200);

      const usersOnly = await deploy({
        source: 'export default () => "ok"',
        triggers: { http: { rule: '@request.auth.role = "user"' } },
      });
      expectProblem(await http.post(invoke(usersOnly), {}), 401, 'UNAUTHORIZED');
      expect((await http.post(invoke(usersOnly), {}, { token: user.token })).status).toBe(200);
      expect((await http.post(invoke(usersOnly), {}, { token: admin.token })).status).toBe(200);

      const nobody = await deploy({
        source: 'export default () => "ok"',
        triggers: { http: { rule: '@request.auth.role = "nobody"' } },
      });
      expectProblem(await http.post(invoke(nobody), {}, { token: user.token }), 403, 'FORBIDDEN');
    });

    it('has no route without an HTTP trigger', async () => {
      const name = await deploy({ source: 'export default () => 1' });
      expectProblem(await http.post(invoke(name), {}, { token: admin.token }), 404, 'NOT_FOUND');
    });

    it('is called from @stagecraft/client with the signed-in user, and its failures are StagecraftErrors', async () => {
      const name = await deploy({ source: ECHO, triggers: { http: { rule: '@request.auth.id != null' } } });
      const client = await signedInClient(api.url, user);
      const answer = await client.functions.invoke<{
        method: string;
        path: string;
        query: unknown;
        body: unknown;
        caller: { id: string };
      }>(name, { method: 'PUT', path: 'carts/3', query: { coupon: 'x' }, body: { qty: 2 } });
      expect(answer).toMatchObject({ method: 'PUT', path: '/carts/3', query: { coupon: 'x' }, body: { qty: 2 } });
      expect(answer.caller.id).toBe(user.user.id);
      const text = await publicFunction('export default () => ({ body: "plain" })');
      expect(await client.functions.invoke(text)).toBe('plain');

      const failing = await publicFunction('export default () => { throw new Error("nope") }');
      const error: unknown = await client.functions.invoke(failing).catch((caught: unknown) => caught);
      expect(isStagecraftError(error) && error.status === 502 && error.code === 'FUNCTION_FAILED').toBe(true);
      await client.auth.logout();
      const refused: unknown = await client.functions.invoke(name).catch((caught: unknown) => caught);
      expect(isStagecraftError(refused) && refused.status === 401).toBe(true);
    });

    it('answers 502 with the invocation id when the function throws, and logs the error and output', async () => {
      const name = await publicFunction(
        `export default async (ctx) => { ctx.log.info('starting', { n: 1 }); console.warn('careful'); throw new TypeError('no total'); }`,
      );
      const response = await http.post(invoke(name), {});
      expectProblem(response, 502, 'FUNCTION_FAILED');
      expect(response.body.detail).not.toContain('no total');
      const invocationId = response.body.invocation_id as string;
      expect(response.headers.get('x-invocation-id')).toBe(invocationId);

      const log = await http.get(`${FUNCTIONS}/${name}/invocations`, { token: admin.token });
      expect(log.body.meta).toEqual({ limit: 20, offset: 0, total: 1 });
      expect(log.body.data[0]).toMatchObject({
        id: invocationId,
        version: 1,
        trigger: 'http',
        outcome: 'error',
        status: 502,
        error: { name: 'TypeError', message: 'no total' },
        logs: [
          { level: 'info', message: 'starting {"n":1}', at: expect.any(Number) },
          { level: 'warn', message: 'careful', at: expect.any(Number) },
        ],
        logs_dropped: 0,
        caller_id: null,
      });
    });

    it('answers 502 for a status out of range', async () => {
      const name = await publicFunction('export default () => ({ status: 99, body: "x" })');
      expectProblem(await http.post(invoke(name), {}), 502, 'FUNCTION_FAILED');
    });
  });

  describe('limits', () => {
    it('stops a function at its timeout with 504, and the next call runs', async () => {
      const name = await publicFunction('export default async () => { while (true) {} }', { timeout_ms: 200 });
      const started = Date.now();
      const response = await http.post(invoke(name), {});
      expectProblem(response, 504, 'FUNCTION_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(5000);
      const healthy = await publicFunction('export default () => "alive"');
      expect((await http.post(invoke(healthy), {})).body).toBe('alive');
      const log = await http.get(`${FUNCTIONS}/${name}/invocations?outcome=timeout`, { token: admin.token });
      expect(log.body.data[0]).toMatchObject({ outcome: 'timeout', status: 504 });
    });

    it('stops a function over its memory limit with 502, and the next call runs', async () => {
      const name = await publicFunction(
        'export default async () => { const keep = []; while (true) keep.push(new Array(1e6).fill(7)); }',
        { memory_mb: 16, timeout_ms: 8000 },
      );
      const response = await http.post(invoke(name), {});
      expectProblem(response, 502, 'FUNCTION_FAILED');
      const log = await http.get(`${FUNCTIONS}/${name}/invocations`, { token: admin.token });
      expect(log.body.data[0].outcome).toBe('memory');
      const again = await publicFunction('export default () => "still here"');
      expect((await http.post(invoke(again), {})).body).toBe('still here');
    });

    it('keeps at most 200 log lines and counts the rest', async () => {
      const name = await publicFunction(
        'export default (ctx) => { for (let i = 0; i < 250; i++) ctx.log.debug(i); return 1 }',
      );
      await http.post(invoke(name), {});
      const log = await http.get(`${FUNCTIONS}/${name}/invocations`, { token: admin.token });
      expect(log.body.data[0].logs).toHaveLength(200);
      expect(log.body.data[0].logs_dropped).toBe(50);
    });
  });

  describe('ctx.records', () => {
    it("acts with the caller's rights", async () => {
      const name = await publicFunction(`export default async (ctx) => {
        try {
          const created = await ctx.records.create('notes', { body: 'from a function' });
          const list = await ctx.records.list('notes', { filter: 'body = "from a function"' });
          const one = await ctx.records.get('notes', created.id);
          await ctx.records.update('notes', created.id, { body: 'changed' });
          await ctx.records.delete('notes', created.id);
          return { count: list.data.length, body: one.body, by: one.created_by };
        } catch (error) {
          return { status: 200, body: { refused: error.status, code: error.code } };
        }
      }`);
      expect((await http.post(invoke(name), {})).body).toEqual({ refused: 401, code: 'UNAUTHORIZED' });
      expect((await http.post(invoke(name), {}, { token: user.token })).body).toEqual({
        count: 1,
        body: 'from a function',
        by: user.user.id,
      });
    });

    it('acts as an admin when the function runs as admin', async () => {
      await http.post('/api/v1/collections/notes/records', { body: 'private' }, { token: user.token });
      const name = await publicFunction(
        `export default async (ctx) => (await ctx.records.list('notes', { filter: 'body = "private"' })).data.length`,
        { run_as_admin: true },
      );
      expect((await http.post(invoke(name), {})).body).toBe(1);
    });

    it('hands validation problems to the function with their field errors', async () => {
      const name = await publicFunction(
        `export default async (ctx) => { try { await ctx.records.create('notes', { nope: 1 }) } catch (e) { return { status: e.status, code: e.code, errors: e.errors } } }`,
        { run_as_admin: true },
      );
      const response = await http.post(invoke(name), {});
      expect(response.body).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'nope' })],
      });
    });
  });

  describe('ctx.secrets', () => {
    it('reads a granted secret and refuses any other', async () => {
      expect((await http.put(`${SECRETS}/SLACK_TOKEN`, { value: 'xoxb-1' }, { token: admin.token })).status).toBe(201);
      expect((await http.put(`${SECRETS}/OTHER_TOKEN`, { value: 'other' }, { token: admin.token })).status).toBe(201);
      const reader = `export default async (ctx) => { try { return await ctx.secrets.get(ctx.request.query.name) } catch (e) { return 'refused: ' + e.message } }`;
      const granted = await publicFunction(reader, { secrets: ['SLACK_TOKEN'] });
      const other = await publicFunction(reader, { secrets: ['OTHER_TOKEN'] });
      expect((await http.get(`${invoke(granted)}?name=SLACK_TOKEN`)).body).toBe('xoxb-1');
      expect((await http.get(`${invoke(granted)}?name=OTHER_TOKEN`)).body).toMatch(
        /^refused: this function may not read the secret "OTHER_TOKEN"/,
      );
      expect((await http.get(`${invoke(other)}?name=SLACK_TOKEN`)).body).toMatch(/^refused: /);
      expect((await http.get(`${invoke(other)}?name=OTHER_TOKEN`)).body).toBe('other');
    });

    it('stores secrets encrypted and never returns their values', async () => {
      const replaced = await http.put(`${SECRETS}/SLACK_TOKEN`, { value: 'xoxb-2' }, { token: admin.token });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toEqual({
        name: 'SLACK_TOKEN',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const list = await http.get(SECRETS, { token: admin.token });
      expect(list.text).not.toContain('xoxb');
      const { rows } = await db.query(`SELECT value FROM stagecraft.function_secrets WHERE name = 'SLACK_TOKEN'`);
      expect(rows[0].value).toMatch(/^v1:/);
      expect(rows[0].value).not.toContain('xoxb');
    });

    it('checks input and rights on the secrets routes', async () => {
      expectProblem(
        await http.put(`${SECRETS}/lower_case`, { value: 'x' }, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
        'name',
      );
      expectProblem(
        await http.put(`${SECRETS}/GOOD_NAME`, { value: 7 }, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await http.put(`${SECRETS}/GOOD_NAME`, { value: 'x' }, { token: user.token }), 403, 'FORBIDDEN');
      expectProblem(await http.get(SECRETS), 401, 'UNAUTHORIZED');
      expectProblem(await http.delete(`${SECRETS}/NEVER_SET`, { token: admin.token }), 404, 'NOT_FOUND');
      await http.put(`${SECRETS}/SHORT_LIVED`, { value: 'x' }, { token: admin.token });
      expect((await http.delete(`${SECRETS}/SHORT_LIVED`, { token: admin.token })).status).toBe(204);
    });
  });

  describe('ctx.fetch', () => {
    const fetcher = `export default async (ctx) => {
      try {
        const response = await ctx.fetch(ctx.request.body.url, { method: 'POST', body: { hello: 1 } });
        return { status: response.status, json: await response.json(), redirected: response.redirected };
      } catch (error) {
        return { refused: error.message };
      }
    }`;

    it('reaches an allowed host and follows its redirects', async () => {
      const name = await publicFunction(fetcher, { allowed_hosts: ['127.0.0.2'] });
      const direct = await http.post(invoke(name), { url: `${target.url}/json` });
      expect(direct.body).toEqual({ status: 200, json: { echoed: '{"hello":1}', method: 'POST' }, redirected: false });
      const redirected = await http.post(invoke(name), { url: `${target.url}/redirect?to=/json` });
      expect(redirected.body).toEqual({ status: 200, json: { echoed: '', method: 'GET' }, redirected: true });
    });

    it.each([
      [
        'a host not in the allowlist',
        (t: FetchTarget) => `${t.url.replace('127.0.0.2', 'localhost')}/json`,
        /not in this function's allowed hosts/,
      ],
      ['loopback', () => 'http://127.0.0.1:9/json', /refused: .*127\.0\.0\.1/],
      ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data', /refused: .*169\.254\.169\.254/],
      [
        'a redirect to cloud metadata',
        (t: FetchTarget) => `${t.url}/redirect?to=http://169.254.169.254/latest`,
        /refused: .*169\.254\.169\.254/,
      ],
      [
        'a redirect to loopback',
        (t: FetchTarget) => `${t.url}/redirect?to=http://127.0.0.1:9/`,
        /refused: .*127\.0\.0\.1/,
      ],
      [
        'a redirect to a host not allowed',
        (t: FetchTarget) => `${t.url}/redirect?to=http://example.com/`,
        /reached by a redirect/,
      ],
    ])('refuses %s', async (_label, url, message) => {
      const name = await publicFunction(fetcher, {
        allowed_hosts: ['127.0.0.2', '127.0.0.1', '169.254.169.254'],
      });
      const response = await http.post(invoke(name), { url: url(target) });
      expect(response.body.refused).toMatch(message);
    });
  });

  describe('invocations and tests', () => {
    it('runs the deployed version from the test route as the calling admin', async () => {
      const name = await deploy({ source: ECHO });
      const response = await http.post(
        `${FUNCTIONS}/${name}/test`,
        { request: { method: 'PATCH', body: { a: 1 } } },
        { token: admin.token },
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        trigger: 'test',
        outcome: 'ok',
        status: null,
        cold: expect.any(Boolean),
        result: { method: 'PATCH', body: { a: 1 }, trigger: 'test', caller: { role: 'admin' } },
      });
      expect(response.body.duration_ms).toBeGreaterThan(0);
      expectProblem(
        await http.post(`${FUNCTIONS}/${name}/test`, { request: 'no' }, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await http.post(`${FUNCTIONS}/${name}/test`, {}, { token: user.token }), 403, 'FORBIDDEN');
    });

    it('counts invocations by trigger and outcome, their durations and cold starts in /metrics', async () => {
      const read = async (series: string): Promise<number> => {
        const text = (await http.get('/metrics')).text;
        const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
        return line === undefined ? 0 : Number(line.slice(series.length + 1));
      };
      const ok = 'stagecraft_function_invocations_total{trigger="http",outcome="ok"}';
      const failed = 'stagecraft_function_invocations_total{trigger="http",outcome="error"}';
      const durations = 'stagecraft_function_duration_seconds_count{trigger="http"}';
      const before = { ok: await read(ok), failed: await read(failed), durations: await read(durations) };
      const name = await publicFunction(
        'export default (ctx) => { if (ctx.request.query.fail) throw new Error("x"); return 1 }',
      );
      await http.get(invoke(name));
      await http.get(invoke(name));
      await http.get(`${invoke(name)}?fail=1`);
      expect(await read(ok)).toBe(before.ok + 2);
      expect(await read(failed)).toBe(before.failed + 1);
      expect(await read(durations)).toBe(before.durations + 3);
      expect(await read('stagecraft_function_cold_starts_total')).toBeGreaterThan(0);
    });

    it('filters and pages the invocation log', async () => {
      const name = await publicFunction(
        'export default (ctx) => { if (ctx.request.query.fail) throw new Error("x"); return 1 }',
      );
      for (const query of ['', '?fail=1', '', '?fail=1', '']) await http.get(`${invoke(name)}${query}`);
      const token = admin.token;
      expect((await http.get(`${FUNCTIONS}/${name}/invocations`, { token })).body.meta.total).toBe(5);
      const failed = await http.get(`${FUNCTIONS}/${name}/invocations?outcome=error`, { token });
      expect(failed.body.meta.total).toBe(2);
      expect(failed.body.data.every((entry: { outcome: string }) => entry.outcome === 'error')).toBe(true);
      const page = await http.get(`${FUNCTIONS}/${name}/invocations?limit=2&offset=1`, { token });
      expect(page.body.data).toHaveLength(2);
      expect(page.body.meta).toEqual({ limit: 2, offset: 1, total: 5 });
      expect((await http.get(`${FUNCTIONS}/${name}/invocations?trigger=test`, { token })).body.meta.total).toBe(0);
      expectProblem(
        await http.get(`${FUNCTIONS}/${name}/invocations?outcome=maybe`, { token }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await http.get(`${FUNCTIONS}/${name}/invocations?limit=1000`, { token }), 400, 'VALIDATION_FAILED');
    });
  });
});
