// /api/v1/api-keys through real HTTP: admins manage keys, and a key then authenticates as
// `Authorization: Bearer` or `X-API-Key` with its role, until it is revoked or expires.

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { API_KEY_PATTERN } from '@stagecraft/auth';
import {
  createTestEnvironment,
  httpClient,
  waitFor,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import { GOOD_PASSWORD, registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const KEYS = '/api/v1/api-keys';

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
}

type Presentation = 'bearer' | 'x-api-key';

describe('API keys', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let plain: TestSession;

  const call = (request: Call, token?: string) =>
    http.request(request.method, request.path, { body: request.body, token });
  /** A request made with an API key, presented one of the two accepted ways. */
  const withKey = (key: string, as: Presentation, method: string, path: string, body?: unknown): Promise<HttpResult> =>
    as === 'bearer'
      ? http.request(method, path, { token: key, body })
      : http.request(method, path, { headers: { 'x-api-key': key }, body });

  async function createKey(
    body: { name?: string; role?: string; expires_at?: string } = {},
  ): Promise<{ key: string; id: string; body: HttpResult['body'] }> {
    const response = await http.post(KEYS, { name: 'test key', role: 'admin', ...body }, { token: admin.token });
    if (response.status !== 201) throw new Error(`create key: ${response.status} ${response.text}`);
    return { key: response.body.key, id: response.body.api_key.id, body: response.body };
  }

  async function sql(text: string, params: unknown[]): Promise<void> {
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    try {
      await client.query(text, params);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    plain = await registerUser(http);
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  const routes: { name: string; request: Call }[] = [
    { name: 'create', request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user' } } },
    { name: 'list', request: { method: 'GET', path: KEYS } },
    { name: 'get', request: { method: 'GET', path: `${KEYS}/${randomUUID()}` } },
    { name: 'revoke', request: { method: 'DELETE', path: `${KEYS}/${randomUUID()}` } },
  ];

  describe('access', () => {
    it.each(routes)('$name without credentials → 401', async ({ request }) => {
      const response = await call(request);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it.each(routes)('$name as a plain user → 403', async ({ request }) => {
      const response = await call(request, plain.token);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });

    it.each(routes)('$name with a user-role API key → 403', async ({ request }) => {
      const { key } = await createKey({ role: 'user' });
      const response = await withKey(key, 'x-api-key', request.method, request.path, request.body);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });
  });

  describe('bad input', () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    it.each<{ name: string; request: Call; field: string; code?: string }>([
      { name: 'create: no name', request: { method: 'POST', path: KEYS, body: { role: 'user' } }, field: 'name' },
      {
        name: 'create: empty name',
        request: { method: 'POST', path: KEYS, body: { name: '', role: 'user' } },
        field: 'name',
      },
      {
        name: 'create: name of 101 characters',
        request: { method: 'POST', path: KEYS, body: { name: 'n'.repeat(101), role: 'user' } },
        field: 'name',
      },
      {
        name: 'create: name as a number',
        request: { method: 'POST', path: KEYS, body: { name: 7, role: 'user' } },
        field: 'name',
      },
      { name: 'create: no role', request: { method: 'POST', path: KEYS, body: { name: 'k' } }, field: 'role' },
      {
        name: 'create: unknown role',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'root' } },
        field: 'role',
      },
      {
        name: 'create: expires_at not a date',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user', expires_at: 'tomorrow' } },
        field: 'expires_at',
      },
      {
        name: 'create: expires_at without a time',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user', expires_at: '2099-01-01' } },
        field: 'expires_at',
      },
      {
        name: 'create: expires_at null',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user', expires_at: null } },
        field: 'expires_at',
      },
      {
        name: 'create: expires_at in the past',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user', expires_at: past } },
        field: 'expires_at',
        code: 'future',
      },
      {
        name: 'create: key_hash smuggled in',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user', key_hash: 'AAAA' } },
        field: 'key_hash',
      },
      {
        name: 'create: prefix smuggled in',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user', prefix: '000000000000' } },
        field: 'prefix',
      },
      {
        name: 'create: id smuggled in',
        request: { method: 'POST', path: KEYS, body: { name: 'k', role: 'user', id: randomUUID() } },
        field: 'id',
      },
      { name: 'get: non-UUID id', request: { method: 'GET', path: `${KEYS}/nope` }, field: 'id' },
      { name: 'revoke: non-UUID id', request: { method: 'DELETE', path: `${KEYS}/12345` }, field: 'id' },
    ])('$name → 400 naming $field', async ({ request, field, code }) => {
      const response = await call(request, admin.token);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      if (code) expect(response.body.errors).toContainEqual(expect.objectContaining({ field, code }));
    });

    it.each([
      { name: 'get', method: 'GET' },
      { name: 'revoke', method: 'DELETE' },
    ])('$name an unknown id → 404', async ({ method }) => {
      const response = await http.request(method, `${KEYS}/${randomUUID()}`, { token: admin.token });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('NOT_FOUND');
    });
  });

  describe('managing keys', () => {
    it('creates a key, shown once, and describes it without the hash', async () => {
      const response = await http.post(KEYS, { name: 'billing sync', role: 'user' }, { token: admin.token });
      expect(response.status).toBe(201);
      expect(response.text).not.toContain('key_hash');
      const { key, api_key: view } = response.body;
      const match = API_KEY_PATTERN.exec(key);
      expect(match).not.toBeNull();
      expect(view).toEqual({
        id: expect.any(String),
        name: 'billing sync',
        prefix: match![1],
        role: 'user',
        scopes: [],
        created_by: admin.user.id,
        created_at: expect.any(String),
        expires_at: null,
        last_used_at: null,
        revoked_at: null,
      });

      const one = await http.get(`${KEYS}/${view.id}`, { token: admin.token });
      expect(one.status).toBe(200);
      expect(one.body).toEqual(view);
      expect(one.text).not.toContain(key);
      expect(one.text).not.toContain('key_hash');

      const list = await http.get(KEYS, { token: admin.token });
      expect(list.status).toBe(200);
      expect(list.body.data).toContainEqual(view);
      expect(list.text).not.toContain(key);
      expect(list.text).not.toContain(key.split('_').slice(2).join('_'));
      expect(list.text).not.toContain('key_hash');
    });

    it('keeps a future expiry', async () => {
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const { key, body } = await createKey({ role: 'admin', expires_at: expiresAt });
      expect(body.api_key.expires_at).toBe(expiresAt);
      expect((await withKey(key, 'bearer', 'GET', '/api/v1/users')).status).toBe(200);
    });

    it('revokes a key: 200 with revoked_at; a second revoke keeps the first time', async () => {
      const { id } = await createKey();
      const first = await http.delete(`${KEYS}/${id}`, { token: admin.token });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id, revoked_at: expect.any(String) });
      expect(first.text).not.toContain('key_hash');
      const second = await http.delete(`${KEYS}/${id}`, { token: admin.token });
      expect(second.status).toBe(200);
      expect(second.body.revoked_at).toBe(first.body.revoked_at);
      expect((await http.get(`${KEYS}/${id}`, { token: admin.token })).body.revoked_at).toBe(first.body.revoked_at);
    });

    it('lets an admin-role key create keys and users (no creating user recorded)', async () => {
      const { key } = await createKey({ role: 'admin' });
      const created = await withKey(key, 'x-api-key', 'POST', KEYS, { name: 'made by a key', role: 'user' });
      expect(created.status).toBe(201);
      expect(created.body.api_key.created_by).toBeNull();
      const user = await withKey(key, 'bearer', 'POST', '/api/v1/users', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
      });
      expect(user.status).toBe(201);
    });
  });

  describe('authenticating with a key', () => {
    it.each<{ role: 'admin' | 'user'; as: Presentation; status: number }>([
      { role: 'admin', as: 'bearer', status: 200 },
      { role: 'admin', as: 'x-api-key', status: 200 },
      { role: 'user', as: 'bearer', status: 403 },
      { role: 'user', as: 'x-api-key', status: 403 },
    ])('a key with role $role as $as on GET /users → $status', async ({ role, as, status }) => {
      const { key } = await createKey({ role });
      const response = await withKey(key, as, 'GET', '/api/v1/users');
      expect(response.status).toBe(status);
      if (status === 200) expect(response.body.meta.total).toBeGreaterThanOrEqual(2);
    });

    it.each<{ role: 'admin' | 'user'; as: Presentation }>([
      { role: 'admin', as: 'bearer' },
      { role: 'user', as: 'x-api-key' },
    ])('GET /auth/me with a key with role $role as $as → 403 (me is for users)', async ({ role, as }) => {
      const { key } = await createKey({ role });
      const response = await withKey(key, as, 'GET', '/api/v1/auth/me');
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });

    const unusable: { name: string; key: () => Promise<string>; only?: Presentation }[] = [
      {
        name: 'a revoked key',
        key: async () => {
          const { key, id } = await createKey();
          expect((await http.delete(`${KEYS}/${id}`, { token: admin.token })).status).toBe(200);
          return key;
        },
      },
      {
        name: 'an expired key',
        key: async () => {
          const { key, id } = await createKey();
          await sql(`UPDATE stagecraft.api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
          return key;
        },
      },
      { name: 'a malformed key', key: () => Promise.resolve('sc_nope') },
      { name: 'an unknown well-formed key', key: () => Promise.resolve(`sc_0123456789ab_${'A'.repeat(43)}`) },
      {
        name: 'a known prefix with a wrong secret',
        key: async () => {
          const { key } = await createKey();
          const last = key.endsWith('A') ? 'B' : 'A';
          return `${key.slice(0, -1)}${last}`;
        },
      },
      // An empty bearer is no credential at all (plain 401 for anonymous); an empty header is a bad key.
      { name: 'an empty key', key: () => Promise.resolve(''), only: 'x-api-key' },
    ];
    const cases = unusable.flatMap((c) =>
      (['bearer', 'x-api-key'] as const).filter((as) => (c.only ?? as) === as).map((as) => ({ ...c, as })),
    );

    it.each(cases)('$name as $as → 401', async ({ key, as }) => {
      const response = await withKey(await key(), as, 'GET', '/api/v1/users');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it('records last_used_at after use', async () => {
      const { key, id } = await createKey({ role: 'admin' });
      expect((await withKey(key, 'x-api-key', 'GET', '/api/v1/users')).status).toBe(200);
      const view = await waitFor(
        () => http.get(`${KEYS}/${id}`, { token: admin.token }),
        (response) => response.body.last_used_at !== null,
        { what: 'last_used_at to be recorded' },
      );
      expect(Date.parse(view.body.last_used_at)).toBeGreaterThanOrEqual(Date.parse(view.body.created_at));
    });
  });
});
