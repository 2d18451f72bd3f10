// /api/v1/users through real HTTP: who may call it, what input it refuses, and what each
// change does to the affected user's sessions and tokens.

import { randomBytes, randomUUID } from 'node:crypto';
import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import {
  createUser,
  GOOD_PASSWORD,
  login,
  registerUser,
  setupAdmin,
  uniqueEmail,
  type TestSession,
} from './support/identity.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const USERS = '/api/v1/users';

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

describe('admin user management', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let plain: TestSession;

  const call = (request: Call, token?: string) =>
    http.request(request.method, request.path, { body: request.body, token });
  const me = (session: TestSession) => http.get('/api/v1/auth/me', { token: session.token });
  const refresh = (session: TestSession) => http.post('/api/v1/auth/refresh', { refresh_token: session.refreshToken });

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

  // Every route, with a request that would succeed for an admin (built late: ids exist then).
  const routes: { name: string; request: () => Call }[] = [
    { name: 'list', request: () => ({ method: 'GET', path: USERS }) },
    { name: 'get', request: () => ({ method: 'GET', path: `${USERS}/${plain.user.id}` }) },
    {
      name: 'create',
      request: () => ({ method: 'POST', path: USERS, body: { email: uniqueEmail(), password: GOOD_PASSWORD } }),
    },
    { name: 'update', request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: {} }) },
    { name: 'delete', request: () => ({ method: 'DELETE', path: `${USERS}/${randomUUID()}` }) },
    { name: 'force logout', request: () => ({ method: 'POST', path: `${USERS}/${plain.user.id}/logout` }) },
    {
      name: 'set password',
      request: () => ({ method: 'PUT', path: `${USERS}/${randomUUID()}/password`, body: { password: GOOD_PASSWORD } }),
    },
  ];

  describe('access', () => {
    it.each(routes)('$name without credentials → 401', async ({ request }) => {
      const response = await call(request());
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it.each(routes)('$name with a bad token → 401', async ({ request }) => {
      const response = await call(request(), 'not.a.jwt');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it.each(routes)('$name as a plain user → 403', async ({ request }) => {
      const response = await call(request(), plain.token);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('FORBIDDEN');
    });
  });

  describe('bad input', () => {
    const longEmail = `${'a'.repeat(250)}@example.com`;
    it.each<{ name: string; request: () => Call; field: string; code?: string }>([
      { name: 'list: limit 501', request: () => ({ method: 'GET', path: `${USERS}?limit=501` }), field: 'limit' },
      { name: 'list: limit 0', request: () => ({ method: 'GET', path: `${USERS}?limit=0` }), field: 'limit' },
      { name: 'list: limit 1.5', request: () => ({ method: 'GET', path: `${USERS}?limit=1.5` }), field: 'limit' },
      { name: 'list: limit abc', request: () => ({ method: 'GET', path: `${USERS}?limit=abc` }), field: 'limit' },
      { name: 'list: offset -1', request: () => ({ method: 'GET', path: `${USERS}?offset=-1` }), field: 'offset' },
      { name: 'list: offset 1e30', request: () => ({ method: 'GET', path: `${USERS}?offset=1e30` }), field: 'offset' },
      { name: 'list: unknown role', request: () => ({ method: 'GET', path: `${USERS}?role=root` }), field: 'role' },
      {
        name: 'list: unknown parameter',
        request: () => ({ method: 'GET', path: `${USERS}?sort=email` }),
        field: 'sort',
      },
      { name: 'get: non-UUID id', request: () => ({ method: 'GET', path: `${USERS}/not-a-uuid` }), field: 'id' },
      {
        name: 'get: SQL in the id',
        request: () => ({ method: 'GET', path: `${USERS}/1'%20OR%20'1'='1` }),
        field: 'id',
      },
      {
        name: 'create: bad email',
        request: () => ({ method: 'POST', path: USERS, body: { email: 'not-an-email', password: GOOD_PASSWORD } }),
        field: 'email',
      },
      {
        name: 'create: email over 254 characters',
        request: () => ({ method: 'POST', path: USERS, body: { email: longEmail, password: GOOD_PASSWORD } }),
        field: 'email',
      },
      {
        name: 'create: no email',
        request: () => ({ method: 'POST', path: USERS, body: { password: GOOD_PASSWORD } }),
        field: 'email',
      },
      {
        name: 'create: short password',
        request: () => ({ method: 'POST', path: USERS, body: { email: uniqueEmail(), password: 'short' } }),
        field: 'password',
        code: 'tooShort',
      },
      {
        name: 'create: common password',
        request: () => ({ method: 'POST', path: USERS, body: { email: uniqueEmail(), password: 'password123' } }),
        field: 'password',
        code: 'tooCommon',
      },
      {
        name: 'create: password equal to the email',
        request: () => {
          const email = uniqueEmail();
          return { method: 'POST', path: USERS, body: { email, password: email } };
        },
        field: 'password',
        code: 'sameAsEmail',
      },
      {
        name: 'create: unknown role',
        request: () => ({
          method: 'POST',
          path: USERS,
          body: { email: uniqueEmail(), password: GOOD_PASSWORD, role: 'root' },
        }),
        field: 'role',
      },
      {
        name: 'create: null role',
        request: () => ({
          method: 'POST',
          path: USERS,
          body: { email: uniqueEmail(), password: GOOD_PASSWORD, role: null },
        }),
        field: 'role',
      },
      {
        name: 'create: verified as a string',
        request: () => ({
          method: 'POST',
          path: USERS,
          body: { email: uniqueEmail(), password: GOOD_PASSWORD, verified: 'yes' },
        }),
        field: 'verified',
      },
      {
        name: 'create: id smuggled in',
        request: () => ({
          method: 'POST',
          path: USERS,
          body: { email: uniqueEmail(), password: GOOD_PASSWORD, id: randomUUID() },
        }),
        field: 'id',
      },
      {
        name: 'create: password_hash smuggled in',
        request: () => ({
          method: 'POST',
          path: USERS,
          body: { email: uniqueEmail(), password: GOOD_PASSWORD, password_hash: '$argon2id$v=19$x' },
        }),
        field: 'password_hash',
      },
      {
        name: 'update: non-UUID id',
        request: () => ({ method: 'PATCH', path: `${USERS}/123`, body: {} }),
        field: 'id',
      },
      {
        name: 'update: bad email',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { email: 'nope' } }),
        field: 'email',
      },
      {
        name: 'update: null email',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { email: null } }),
        field: 'email',
      },
      {
        name: 'update: disabled as a string',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { disabled: 'true' } }),
        field: 'disabled',
      },
      {
        name: 'update: null disabled',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { disabled: null } }),
        field: 'disabled',
      },
      {
        name: 'update: unknown role',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { role: 'owner' } }),
        field: 'role',
      },
      {
        name: 'update: password (not changeable here)',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { password: GOOD_PASSWORD } }),
        field: 'password',
      },
      {
        name: 'update: password_hash smuggled in',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { password_hash: 'x' } }),
        field: 'password_hash',
      },
      {
        name: 'update: version smuggled in',
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { version: 99 } }),
        field: 'version',
      },
      { name: 'delete: non-UUID id', request: () => ({ method: 'DELETE', path: `${USERS}/abc` }), field: 'id' },
      {
        name: 'force logout: non-UUID id',
        request: () => ({ method: 'POST', path: `${USERS}/abc/logout` }),
        field: 'id',
      },
    ])('$name → 400 naming $field', async ({ request, field, code }) => {
      const response = await call(request(), admin.token);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      if (code) expect(response.body.errors).toContainEqual(expect.objectContaining({ field, code }));
    });
  });

  describe('unknown ids', () => {
    it.each<{ name: string; request: (id: string) => Call }>([
      { name: 'get', request: (id) => ({ method: 'GET', path: `${USERS}/${id}` }) },
      { name: 'update', request: (id) => ({ method: 'PATCH', path: `${USERS}/${id}`, body: { verified: true } }) },
      { name: 'update with an empty body', request: (id) => ({ method: 'PATCH', path: `${USERS}/${id}`, body: {} }) },
      { name: 'delete', request: (id) => ({ method: 'DELETE', path: `${USERS}/${id}` }) },
      { name: 'force logout', request: (id) => ({ method: 'POST', path: `${USERS}/${id}/logout` }) },
      {
        name: 'set password',
        request: (id) => ({ method: 'PUT', path: `${USERS}/${id}/password`, body: { password: GOOD_PASSWORD } }),
      },
    ])('$name → 404', async ({ request }) => {
      const response = await call(request(randomUUID()), admin.token);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('NOT_FOUND');
    });
  });

  describe('conflicts', () => {
    it.each<{ name: string; request: () => Call }>([
      {
        name: 'create with a registered email',
        request: () => ({ method: 'POST', path: USERS, body: { email: plain.user.email, password: GOOD_PASSWORD } }),
      },
      {
        name: 'create with a registered email in other case',
        request: () => ({
          method: 'POST',
          path: USERS,
          body: { email: plain.user.email.toUpperCase(), password: GOOD_PASSWORD },
        }),
      },
      {
        name: "update to another user's email",
        request: () => ({ method: 'PATCH', path: `${USERS}/${plain.user.id}`, body: { email: admin.user.email } }),
      },
    ])('$name → 409 UNIQUE_VIOLATION on email', async ({ request }) => {
      const response = await call(request(), admin.token);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('UNIQUE_VIOLATION');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    });

    it.each<{ name: string; request: (id: string) => Call }>([
      { name: 'disable', request: (id) => ({ method: 'PATCH', path: `${USERS}/${id}`, body: { disabled: true } }) },
      { name: 'demote', request: (id) => ({ method: 'PATCH', path: `${USERS}/${id}`, body: { role: 'user' } }) },
      { name: 'delete', request: (id) => ({ method: 'DELETE', path: `${USERS}/${id}` }) },
      {
        name: 'delete (id in upper case)',
        request: (id) => ({ method: 'DELETE', path: `${USERS}/${id.toUpperCase()}` }),
      },
      {
        name: 'disable (id in upper case)',
        request: (id) => ({ method: 'PATCH', path: `${USERS}/${id.toUpperCase()}`, body: { disabled: true } }),
      },
      {
        name: 'set the password of',
        request: (id) => ({ method: 'PUT', path: `${USERS}/${id}/password`, body: { password: 'new-admin-pass-9' } }),
      },
    ])('an admin cannot $name themselves → 409', async ({ request }) => {
      const response = await call(request(admin.user.id), admin.token);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('CONFLICT');
      const self = await me(admin);
      expect(self.status).toBe(200);
      expect(self.body).toMatchObject({ role: 'admin', disabled: false });
    });
  });

  describe('create', () => {
    it('creates a user who can sign in, without leaking the password hash', async () => {
      const email = uniqueEmail('created');
      const response = await http.post(USERS, { email, password: GOOD_PASSWORD }, { token: admin.token });
      expect(response.status).toBe(201);
      expect(response.text).not.toContain('password_hash');
      expect(response.text).not.toContain('argon2');
      expect(response.body).toEqual({
        id: expect.any(String),
        email,
        role: 'user',
        verified: false,
        disabled: false,
        has_password: true,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        last_login_at: null,
        version: 1,
      });
      const session = await login(http, email);
      expect(session.user.id).toBe(response.body.id);
      expect((await me(session)).body).toMatchObject({ email, role: 'user' });
    });

    it('creates a verified admin who may use the admin API', async () => {
      const email = uniqueEmail('second-admin');
      const response = await http.post(
        USERS,
        { email, password: GOOD_PASSWORD, role: 'admin', verified: true },
        { token: admin.token },
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ role: 'admin', verified: true });
      const other = await login(http, email);
      expect((await http.get(USERS, { token: other.token })).status).toBe(200);
    });

    it('reads one user by id, in any letter case, without the hash', async () => {
      const response = await http.get(`${USERS}/${plain.user.id.toUpperCase()}`, { token: admin.token });
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('password_hash');
      expect(response.body).toMatchObject({ id: plain.user.id, email: plain.user.email, role: 'user' });
    });
  });

  describe('list', () => {
    const tag = `list${randomBytes(4).toString('hex')}`;
    const emails = [0, 1, 2, 3, 4].map((i) => `${tag}-${i}@example.com`);
    const ids: string[] = [];

    beforeAll(async () => {
      for (const [i, email] of emails.entries()) {
        const role = i === 2 ? 'admin' : 'user';
        const response = await http.post(USERS, { email, password: GOOD_PASSWORD, role }, { token: admin.token });
        if (response.status !== 201) throw new Error(`create ${email}: ${response.text}`);
        ids.push(response.body.id);
      }
    });

    const list = (query: string) => http.get(`${USERS}?${query}`, { token: admin.token });

    it('defaults to limit 20 and offset 0 and never shows the hash', async () => {
      const response = await http.get(USERS, { token: admin.token });
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('password_hash');
      expect(response.body.meta).toMatchObject({ limit: 20, offset: 0 });
      expect(response.body.meta.total).toBe(response.body.data.length);
      expect(response.body.data.map((u: { id: string }) => u.id)).toEqual(
        expect.arrayContaining([admin.user.id, ...ids]),
      );
    });

    it.each([
      { query: 'limit=2&offset=0', page: [0, 1] },
      { query: 'limit=2&offset=2', page: [2, 3] },
      { query: 'limit=2&offset=4', page: [4] },
      { query: 'limit=2&offset=10', page: [] },
      { query: 'limit=500', page: [0, 1, 2, 3, 4] },
    ])('pages oldest first: $query', async ({ query, page }) => {
      const response = await list(`email=${tag}&${query}`);
      expect(response.status).toBe(200);
      expect(response.body.data.map((u: { id: string }) => u.id)).toEqual(page.map((i) => ids[i]));
      expect(response.body.meta.total).toBe(5);
    });

    it.each([
      { name: 'case-insensitive substring', query: `email=${tag.toUpperCase()}`, expected: [0, 1, 2, 3, 4] },
      { name: 'a narrower substring', query: `email=${tag}-3@`, expected: [3] },
      { name: 'role', query: `email=${tag}&role=admin`, expected: [2] },
      { name: '% as a literal character', query: `email=${tag}%25`, expected: [] },
      { name: '_ as a literal character', query: `email=${tag}_`, expected: [] },
    ])('filters by $name', async ({ query, expected }) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      expect(response.body.data.map((u: { id: string }) => u.id)).toEqual(expected.map((i) => ids[i]));
      expect(response.body.meta.total).toBe(expected.length);
    });

    it('filters by role alone', async () => {
      const response = await list('role=admin&limit=500');
      expect(response.body.data.length).toBeGreaterThan(0);
      expect(response.body.data.every((u: { role: string }) => u.role === 'admin')).toBe(true);
      expect(response.body.meta.total).toBe(response.body.data.length);
      expect(response.body.data.map((u: { id: string }) => u.id)).toEqual(
        expect.arrayContaining([admin.user.id, ids[2]]),
      );
    });
  });

  describe('update', () => {
    it('accepts an empty body', async () => {
      const user = await createUser(http, admin);
      const response = await http.patch(`${USERS}/${user.user.id}`, {}, { token: admin.token });
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('password_hash');
      expect(response.body).toMatchObject({ id: user.user.id, email: user.user.email, role: 'user', disabled: false });
    });

    it('changes email, verified and role; a promoted user may use the admin API at once', async () => {
      const user = await createUser(http, admin);
      expect((await http.get(USERS, { token: user.token })).status).toBe(403);
      const email = uniqueEmail('renamed');
      const response = await http.patch(
        `${USERS}/${user.user.id}`,
        { email, verified: true, role: 'admin' },
        { token: admin.token },
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ email, verified: true, role: 'admin', version: 2 });
      expect((await http.get(USERS, { token: user.token })).status).toBe(200);
      expect((await login(http, email)).user.id).toBe(user.user.id);
    });

    it('disabling ends access at once: access token, refresh token and sign-in all fail', async () => {
      const user = await createUser(http, admin);
      expect((await me(user)).status).toBe(200);

      const response = await http.patch(`${USERS}/${user.user.id}`, { disabled: true }, { token: admin.token });
      expect(response.status).toBe(200);
      expect(response.body.disabled).toBe(true);

      expect((await me(user)).status).toBe(401);
      expect((await refresh(user)).status).toBe(401);
      expect((await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD })).status).toBe(
        401,
      );

      const enabled = await http.patch(`${USERS}/${user.user.id}`, { disabled: false }, { token: admin.token });
      expect(enabled.body.disabled).toBe(false);
      expect((await me(await login(http, user.user.email))).status).toBe(200);
      // Re-enabling does not bring the old sessions back.
      expect((await me(user)).status).toBe(401);
    });
  });

  describe('force logout', () => {
    it('revokes every session of the user; they can sign in again', async () => {
      const first = await createUser(http, admin);
      const second = await login(http, first.user.email);

      const response = await http.post(`${USERS}/${first.user.id}/logout`, undefined, { token: admin.token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ revoked_sessions: 2 });

      for (const session of [first, second]) {
        expect((await me(session)).status).toBe(401);
        expect((await refresh(session)).status).toBe(401);
      }
      expect((await me(await login(http, first.user.email))).status).toBe(200);
      expect((await me(admin)).status).toBe(200);
    });

    it('reports 0 for a user without sessions', async () => {
      const user = await createUser(http, admin);
      await http.post(`${USERS}/${user.user.id}/logout`, undefined, { token: admin.token });
      const again = await http.post(`${USERS}/${user.user.id}/logout`, undefined, { token: admin.token });
      expect(again.body).toEqual({ revoked_sessions: 0 });
    });
  });

  describe('set password', () => {
    const setPassword = (id: string, password: unknown) =>
      http.request('PUT', `${USERS}/${id}/password`, { body: { password }, token: admin.token });

    it('sets the password: the old one stops working, the new one signs in, every session ends', async () => {
      const user = await createUser(http, admin);
      const response = await setPassword(user.user.id, 'river-stone-anchor-58');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ revoked_sessions: 1 });
      expect((await refresh(user)).status).toBe(401);
      const old = await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD });
      expect(old.status).toBe(401);
      await login(http, user.user.email, 'river-stone-anchor-58');
    });

    it.each<{ name: string; password: unknown; code: string; message: RegExp }>([
      {
        name: 'too short',
        password: 'short',
        code: 'tooShort',
        message: /^Password must be at least 10 characters long\.$/,
      },
      { name: 'empty', password: '', code: 'tooShort', message: /^Password must be at least 10 characters long\.$/ },
      { name: 'common', password: 'password123', code: 'tooCommon', message: /^Password is one of the most common/ },
      { name: 'not text', password: 42, code: 'isString', message: /^Password must be text\.$/ },
      {
        name: 'over 256 characters',
        password: 'x'.repeat(257),
        code: 'maxLength',
        message: /^Password must be at most 256 characters long\.$/,
      },
    ])('refuses a password that is $name → 400 with a sentence', async ({ password, code, message }) => {
      const response = await setPassword(plain.user.id, password);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual({ field: 'password', code, message: expect.stringMatching(message) });
    });

    it('refuses a body without a password, and a bad id', async () => {
      expect(
        (await call({ method: 'PUT', path: `${USERS}/${plain.user.id}/password`, body: {} }, admin.token)).status,
      ).toBe(400);
      expect((await setPassword('not-a-uuid', GOOD_PASSWORD)).status).toBe(400);
    });
  });

  describe('delete', () => {
    it('deletes the user: 204, then 404, and their token stops working', async () => {
      const user = await createUser(http, admin);
      const response = await http.delete(`${USERS}/${user.user.id}`, { token: admin.token });
      expect(response.status).toBe(204);
      expect(response.text).toBe('');

      expect((await http.get(`${USERS}/${user.user.id}`, { token: admin.token })).status).toBe(404);
      expect((await http.delete(`${USERS}/${user.user.id}`, { token: admin.token })).status).toBe(404);
      expect((await me(user)).status).toBe(401);
      expect((await refresh(user)).status).toBe(401);
    });

    it('deletes an admin who created other users; those users remain', async () => {
      const other = await createUser(http, admin, 'admin');
      const created = await http.post(USERS, { email: uniqueEmail(), password: GOOD_PASSWORD }, { token: other.token });
      expect(created.status).toBe(201);
      expect((await http.delete(`${USERS}/${other.user.id}`, { token: admin.token })).status).toBe(204);
      expect((await http.get(`${USERS}/${created.body.id}`, { token: admin.token })).status).toBe(200);
    });
  });
});
