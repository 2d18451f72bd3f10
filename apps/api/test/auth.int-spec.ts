// /api/v1/auth through real HTTP, tested as an attacker would: forged and expired tokens,
// replayed refresh tokens, mass assignment, brute force, and leaks in response bodies.

import { JwtService } from '@nestjs/jwt';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import { GOOD_PASSWORD, login, registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const jwt = new JwtService({});

function forge(
  claims: object,
  options: { secret?: string; issuer?: string; audience?: string; expiresIn?: number } = {},
): Promise<string> {
  return jwt.signAsync(claims, {
    secret: options.secret ?? SECRET,
    algorithm: 'HS256',
    issuer: options.issuer ?? 'stagecraft',
    audience: options.audience ?? 'stagecraft-api',
    expiresIn: options.expiresIn ?? 900,
  });
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(
      env.config({ JWT_SECRET: SECRET, RATE_LIMIT_AUTH_PER_IP: '1000', REFRESH_REUSE_GRACE_SECONDS: '0' }),
    );
    http = httpClient(api.url);
    admin = await setupAdmin(http);
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  describe('setup', () => {
    it('reports that setup is done and refuses a second admin', async () => {
      expect((await http.get('/api/v1/auth/setup')).body).toEqual({ needs_setup: false });
      const again = await http.post('/api/v1/auth/setup', { email: uniqueEmail(), password: GOOD_PASSWORD });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CONFLICT');
    });

    it('made the first account an admin', () => {
      expect(admin.user.role).toBe('admin');
    });
  });

  describe('register', () => {
    it('creates a user and signs them in', async () => {
      const email = uniqueEmail();
      const response = await http.post('/api/v1/auth/register', { email, password: GOOD_PASSWORD });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 900,
        user: { email, role: 'user', verified: false },
      });
      expect(response.text).not.toMatch(/password_hash|\$argon2/);
      const me = await http.get('/api/v1/auth/me', { token: response.body.access_token });
      expect(me.body.email).toBe(email);
    });

    it.each([
      { name: 'a bad email', body: { email: 'not-an-email', password: GOOD_PASSWORD }, field: 'email' },
      { name: 'a short password', body: { email: uniqueEmail(), password: 'short-1' }, field: 'password' },
      { name: 'a common password', body: { email: uniqueEmail(), password: 'password123' }, field: 'password' },
      { name: 'no password', body: { email: uniqueEmail() }, field: 'password' },
      {
        name: 'a role (mass assignment)',
        body: { email: uniqueEmail(), password: GOOD_PASSWORD, role: 'admin' },
        field: 'role',
      },
      {
        name: 'verified (mass assignment)',
        body: { email: uniqueEmail(), password: GOOD_PASSWORD, verified: true },
        field: 'verified',
      },
      {
        name: 'an id (mass assignment)',
        body: { email: uniqueEmail(), password: GOOD_PASSWORD, id: '00000000-0000-0000-0000-000000000000' },
        field: 'id',
      },
    ])('rejects $name with 400 naming $field, creating nothing', async ({ body, field }) => {
      const response = await http.post('/api/v1/auth/register', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      if (typeof body.email === 'string' && body.email.includes('@')) {
        expect((await http.post('/api/v1/auth/login', { email: body.email, password: GOOD_PASSWORD })).status).toBe(
          401,
        );
      }
    });

    it('answers 409 for an email already registered, whatever its case', async () => {
      const user = await registerUser(http);
      const response = await http.post('/api/v1/auth/register', {
        email: user.user.email.toUpperCase(),
        password: GOOD_PASSWORD,
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'UNIQUE_VIOLATION', errors: [{ field: 'email' }] });
    });
  });

  describe('login', () => {
    it('signs in with any case of the email and records the login', async () => {
      const user = await registerUser(http);
      const session = await login(http, user.user.email.toUpperCase());
      const me = await http.get('/api/v1/auth/me', { token: session.token });
      expect(me.body.last_login_at).not.toBeNull();
    });

    it('gives the same answer for an unknown email and a wrong password', async () => {
      const user = await registerUser(http);
      const unknown = await http.post('/api/v1/auth/login', { email: uniqueEmail('nobody'), password: GOOD_PASSWORD });
      const wrong = await http.post('/api/v1/auth/login', { email: user.user.email, password: 'wrong-password-1234' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      const strip = (body: Record<string, unknown>): Record<string, unknown> => ({ ...body, requestId: undefined });
      expect(strip(unknown.body)).toEqual(strip(wrong.body));
    });

    it('refuses a disabled user with the same answer', async () => {
      const user = await registerUser(http);
      await http.patch(`/api/v1/users/${user.user.id}`, { disabled: true }, { token: admin.token });
      const response = await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD });
      expect(response.status).toBe(401);
      expect(response.body.detail).toBe('The email or password is wrong.');
    });
  });

  describe('access tokens', () => {
    let user: TestSession;
    let claims: { sub: string; sid: string; role: string };

    beforeAll(async () => {
      user = await registerUser(http);
      const { sub, sid, role } = JSON.parse(Buffer.from(user.token.split('.')[1]!, 'base64url').toString());
      claims = { sub, sid, role };
    });

    it.each([
      { name: 'no token', header: undefined, status: 401 },
      { name: 'a garbage token', header: 'Bearer not.a.jwt', status: 401 },
      { name: 'a non-bearer scheme', header: 'Basic dXNlcjpwYXNz', status: 401 },
    ])('answers $status to $name', async ({ header, status }) => {
      const response = await http.get('/api/v1/auth/me', { headers: header ? { authorization: header } : {} });
      expect(response.status).toBe(status);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it.each([
      {
        name: 'alg none',
        token: () =>
          Promise.resolve(
            `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: 'stagecraft', aud: 'stagecraft-api', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
          ),
      },
      {
        name: 'a tampered payload (role admin)',
        token: () => {
          const [header, , signature] = user.token.split('.');
          return Promise.resolve(
            `${header}.${base64url({ ...claims, role: 'admin', iss: 'stagecraft', aud: 'stagecraft-api', exp: Math.floor(Date.now() / 1000) + 600 })}.${signature}`,
          );
        },
      },
      { name: 'an expired token', token: () => forge(claims, { expiresIn: -10 }) },
      { name: 'a wrong issuer', token: () => forge(claims, { issuer: 'someone-else' }) },
      { name: 'a wrong audience', token: () => forge(claims, { audience: 'another-api' }) },
      { name: 'a wrong key', token: () => forge(claims, { secret: 'another-secret-that-is-long-enough-0123456789' }) },
      { name: 'an unknown session', token: () => forge({ ...claims, sid: '01a20c5d-0000-7000-8000-000000000000' }) },
    ])('rejects $name with 401', async ({ token }) => {
      const response = await http.get('/api/v1/auth/me', { token: await token() });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it('says an expired token has expired', async () => {
      const response = await http.get('/api/v1/auth/me', { token: await forge(claims, { expiresIn: -10 }) });
      expect(response.body.detail).toMatch(/expired/);
    });

    it('stops accepting a token used before once it expires', async () => {
      const shortLived = await forge(claims, { expiresIn: 2 });
      expect((await http.get('/api/v1/auth/me', { token: shortLived })).status).toBe(200);
      const refused = await waitFor(
        () => http.get('/api/v1/auth/me', { token: shortLived }),
        (response) => response.status !== 200,
        { what: 'the token to expire', intervalMs: 200 },
      );
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toMatch(/expired/);
    });

    it('accepts a correctly signed token for a live session', async () => {
      const response = await http.get('/api/v1/auth/me', { token: await forge(claims) });
      expect(response.status).toBe(200);
    });

    it('keeps a user out of every admin route', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/users'],
        ['POST', '/api/v1/users'],
        ['GET', '/api/v1/api-keys'],
        ['POST', '/api/v1/api-keys'],
      ] as const) {
        const response = await http.request(method, path, {
          token: user.token,
          body: method === 'GET' ? undefined : {},
        });
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
    });
  });

  describe('refresh tokens', () => {
    it('rotates on every use', async () => {
      const user = await registerUser(http);
      const first = await http.post('/api/v1/auth/refresh', { refresh_token: user.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refresh_token).not.toBe(user.refreshToken);
      expect((await http.get('/api/v1/auth/me', { token: first.body.access_token })).status).toBe(200);
      const second = await http.post('/api/v1/auth/refresh', { refresh_token: first.body.refresh_token });
      expect(second.status).toBe(200);
    });

    it('revokes the whole session when a used refresh token is replayed', async () => {
      const user = await registerUser(http);
      const rotated = await http.post('/api/v1/auth/refresh', { refresh_token: user.refreshToken });
      const replay = await http.post('/api/v1/auth/refresh', { refresh_token: user.refreshToken });
      expect(replay.status).toBe(401);
      // The thief's replay also kills the legitimate successor and its access tokens.
      expect((await http.post('/api/v1/auth/refresh', { refresh_token: rotated.body.refresh_token })).status).toBe(401);
      expect((await http.get('/api/v1/auth/me', { token: rotated.body.access_token })).status).toBe(401);
      expect((await http.get('/api/v1/auth/me', { token: user.token })).status).toBe(401);
    });

    it.each([
      { name: 'an unknown token', body: { refresh_token: 'made-up' }, status: 401 },
      { name: 'an empty token', body: { refresh_token: '' }, status: 400 },
      { name: 'a missing token', body: {}, status: 400 },
    ])('answers $status to $name', async ({ body, status }) => {
      expect((await http.post('/api/v1/auth/refresh', body)).status).toBe(status);
    });
  });

  describe('logout', () => {
    it('ends this session only', async () => {
      const user = await registerUser(http);
      const other = await login(http, user.user.email);
      expect((await http.post('/api/v1/auth/logout', undefined, { token: user.token })).status).toBe(204);
      expect((await http.get('/api/v1/auth/me', { token: user.token })).status).toBe(401);
      expect((await http.post('/api/v1/auth/refresh', { refresh_token: user.refreshToken })).status).toBe(401);
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(200);
    });

    it('logout-all ends every session', async () => {
      const user = await registerUser(http);
      const other = await login(http, user.user.email);
      const response = await http.post('/api/v1/auth/logout-all', undefined, { token: user.token });
      expect(response.body).toEqual({ revoked_sessions: 2 });
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);
      expect((await http.get('/api/v1/auth/me', { token: user.token })).status).toBe(401);
    });

    it('needs a signed-in caller', async () => {
      expect((await http.post('/api/v1/auth/logout')).status).toBe(401);
      expect((await http.post('/api/v1/auth/logout-all')).status).toBe(401);
    });
  });

  describe('me', () => {
    it('updates the email', async () => {
      const user = await registerUser(http);
      const email = uniqueEmail('renamed');
      const response = await http.patch('/api/v1/auth/me', { email }, { token: user.token });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ email, version: 2 });
    });

    it.each([
      { field: 'role', value: 'admin' },
      { field: 'verified', value: true },
      { field: 'disabled', value: false },
      { field: 'id', value: '00000000-0000-0000-0000-000000000000' },
      { field: 'password_hash', value: 'x' },
      { field: 'email', value: null },
    ])('refuses to change $field (400, nothing changed)', async ({ field, value }) => {
      const user = await registerUser(http);
      const response = await http.patch('/api/v1/auth/me', { [field]: value }, { token: user.token });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe(field);
      const me = await http.get('/api/v1/auth/me', { token: user.token });
      expect(me.body).toMatchObject({ role: 'user', verified: false, version: 1 });
    });

    it('answers 409 when the new email is taken', async () => {
      const [a, b] = await Promise.all([registerUser(http), registerUser(http)]);
      const response = await http.patch('/api/v1/auth/me', { email: b.user.email }, { token: a.token });
      expect(response.status).toBe(409);
    });
  });

  describe('password change', () => {
    it('needs the current password and signs out the other sessions', async () => {
      const user = await registerUser(http);
      const other = await login(http, user.user.email);
      const newPassword = 'quiet-harbour-lights-7';
      const response = await http.post(
        '/api/v1/auth/password',
        { current_password: GOOD_PASSWORD, new_password: newPassword },
        { token: user.token },
      );
      expect(response.body).toEqual({ revoked_sessions: 1 });
      expect((await http.get('/api/v1/auth/me', { token: user.token })).status).toBe(200);
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);
      expect((await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD })).status).toBe(
        401,
      );
      expect((await http.post('/api/v1/auth/login', { email: user.user.email, password: newPassword })).status).toBe(
        200,
      );
    });

    it.each([
      {
        name: 'a wrong current password',
        body: { current_password: 'not-it-at-all', new_password: 'quiet-harbour-lights-7' },
        field: 'current_password',
      },
      {
        name: 'a weak new password',
        body: { current_password: GOOD_PASSWORD, new_password: 'qwerty123' },
        field: 'new_password',
      },
    ])('refuses $name', async ({ body, field }) => {
      const user = await registerUser(http);
      const response = await http.post('/api/v1/auth/password', body, { token: user.token });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe(field);
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After after repeated wrong passwords for one account', async () => {
      const user = await registerUser(http);
      const statuses: number[] = [];
      let last = await http.post('/api/v1/auth/login', { email: user.user.email, password: 'wrong-password' });
      statuses.push(last.status);
      for (let attempt = 1; attempt < 20; attempt++) {
        last = await http.post('/api/v1/auth/login', { email: user.user.email, password: `wrong-password-${attempt}` });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(last.status).toBe(429);
      expect(last.body.code).toBe('RATE_LIMITED');
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      // Even the right password is refused while the account is locked out.
      expect((await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD })).status).toBe(
        429,
      );
    });
  });
});
