// Email verification and password reset end to end: the API queues the message, the worker
// (no SMTP_URL) captures it in stagecraft.captured_emails, and the test follows the link
// from there, as a user would follow it from their inbox.

import type { INestApplicationContext } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { PasswordResetService } from '@stagecraft/auth';
import {
  createTestEnvironment,
  httpClient,
  startPrivateRedis,
  waitFor,
  type HttpClient,
  type PrivateRedis,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';
import {
  GOOD_PASSWORD,
  createUser,
  login,
  registerUser,
  setupAdmin,
  uniqueEmail,
  type TestSession,
} from './support/identity.js';

const PUBLIC_URL = 'https://console.example.test';
const MAIL_FROM = 'Stagecraft Test <no-reply@console.example.test>';
const PER_IP = 25;
const PER_ADDRESS = 3;
const NEW_PASSWORD = 'quiet-harbour-ferry-77';

interface CapturedMail {
  id: number;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | null;
}

/** A client address of its own (TRUST_PROXY is on), so per-IP counts do not mix between tests. */
const fromIp = (): { 'x-forwarded-for': string } => ({
  'x-forwarded-for': `10.${[...randomBytes(3)].join('.')}`,
});

describe('email verification and password reset', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let db: pg.Client;
  let admin: TestSession;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({
      PUBLIC_URL,
      MAIL_FROM,
      TRUST_PROXY: 'true',
      RATE_LIMIT_AUTH_PER_IP: String(PER_IP),
      RATE_LIMIT_EMAIL_PER_ADDRESS: String(PER_ADDRESS),
    });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await setupAdmin(http);
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await env?.dispose();
  });

  const mailsTo = async (email: string): Promise<CapturedMail[]> =>
    (await db.query<CapturedMail>('SELECT * FROM stagecraft.captured_emails WHERE "to" = $1 ORDER BY id', [email]))
      .rows;

  /** Waits for the address's `count`-th message and returns it. */
  const nthMail = async (email: string, count: number): Promise<CapturedMail> => {
    const mails = await waitFor(
      () => mailsTo(email),
      (rows) => rows.length >= count,
      { what: `email #${count} to ${email}` },
    );
    return mails[count - 1]!;
  };

  /** The token from the message's link, after checking the link points at PUBLIC_URL. */
  const tokenIn = (mail: CapturedMail, page: 'verify-email' | 'reset-password'): string => {
    const match = /https?:\/\/\S+/.exec(mail.text);
    expect(match).not.toBeNull();
    const link = new URL(match![0]);
    expect(link.origin).toBe(PUBLIC_URL);
    expect(link.pathname).toBe(`/admin/${page}`);
    const token = link.searchParams.get('token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return token!;
  };

  const userRow = async (id: string): Promise<{ verified: boolean }> =>
    (await db.query('SELECT verified FROM data.users WHERE id = $1', [id])).rows[0];

  /** The user's record events so far: who changed the account, and how. */
  const userEvents = async (id: string): Promise<{ action: string; actor: string | null }[]> =>
    (await db.query('SELECT action, actor FROM stagecraft.outbox WHERE record_id = $1 ORDER BY id', [id])).rows;

  const expectInvalidToken = (response: { status: number; body: { code: string; errors: unknown } }): void => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'BAD_REQUEST', errors: [{ field: 'token', code: 'invalid' }] });
  };

  const verify = (token: string): ReturnType<HttpClient['post']> => http.post('/api/v1/auth/verify-email', { token });
  const requestVerification = (session: TestSession): ReturnType<HttpClient['post']> =>
    http.post('/api/v1/auth/verify-email/request', undefined, { token: session.token, headers: fromIp() });
  const requestReset = (email: string, headers = fromIp()): ReturnType<HttpClient['post']> =>
    http.post('/api/v1/auth/password-reset/request', { email }, { headers });
  const reset = (token: string, password: string): ReturnType<HttpClient['post']> =>
    http.post('/api/v1/auth/password-reset', { token, password });

  describe('verification', () => {
    it('emails a link on registration that verifies the address once', async () => {
      const user = await registerUser(http);
      const mail = await nthMail(user.user.email, 1);
      expect(mail).toMatchObject({ from: MAIL_FROM, subject: 'Verify your email address' });
      const token = tokenIn(mail, 'verify-email');
      expect(mail.html).toContain(`href="${PUBLIC_URL}/admin/verify-email?token=${token}"`);
      expect(await userRow(user.user.id)).toEqual({ verified: false });

      const verified = await verify(token);
      expect(verified.status).toBe(200);
      expect(verified.body).toEqual({ verified: true });
      expect((await http.get('/api/v1/auth/me', { token: user.token })).body.verified).toBe(true);
      expect(await userEvents(user.user.id)).toEqual([
        { action: 'create', actor: 'anonymous' },
        { action: 'update', actor: `user:${user.user.id}` },
      ]);

      expectInvalidToken(await verify(token));
    });

    it('stores only a SHA-256 of the token, with its purpose, address and expiry', async () => {
      const user = await registerUser(http);
      const token = tokenIn(await nthMail(user.user.email, 1), 'verify-email');
      const rows = (
        await db.query(
          `SELECT purpose, email, encode(token_hash, 'hex') AS hash,
                  extract(epoch FROM expires_at - created_at)::int AS ttl
             FROM stagecraft.user_tokens WHERE user_id = $1`,
          [user.user.id],
        )
      ).rows;
      expect(rows).toEqual([
        {
          purpose: 'verify_email',
          email: user.user.email,
          hash: createHash('sha256').update(token).digest('hex'),
          ttl: 3600,
        },
      ]);
    });

    it('sends a new link on request, which replaces the earlier one', async () => {
      const user = await registerUser(http);
      const first = tokenIn(await nthMail(user.user.email, 1), 'verify-email');

      const requested = await requestVerification(user);
      expect(requested.status).toBe(202);
      expect(requested.body).toEqual({ sent: true });
      const second = tokenIn(await nthMail(user.user.email, 2), 'verify-email');
      expect(second).not.toBe(first);

      expectInvalidToken(await verify(first));
      expect((await verify(second)).status).toBe(200);
    });

    it('answers 409 to a verified user asking again', async () => {
      const user = await registerUser(http);
      expect((await verify(tokenIn(await nthMail(user.user.email, 1), 'verify-email'))).status).toBe(200);
      const again = await requestVerification(user);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CONFLICT');
    });

    it('refuses an expired token', async () => {
      const user = await registerUser(http);
      const token = tokenIn(await nthMail(user.user.email, 1), 'verify-email');
      await db.query(`UPDATE stagecraft.user_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
        user.user.id,
      ]);
      expectInvalidToken(await verify(token));
      expect(await userRow(user.user.id)).toEqual({ verified: false });
    });

    it('refuses a link sent to an address the user has since changed', async () => {
      const user = await registerUser(http);
      const token = tokenIn(await nthMail(user.user.email, 1), 'verify-email');
      const changed = await http.patch('/api/v1/auth/me', { email: uniqueEmail('moved') }, { token: user.token });
      expect(changed.status).toBe(200);
      expectInvalidToken(await verify(token));
      expect(await userRow(user.user.id)).toEqual({ verified: false });
    });

    it('does not accept a reset token as a verification token', async () => {
      const user = await registerUser(http);
      expect((await requestReset(user.user.email)).status).toBe(202);
      const resetMail = await waitFor(
        () => mailsTo(user.user.email),
        (rows) => rows.some((row) => row.subject === 'Reset your password'),
        { what: 'the reset email' },
      );
      const resetToken = tokenIn(
        resetMail.find((row) => row.subject === 'Reset your password')!,
        'reset-password',
      );
      expectInvalidToken(await verify(resetToken));
    });

    it.each([
      { name: 'an unknown token', body: { token: randomBytes(32).toString('base64url') }, code: 'BAD_REQUEST' },
      { name: 'a token of another shape', body: { token: 'not a token at all' }, code: 'BAD_REQUEST' },
      { name: 'an empty token', body: { token: '' }, code: 'VALIDATION_FAILED' },
      { name: 'no token', body: {}, code: 'VALIDATION_FAILED' },
      { name: 'a token that is not a string', body: { token: 42 }, code: 'VALIDATION_FAILED' },
    ])('answers 400 $code to $name', async ({ body, code }) => {
      const response = await http.post('/api/v1/auth/verify-email', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('token');
    });

    it('builds links from PUBLIC_URL, whatever host the request names', async () => {
      const user = await registerUser(http);
      await nthMail(user.user.email, 1);
      const requested = await http.post('/api/v1/auth/verify-email/request', undefined, {
        token: user.token,
        headers: { ...fromIp(), 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
      });
      expect(requested.status).toBe(202);
      const mail = await nthMail(user.user.email, 2);
      tokenIn(mail, 'verify-email');
      expect(mail.text).not.toContain('evil.example');
    });

    it('is for signed-in users: 401 anonymous, 403 with an API key', async () => {
      expect((await http.post('/api/v1/auth/verify-email/request')).status).toBe(401);
      const created = await http.post('/api/v1/api-keys', { name: 'mailer', role: 'admin' }, { token: admin.token });
      expect(created.status).toBe(201);
      const withKey = await http.post('/api/v1/auth/verify-email/request', undefined, {
        headers: { 'x-api-key': created.body.key },
      });
      expect(withKey.status).toBe(403);
      expect(withKey.body.code).toBe('FORBIDDEN');
    });
  });

  describe('password reset', () => {
    it('answers 202 for an unknown address and sends nothing', async () => {
      const unknown = uniqueEmail('nobody');
      const response = await requestReset(unknown);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ sent: true });
      await api.app.get(PasswordResetService).settled();

      // A message asked for afterwards arrives; still nothing for the unknown address.
      const user = await registerUser(http);
      await nthMail(user.user.email, 1);
      expect(await mailsTo(unknown)).toEqual([]);
      const tokens = await db.query(
        'SELECT count(*)::int AS n FROM stagecraft.user_tokens WHERE lower(email) = lower($1)',
        [unknown],
      );
      expect(tokens.rows[0].n).toBe(0);
    });

    it('sends a link that sets a new password and signs out every session', async () => {
      const user = await registerUser(http);
      const other = await login(http, user.user.email);
      expect((await requestReset(user.user.email.toUpperCase())).status).toBe(202);
      const mail = await nthMail(user.user.email, 2);
      expect(mail).toMatchObject({ from: MAIL_FROM, subject: 'Reset your password' });
      const token = tokenIn(mail, 'reset-password');

      const done = await reset(token, NEW_PASSWORD);
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ reset: true });

      for (const session of [user, other]) {
        expect((await http.post('/api/v1/auth/refresh', { refresh_token: session.refreshToken })).status).toBe(401);
        expect((await http.get('/api/v1/auth/me', { token: session.token })).status).toBe(401);
      }
      const oldPassword = await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD });
      expect(oldPassword.status).toBe(401);
      const signedIn = await login(http, user.user.email, NEW_PASSWORD);
      expect(signedIn.user.id).toBe(user.user.id);
      expect(await userRow(user.user.id)).toEqual({ verified: true });
      expect(await userEvents(user.user.id)).toEqual([
        { action: 'create', actor: 'anonymous' },
        { action: 'update', actor: `user:${user.user.id}` },
      ]);

      expectInvalidToken(await reset(token, 'another-fine-password-9'));
    });

    it('refuses a weak password without using up the token', async () => {
      const user = await registerUser(http);
      expect((await requestReset(user.user.email)).status).toBe(202);
      const token = tokenIn(await nthMail(user.user.email, 2), 'reset-password');

      for (const password of ['short-1', 'password123', user.user.email]) {
        const weak = await reset(token, password);
        expect(weak.status).toBe(400);
        expect(weak.body.code).toBe('VALIDATION_FAILED');
        expect(weak.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
      }
      expect((await reset(token, NEW_PASSWORD)).status).toBe(200);
      await login(http, user.user.email, NEW_PASSWORD);
    });

    it('refuses an expired reset token and a verification token', async () => {
      const user = await registerUser(http);
      const verifyToken = tokenIn(await nthMail(user.user.email, 1), 'verify-email');
      expectInvalidToken(await reset(verifyToken, NEW_PASSWORD));

      expect((await requestReset(user.user.email)).status).toBe(202);
      const token = tokenIn(await nthMail(user.user.email, 2), 'reset-password');
      await db.query(
        `UPDATE stagecraft.user_tokens SET expires_at = now() - interval '1 second'
          WHERE user_id = $1 AND purpose = 'reset_password'`,
        [user.user.id],
      );
      expectInvalidToken(await reset(token, NEW_PASSWORD));
      await login(http, user.user.email);
    });

    it('sends nothing to a disabled account, and its earlier link stops working', async () => {
      const user = await registerUser(http);
      expect((await requestReset(user.user.email)).status).toBe(202);
      const token = tokenIn(await nthMail(user.user.email, 2), 'reset-password');
      const disabled = await http.patch(`/api/v1/users/${user.user.id}`, { disabled: true }, { token: admin.token });
      expect(disabled.status).toBe(200);

      expectInvalidToken(await reset(token, NEW_PASSWORD));
      expect((await requestReset(user.user.email)).status).toBe(202);
      await api.app.get(PasswordResetService).settled();
      const tokens = await db.query(
        `SELECT count(*)::int AS n FROM stagecraft.user_tokens WHERE user_id = $1 AND purpose = 'reset_password'`,
        [user.user.id],
      );
      expect(tokens.rows[0].n).toBe(1); // the old one only: no new link was made
    });

    it.each([
      { name: 'a bad email', body: { email: 'not-an-email' }, field: 'email' },
      { name: 'no email', body: {}, field: 'email' },
    ])('answers 400 to a request with $name', async ({ body, field }) => {
      const response = await http.post('/api/v1/auth/password-reset/request', body, { headers: fromIp() });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it.each([
      { name: 'no password', body: { token: 'x'.repeat(43) }, field: 'password' },
      { name: 'no token', body: { password: NEW_PASSWORD }, field: 'token' },
      {
        name: 'an extra field',
        body: { token: 'x'.repeat(43), password: NEW_PASSWORD, email: 'a@b.c' },
        field: 'email',
      },
    ])('answers 400 to a reset with $name', async ({ body, field }) => {
      const response = await http.post('/api/v1/auth/password-reset', body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('admin-sent reset', () => {
    it('emails the user a reset link that works', async () => {
      const user = await createUser(http, admin);
      const sent = await http.post(`/api/v1/users/${user.user.id}/password-reset`, undefined, { token: admin.token });
      expect(sent.status).toBe(202);
      expect(sent.body).toEqual({ sent: true });
      const token = tokenIn(await nthMail(user.user.email, 1), 'reset-password');
      expect((await reset(token, NEW_PASSWORD)).status).toBe(200);
      await login(http, user.user.email, NEW_PASSWORD);
    });

    it('answers 404 for an unknown user, 400 for a bad id and 409 for a disabled user', async () => {
      const path = (id: string): string => `/api/v1/users/${id}/password-reset`;
      expect(
        (await http.post(path('0190a6d0-0000-7000-8000-000000000000'), undefined, { token: admin.token })).status,
      ).toBe(404);
      expect((await http.post(path('not-a-uuid'), undefined, { token: admin.token })).status).toBe(400);
      const user = await createUser(http, admin);
      await http.patch(`/api/v1/users/${user.user.id}`, { disabled: true }, { token: admin.token });
      const disabled = await http.post(path(user.user.id), undefined, { token: admin.token });
      expect(disabled.status).toBe(409);
    });

    it('is for admins only: 401 anonymous, 403 for a user', async () => {
      const user = await registerUser(http);
      const path = `/api/v1/users/${user.user.id}/password-reset`;
      expect((await http.post(path)).status).toBe(401);
      expect((await http.post(path, undefined, { token: user.token })).status).toBe(403);
    });
  });

  describe('rate limits', () => {
    it(`sends at most ${PER_ADDRESS} verification emails per address, then answers 429`, async () => {
      const user = await registerUser(http);
      await nthMail(user.user.email, 1); // the sign-up email does not count
      for (let i = 0; i < PER_ADDRESS; i++) expect((await requestVerification(user)).status).toBe(202);
      const limited = await requestVerification(user);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      await nthMail(user.user.email, 1 + PER_ADDRESS);
    });

    it(`answers 202 beyond ${PER_ADDRESS} reset requests for an address, but sends nothing more`, async () => {
      const user = await registerUser(http);
      for (let i = 0; i < PER_ADDRESS; i++) expect((await requestReset(user.user.email)).status).toBe(202);
      const last = tokenIn(await nthMail(user.user.email, 1 + PER_ADDRESS), 'reset-password');

      const over = await requestReset(user.user.email);
      expect(over.status).toBe(202);
      expect(over.body).toEqual({ sent: true });
      await api.app.get(PasswordResetService).settled();
      // No new token was made (making one would have replaced the last), so no email either.
      expect((await reset(last, NEW_PASSWORD)).status).toBe(200);
      expect(await mailsTo(user.user.email)).toHaveLength(1 + PER_ADDRESS);

      const byAdmin = await http.post(`/api/v1/users/${user.user.id}/password-reset`, undefined, {
        token: admin.token,
      });
      expect(byAdmin.status).toBe(429);
    });

    it(`answers 429 with Retry-After after ${PER_IP} requests from one IP`, async () => {
      const ip = fromIp();
      for (let i = 0; i < PER_IP; i++) expect((await requestReset(uniqueEmail('nobody'), ip)).status).toBe(202);
      const limited = await requestReset(uniqueEmail('nobody'), ip);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

      // Verification requests from that IP share the count.
      const user = await registerUser(http);
      const verification = await http.post('/api/v1/auth/verify-email/request', undefined, {
        token: user.token,
        headers: ip,
      });
      expect(verification.status).toBe(429);
      // Another IP is not affected.
      expect((await requestReset(uniqueEmail('nobody'))).status).toBe(202);
    });
  });
});

/** What the readiness probe answers, as far as this test reads it. */
interface ReadyBody {
  checks?: { redis?: { status?: string } };
}

describe('registration while Redis is down', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let api: RunningApi;

  beforeAll(async () => {
    env = await createTestEnvironment();
    redis = await startPrivateRedis();
    api = await startApi(env.config({ REDIS_URL: redis.url }));
  });

  afterAll(async () => {
    // Back up first: the queue closes only once it reaches Redis. Closing while a connection
    // is still reconnecting rejects its pending commands with "Connection is closed." (seen on
    // a loaded CI machine): wait until the API's own Redis check passes again.
    await redis?.start().catch(() => undefined);
    await waitFor(
      () => fetch(`${api.url}/health/ready`).then((response) => response.json() as Promise<ReadyBody>),
      (body) => body.checks?.redis?.status === 'up',
      { what: 'the API to reach Redis again', timeoutMs: 15_000 },
    ).catch(() => undefined);
    await api?.close();
    await redis?.stop();
    await env?.dispose();
  });

  it('still creates the account when the verification email cannot be queued', async () => {
    await redis.stop();
    const http = httpClient(api.url);
    const email = uniqueEmail();
    const response = await http.post('/api/v1/auth/register', { email, password: GOOD_PASSWORD });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email, verified: false });
  });
});
