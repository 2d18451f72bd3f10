// MFA through real HTTP with real TOTP codes: enrolment and confirmation, the second sign-in step,
// code reuse and brute force (per account, and per IP across accounts), recovery codes, changes
// that need a fresh second factor, sessions signed out on every change, the notice emails,
// `@request.auth.aal` in access rules, and roles (admins too) that must enrol before they may do
// anything else. Passkeys: mfa-passkeys.int-spec.ts.

import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { createUser, GOOD_PASSWORD, login, registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { claimsOf, enrolTotp, expectStatus, mfaTicket, sessionFrom, TotpApp } from './support/mfa.js';
import { createCollection, expectProblem, OPEN_RULES, recordsClient } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const PER_ACCOUNT = 10;
const RECOVERY_CODE = /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/;

describe('MFA (authenticator app and recovery codes)', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let db: pg.Client;
  let admin: TestSession;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({
      RATE_LIMIT_AUTH_PER_IP: '100000',
      RATE_LIMIT_AUTH_PER_ACCOUNT: String(PER_ACCOUNT),
      REFRESH_REUSE_GRACE_SECONDS: '0',
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

  const verify = (body: Record<string, unknown>) => http.post('/api/v1/auth/mfa/verify', body);
  const status = (session: TestSession) => http.get('/api/v1/auth/mfa', { token: session.token });

  /** A user with an authenticator app on, signed in at aal 2. */
  async function userWithTotp(): Promise<{ app: TotpApp; recoveryCodes: string[]; session: TestSession }> {
    return enrolTotp(http, await registerUser(http));
  }

  async function signInWithCode(email: string, app: TotpApp): Promise<TestSession> {
    const response = await verify({ mfa_ticket: await mfaTicket(http, email), totp_code: await app.nextCode() });
    expectStatus(response, 200, 'verify');
    return sessionFrom(response.body);
  }

  const mailsTo = async (email: string): Promise<{ subject: string; text: string }[]> =>
    (await db.query('SELECT subject, text FROM stagecraft.captured_emails WHERE "to" = $1 ORDER BY id', [email])).rows;

  describe('enrolling an authenticator app', () => {
    it('starts pending with a secret, an otpauth URI and a QR code; sign-in does not ask for it yet', async () => {
      const user = await registerUser(http);
      const started = await http.post('/api/v1/auth/mfa/totp', undefined, { token: user.token });
      expect(started.status).toBe(201);
      expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(started.body.otpauth_uri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe(`/Stagecraft:${user.user.email}`);
      expect(Object.fromEntries(uri.searchParams)).toMatchObject({
        issuer: 'Stagecraft',
        secret: started.body.secret,
        algorithm: 'SHA1',
        digits: '6',
        period: '30',
      });
      expect(started.body.qr_code).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);

      const stored = await db.query('SELECT secret, confirmed_at FROM stagecraft.mfa_totp WHERE user_id = $1', [
        user.user.id,
      ]);
      expect(stored.rows[0].confirmed_at).toBeNull();
      expect(stored.rows[0].secret).toMatch(/^v1:/);
      expect(stored.rows[0].secret).not.toContain(started.body.secret);

      expect((await status(user)).body).toMatchObject({ enabled: false, totp: false, recovery_codes_left: 0 });
      const again = await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD });
      expect(again.body.access_token).toEqual(expect.any(String));
    });

    it('refuses a wrong confirmation code, and turns the app on with a right one: aal 2, recovery codes, others signed out, an email', async () => {
      const user = await registerUser(http);
      const other = await login(http, user.user.email);
      const started = await http.post('/api/v1/auth/mfa/totp', undefined, { token: user.token });
      const app = new TotpApp(started.body.secret);

      const wrong = await http.post('/api/v1/auth/mfa/totp/confirm', { code: app.wrongCode() }, { token: user.token });
      expectProblem(wrong, 400, 'VALIDATION_FAILED', 'code');

      const confirmed = await http.post(
        '/api/v1/auth/mfa/totp/confirm',
        { code: await app.nextCode() },
        { token: user.token },
      );
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ token_type: 'Bearer', user: { id: user.user.id } });
      expect(claimsOf(confirmed.body.access_token)).toMatchObject({ sub: user.user.id, aal: 2 });
      expect(claimsOf(user.token).aal).toBe(1);
      const codes: string[] = confirmed.body.recovery_codes;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
      const stored = await db.query('SELECT code_hash FROM stagecraft.mfa_recovery_codes WHERE user_id = $1', [
        user.user.id,
      ]);
      expect(stored.rows).toHaveLength(10);
      expect(JSON.stringify(stored.rows)).not.toContain(codes[0]);

      const raised = sessionFrom(confirmed.body);
      expect((await status(raised)).body).toEqual({
        enabled: true,
        required: false,
        totp: true,
        passkeys: [],
        recovery_codes_left: 10,
      });
      // The other session is gone; this one goes on at aal 2, its old refresh token replaced.
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);
      expect((await http.post('/api/v1/auth/refresh', { refresh_token: other.refreshToken })).status).toBe(401);
      expect((await http.post('/api/v1/auth/refresh', { refresh_token: user.refreshToken })).status).toBe(401);
      const refreshed = await http.post('/api/v1/auth/refresh', { refresh_token: raised.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(claimsOf(refreshed.body.access_token).aal).toBe(2);
      const sessions = await db.query(
        `SELECT aal, revoked_reason FROM stagecraft.sessions WHERE user_id = $1 ORDER BY created_at`,
        [user.user.id],
      );
      expect(sessions.rows).toEqual([
        { aal: 2, revoked_reason: null },
        { aal: 1, revoked_reason: 'mfa_changed' },
      ]);

      const mails = await waitFor(
        () => mailsTo(user.user.email),
        (rows) => rows.some((row) => row.subject === 'Your sign-in security changed'),
        { what: 'the MFA notice' },
      );
      expect(mails.find((row) => row.subject === 'Your sign-in security changed')?.text).toContain(
        'An authenticator app was set up',
      );
    });

    it('refuses a second app while one is on, and a confirmation with nothing pending', async () => {
      const { session } = await userWithTotp();
      expectProblem(await http.post('/api/v1/auth/mfa/totp', undefined, { token: session.token }), 409, 'CONFLICT');
      expectProblem(
        await http.post('/api/v1/auth/mfa/totp/confirm', { code: '123456' }, { token: session.token }),
        409,
        'CONFLICT',
      );
    });
  });

  describe('signing in with a second factor', () => {
    it('answers mfa_required to the password, then signs in at aal 2 with a code', async () => {
      const { app, session } = await userWithTotp();
      const first = await http.post('/api/v1/auth/login', { email: session.user.email, password: GOOD_PASSWORD });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        mfa_required: true,
        mfa_ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        methods: ['totp', 'recovery_code'],
        expires_in: 300,
      });

      const second = await verify({ mfa_ticket: first.body.mfa_ticket, totp_code: await app.nextCode() });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ token_type: 'Bearer', user: { id: session.user.id } });
      expect(second.body.mfa_enrollment_required).toBeUndefined();
      const claims = claimsOf(second.body.access_token);
      expect(claims).toMatchObject({ sub: session.user.id, aal: 2 });
      const row = await db.query('SELECT aal FROM stagecraft.sessions WHERE id = $1', [claims.sid]);
      expect(row.rows[0].aal).toBe(2);
      expect((await http.get('/api/v1/auth/me', { token: second.body.access_token })).status).toBe(200);

      // The ticket worked once.
      expectProblem(
        await verify({ mfa_ticket: first.body.mfa_ticket, totp_code: await app.nextCode() }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('refuses a code already used, even within its 30 seconds', async () => {
      const { app, session } = await userWithTotp();
      const used = app.lastCode(); // the confirmation's
      const ticket = await mfaTicket(http, session.user.email);
      expectProblem(await verify({ mfa_ticket: ticket, totp_code: used }), 401, 'UNAUTHORIZED');
      // The ticket survives a wrong code.
      expect((await verify({ mfa_ticket: ticket, totp_code: await app.nextCode() })).status).toBe(200);
      expectProblem(
        await verify({ mfa_ticket: await mfaTicket(http, session.user.email), totp_code: app.lastCode() }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('answers 429 once wrong codes reach the per-account limit, even to a right code', async () => {
      const { app, session } = await userWithTotp();
      const ticket = await mfaTicket(http, session.user.email);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < PER_ACCOUNT; attempt++) {
        statuses.push((await verify({ mfa_ticket: ticket, totp_code: app.wrongCode() })).status);
      }
      expect(statuses).toEqual(Array(PER_ACCOUNT).fill(401));
      const blocked = await verify({ mfa_ticket: ticket, totp_code: await app.nextCode() });
      expectProblem(blocked, 429, 'RATE_LIMITED');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Recovery codes count against the same limit.
      expectProblem(await verify({ mfa_ticket: ticket, recovery_code: 'aaaa-bbbb-cccc-dddd' }), 429, 'RATE_LIMITED');
    });

    it('accepts each recovery code once, whatever its case and spacing', async () => {
      const { recoveryCodes, session } = await userWithTotp();
      const [code] = recoveryCodes as [string];
      const sloppy = ` ${code.toUpperCase().replaceAll('-', ' ')} `;
      const used = await verify({ mfa_ticket: await mfaTicket(http, session.user.email), recovery_code: sloppy });
      expect(used.status).toBe(200);
      expect(claimsOf(used.body.access_token).aal).toBe(2);
      expect((await status(sessionFrom(used.body))).body.recovery_codes_left).toBe(9);
      expectProblem(
        await verify({ mfa_ticket: await mfaTicket(http, session.user.email), recovery_code: code }),
        401,
        'UNAUTHORIZED',
      );
    });

    it.each([
      { name: 'no second factor', body: { mfa_ticket: 'x' }, status: 400, code: 'VALIDATION_FAILED' },
      {
        name: 'two second factors',
        body: { mfa_ticket: 'x', totp_code: '123456', recovery_code: 'abcd' },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      { name: 'no ticket', body: { totp_code: '123456' }, status: 400, code: 'VALIDATION_FAILED' },
      {
        name: 'an overlong ticket',
        body: { mfa_ticket: 'x'.repeat(65), totp_code: '1' },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'a malformed passkey assertion',
        body: { mfa_ticket: 'x', webauthn: { id: 'a', rawId: 'a', type: 'password', response: {} } },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'an unknown ticket',
        body: { mfa_ticket: 'nope', totp_code: '123456' },
        status: 401,
        code: 'UNAUTHORIZED',
      },
      {
        name: 'an unknown property',
        body: { mfa_ticket: 'x', totp_code: '1', aal: 2 },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ])('refuses $name on /auth/mfa/verify ($status)', async ({ body, status: expected, code }) => {
      expectProblem(await verify(body), expected, code);
    });

    it('refuses passkey options for an account without passkeys, and for a bad ticket', async () => {
      const { session } = await userWithTotp();
      const ticket = await mfaTicket(http, session.user.email);
      expectProblem(await http.post('/api/v1/auth/mfa/webauthn/options', { mfa_ticket: ticket }), 409, 'CONFLICT');
      expectProblem(await http.post('/api/v1/auth/mfa/webauthn/options', { mfa_ticket: 'nope' }), 401, 'UNAUTHORIZED');
      expectProblem(await http.post('/api/v1/auth/mfa/webauthn/options', {}), 400, 'VALIDATION_FAILED', 'mfa_ticket');
    });
  });

  describe('changing MFA', () => {
    it('renews recovery codes from an aal-2 session: the old ones die, others are signed out', async () => {
      const { recoveryCodes, session } = await userWithTotp();
      const renewed = await http.post('/api/v1/auth/mfa/recovery-codes', undefined, { token: session.token });
      expect(renewed.status).toBe(200);
      expect(renewed.body.recovery_codes).toHaveLength(10);
      expect(renewed.body.recovery_codes).not.toContain(recoveryCodes[0]);
      expectProblem(
        await verify({ mfa_ticket: await mfaTicket(http, session.user.email), recovery_code: recoveryCodes[0] }),
        401,
        'UNAUTHORIZED',
      );
      const fresh = await verify({
        mfa_ticket: await mfaTicket(http, session.user.email),
        recovery_code: renewed.body.recovery_codes[0],
      });
      expect(fresh.status).toBe(200);
    });

    it('signs other sessions out on a change, keeping the one that made it', async () => {
      const { app, session } = await userWithTotp();
      const other = await signInWithCode(session.user.email, app);
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(200);
      expect((await http.post('/api/v1/auth/mfa/recovery-codes', {}, { token: session.token })).status).toBe(200);
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);
      expect((await http.get('/api/v1/auth/me', { token: session.token })).status).toBe(200);
    });

    it('refuses to renew recovery codes with a wrong code even at aal 2', async () => {
      const { app, session } = await userWithTotp();
      expectProblem(
        await http.post('/api/v1/auth/mfa/recovery-codes', { code: app.wrongCode() }, { token: session.token }),
        400,
        'VALIDATION_FAILED',
        'code',
      );
    });

    it('removes the authenticator app only with a fresh second factor, and MFA is off afterwards', async () => {
      const { app, recoveryCodes, session } = await userWithTotp();
      const other = await signInWithCode(session.user.email, app);
      const disable = (body?: Record<string, unknown>) =>
        http.request('DELETE', '/api/v1/auth/mfa/totp', { token: session.token, body });

      expectProblem(await disable(), 400, 'VALIDATION_FAILED', 'code');
      expectProblem(await disable({ code: app.wrongCode() }), 400, 'VALIDATION_FAILED', 'code');
      expectProblem(await disable({ code: '123456', recovery_code: recoveryCodes[0] }), 400, 'VALIDATION_FAILED');
      expectProblem(await disable({ recovery_code: 'zzzz-zzzz-zzzz-zzzz' }), 400, 'VALIDATION_FAILED', 'recovery_code');
      expect((await disable({ recovery_code: recoveryCodes[1] })).status).toBe(204);

      expect((await status(session)).body).toEqual({
        enabled: false,
        required: false,
        totp: false,
        passkeys: [],
        recovery_codes_left: 0,
      });
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);
      const plain = await http.post('/api/v1/auth/login', { email: session.user.email, password: GOOD_PASSWORD });
      expect(plain.status).toBe(200);
      expect(claimsOf(plain.body.access_token).aal).toBe(1);
      expectProblem(await disable({ code: '123456' }), 404, 'NOT_FOUND');
      await waitFor(
        () => mailsTo(session.user.email),
        (rows) => rows.some((row) => row.text.includes('The authenticator app was removed')),
        { what: 'the removal notice' },
      );
    });

    it('removes a pending app without proof', async () => {
      const user = await registerUser(http);
      expect((await http.post('/api/v1/auth/mfa/totp', undefined, { token: user.token })).status).toBe(201);
      expect((await http.delete('/api/v1/auth/mfa/totp', { token: user.token })).status).toBe(204);
      expectProblem(await http.delete('/api/v1/auth/mfa/totp', { token: user.token }), 404, 'NOT_FOUND');
    });

    it('refuses to renew recovery codes without a second factor on', async () => {
      const user = await registerUser(http);
      expectProblem(await http.post('/api/v1/auth/mfa/recovery-codes', {}, { token: user.token }), 409, 'CONFLICT');
    });

    it('answers 404 for a passkey the caller does not have, 400 for a malformed id', async () => {
      const { session } = await userWithTotp();
      expectProblem(
        await http.request('DELETE', '/api/v1/auth/mfa/passkeys/bm9wZQ', { token: session.token, body: { code: '1' } }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await http.request('DELETE', '/api/v1/auth/mfa/passkeys/not%20base64', { token: session.token, body: {} }),
        400,
        'VALIDATION_FAILED',
        'id',
      );
    });
  });

  describe('who may call the MFA routes', () => {
    it.each([
      ['GET', '/api/v1/auth/mfa'],
      ['POST', '/api/v1/auth/mfa/totp'],
      ['POST', '/api/v1/auth/mfa/totp/confirm'],
      ['DELETE', '/api/v1/auth/mfa/totp'],
      ['POST', '/api/v1/auth/mfa/recovery-codes'],
      ['POST', '/api/v1/auth/mfa/passkeys/options'],
      ['POST', '/api/v1/auth/mfa/passkeys'],
      ['DELETE', '/api/v1/auth/mfa/passkeys/abc'],
    ])('%s %s answers 401 without credentials', async (method, path) => {
      expectProblem(await http.request(method, path), 401, 'UNAUTHORIZED');
    });

    it('answers 403 to an API key', async () => {
      const created = await http.post('/api/v1/api-keys', { name: 'mfa probe', role: 'admin' }, { token: admin.token });
      expectStatus(created, 201, 'create API key');
      const headers = { 'x-api-key': created.body.key };
      expectProblem(await http.get('/api/v1/auth/mfa', { headers }), 403, 'FORBIDDEN');
      expectProblem(await http.post('/api/v1/auth/mfa/totp', undefined, { headers }), 403, 'FORBIDDEN');
    });

    it("shows admins a user's MFA status, never a secret", async () => {
      const { recoveryCodes, session } = await userWithTotp();
      const response = await http.get(`/api/v1/users/${session.user.id}/mfa`, { token: admin.token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        enabled: true,
        required: false,
        totp: true,
        passkeys: [],
        recovery_codes_left: 10,
      });
      const stored = await db.query('SELECT secret FROM stagecraft.mfa_totp WHERE user_id = $1', [session.user.id]);
      expect(response.text).not.toContain(stored.rows[0].secret);
      expect(response.text).not.toContain(recoveryCodes[0]);

      expectProblem(await http.get(`/api/v1/users/${session.user.id}/mfa`, { token: session.token }), 403, 'FORBIDDEN');
      expectProblem(
        await http.get('/api/v1/users/0190c3a4-6b1e-7cc2-9a51-3f0e4b2d8c99/mfa', { token: admin.token }),
        404,
        'NOT_FOUND',
      );
      expectProblem(await http.get('/api/v1/users/nope/mfa', { token: admin.token }), 400, 'VALIDATION_FAILED', 'id');
    });
  });

  describe('@request.auth.aal in access rules', () => {
    it('shows records under `@request.auth.aal = 2` to an aal-2 session only', async () => {
      await createCollection(http, admin, {
        name: 'vault',
        rules: {
          list: '@request.auth.aal = 2',
          view: '@request.auth.aal = 2',
          create: null,
          update: null,
          delete: null,
        },
        fields: [{ name: 'title', type: 'text' }],
      });
      const vault = recordsClient(http, 'vault');
      const secret = await vault.insert({ title: 'gold' }, admin.token);

      const plain = await registerUser(http);
      expect(claimsOf(plain.token).aal).toBe(1);
      expectProblem(await vault.get(secret.id, plain.token), 404, 'NOT_FOUND');
      expect((await vault.list({}, plain.token)).body.data).toEqual([]);
      expectProblem(await vault.get(secret.id), 404, 'NOT_FOUND');

      const { session } = await enrolTotp(http, plain);
      expect(claimsOf(session.token).aal).toBe(2);
      expect((await vault.get(secret.id, session.token)).body.data).toMatchObject({ title: 'gold' });
      expect((await vault.list({}, session.token)).body.data).toHaveLength(1);
    });

    it('refuses a rule that compares aal with text', async () => {
      const response = await http.post(
        '/api/v1/collections',
        { name: 'bad_aal', rules: { view: '@request.auth.aal = "2"' }, fields: [{ name: 'a', type: 'text' }] },
        { token: admin.token },
      );
      expect(response.status).toBe(400);
      expect(response.text).toContain('@request.auth.aal');
    });
  });

  describe('roles that must use MFA', () => {
    /** Through the real settings endpoint, as an admin would. */
    async function requireMfaFor(roles: string[], by: TestSession = admin): Promise<void> {
      const response = await http.patch('/api/v1/auth/settings', { mfa_required_roles: roles }, { token: by.token });
      expectStatus(response, 200, 'PATCH /auth/settings');
      expect(response.body.mfa_required_roles).toEqual(roles);
    }

    beforeAll(() => requireMfaFor(['user']));
    afterAll(() => requireMfaFor([]));

    it('lets a user without a factor only enrol until they have one', async () => {
      await createCollection(http, admin, { name: 'notes', rules: OPEN_RULES, fields: [{ name: 't', type: 'text' }] });
      const registered = await http.post('/api/v1/auth/register', {
        email: `enrol-${Date.now()}@example.com`,
        password: GOOD_PASSWORD,
      });
      expect(registered.status).toBe(201);
      expect(registered.body.mfa_enrollment_required).toBe(true);
      const user = sessionFrom(registered.body);
      expect(claimsOf(user.token)).toMatchObject({ aal: 1, mfa_enrol: true });

      expect((await http.get('/api/v1/auth/me', { token: user.token })).status).toBe(200);
      expect((await status(user)).body).toMatchObject({ enabled: false, required: true });
      for (const refused of [
        await http.get('/api/v1/collections/notes/records', { token: user.token }),
        await http.post('/api/v1/collections/notes/records', { t: 'x' }, { token: user.token }),
        await http.patch('/api/v1/auth/me', { email: 'x@example.com' }, { token: user.token }),
        await http.post('/api/v1/auth/logout-all', undefined, { token: user.token }),
        await http.get('/api/v1/collections', { token: user.token }),
      ]) {
        expectProblem(refused, 403, 'MFA_ENROLLMENT_REQUIRED');
      }
      // The same records anonymously: the refusal is about the session, not the route.
      expect((await http.get('/api/v1/collections/notes/records')).status).toBe(200);

      // A refreshed token still says so.
      const refreshed = await http.post('/api/v1/auth/refresh', { refresh_token: user.refreshToken });
      expect(claimsOf(refreshed.body.access_token)).toMatchObject({ aal: 1, mfa_enrol: true });

      const { app, session } = await enrolTotp(http, { ...user, token: refreshed.body.access_token });
      expect(claimsOf(session.token).mfa_enrol).toBeUndefined();
      expect((await http.get('/api/v1/collections/notes/records', { token: session.token })).status).toBe(200);
      const next = await signInWithCode(session.user.email, app);
      expect(claimsOf(next.token)).toMatchObject({ aal: 2 });
    });

    it('marks an aal-1 session at login, and leaves admins (not in the list) alone', async () => {
      const user = await registerUser(http);
      const again = await http.post('/api/v1/auth/login', { email: user.user.email, password: GOOD_PASSWORD });
      expect(again.body.mfa_enrollment_required).toBe(true);
      expect((await http.post('/api/v1/auth/logout', undefined, { token: again.body.access_token })).status).toBe(204);
      const adminAgain = await login(http, admin.user.email);
      expect(claimsOf(adminAgain.token).mfa_enrol).toBeUndefined();
      expect((await http.get('/api/v1/collections', { token: adminAgain.token })).status).toBe(200);
    });

    it('lets an admin require MFA for admins: one without a factor must enrol before any admin route, one with a factor signs in at aal 2', async () => {
      const withFactor = await enrolTotp(http, await createUser(http, admin, 'admin'));
      const bare = await createUser(http, admin, 'admin');
      // An admin without a factor sets the rule for their own role; the token they did it with predates it.
      await requireMfaFor(['user', 'admin'], bare);

      const again = await http.post('/api/v1/auth/login', { email: bare.user.email, password: GOOD_PASSWORD });
      expect(again.status).toBe(200);
      expect(again.body.mfa_enrollment_required).toBe(true);
      const marked = sessionFrom(again.body);
      expect(claimsOf(marked.token)).toMatchObject({ role: 'admin', aal: 1, mfa_enrol: true });
      expect((await status(marked)).body).toMatchObject({ enabled: false, required: true });
      // Being an admin opens nothing until a factor is set up, not even the setting itself.
      for (const refused of [
        await http.get('/api/v1/collections', { token: marked.token }),
        await http.get('/api/v1/users', { token: marked.token }),
        await http.get('/api/v1/auth/settings', { token: marked.token }),
        await http.patch('/api/v1/auth/settings', { mfa_required_roles: [] }, { token: marked.token }),
      ]) {
        expectProblem(refused, 403, 'MFA_ENROLLMENT_REQUIRED');
      }
      // The session that set the rule learns of it at its next refresh.
      const refreshed = await http.post('/api/v1/auth/refresh', { refresh_token: bare.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(claimsOf(refreshed.body.access_token)).toMatchObject({ aal: 1, mfa_enrol: true });

      const { app, session } = await enrolTotp(http, marked);
      expect(claimsOf(session.token)).toMatchObject({ aal: 2 });
      expect(claimsOf(session.token).mfa_enrol).toBeUndefined();
      expect((await http.get('/api/v1/users', { token: session.token })).status).toBe(200);
      // From now on the password alone is not enough, and the code gives full access.
      const next = await signInWithCode(bare.user.email, app);
      expect(claimsOf(next.token)).toMatchObject({ role: 'admin', aal: 2 });
      const settings = await http.get('/api/v1/auth/settings', { token: next.token });
      expect(settings.status).toBe(200);
      expect(settings.body.mfa_required_roles).toEqual(['user', 'admin']);

      // An admin who had a factor before the rule: asked for it at sign-in, then let in at aal 2.
      const ticketed = await http.post('/api/v1/auth/login', {
        email: withFactor.session.user.email,
        password: GOOD_PASSWORD,
      });
      expect(ticketed.body).toMatchObject({ mfa_required: true, methods: ['totp', 'recovery_code'] });
      expect(ticketed.body.access_token).toBeUndefined();
      const second = await signInWithCode(withFactor.session.user.email, withFactor.app);
      expect(claimsOf(second.token)).toMatchObject({ role: 'admin', aal: 2 });
      expect(claimsOf(second.token).mfa_enrol).toBeUndefined();
      expect((await http.get('/api/v1/collections', { token: second.token })).status).toBe(200);

      await requireMfaFor(['user']);
    });
  });
});

describe('MFA attempts from one client IP', () => {
  // Lower than one IP's guesses below, so the per-IP limit is what stops them.
  const PER_IP = 6;
  const PER_USER = 3;
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(
      env.config({
        TRUST_PROXY: 'true',
        RATE_LIMIT_AUTH_PER_IP: String(PER_IP),
        RATE_LIMIT_AUTH_PER_ACCOUNT: String(PER_USER),
      }),
    );
    http = httpClient(api.url);
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  /** A client address of its own (TRUST_PROXY is on): the attacker's counts stay apart from the owners'. */
  const fromIp = (): { 'x-forwarded-for': string } => ({ 'x-forwarded-for': `10.${[...randomBytes(3)].join('.')}` });

  it('answers 429 once wrong codes from one IP across several accounts reach the per-IP limit, though no account reached its own', async () => {
    // Three accounts set up from loopback (three registrations and confirmations: under PER_IP there).
    const victims: { app: TotpApp; session: TestSession; ticket: string }[] = [];
    const attacker = fromIp();
    for (let n = 0; n < 3; n++) {
      const { app, session } = await enrolTotp(http, await registerUser(http));
      // The attacker has the passwords; the second factor is what stands in the way.
      const first = await http.post(
        '/api/v1/auth/login',
        { email: session.user.email, password: GOOD_PASSWORD },
        { headers: attacker },
      );
      expectStatus(first, 200, 'login');
      victims.push({ app, session, ticket: first.body.mfa_ticket });
    }

    // PER_IP wrong codes, two per account (under PER_USER): each a plain 401.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < PER_IP; attempt++) {
      const { app, ticket } = victims[attempt % victims.length] as (typeof victims)[number];
      const response = await http.post(
        '/api/v1/auth/mfa/verify',
        { mfa_ticket: ticket, totp_code: app.wrongCode() },
        { headers: attacker },
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(PER_IP).fill(401));

    // Past the limit this IP is refused even a right code.
    const [first, owner] = victims as [(typeof victims)[number], (typeof victims)[number]];
    const blocked = await http.post(
      '/api/v1/auth/mfa/verify',
      { mfa_ticket: first.ticket, totp_code: await first.app.nextCode() },
      { headers: attacker },
    );
    expectProblem(blocked, 429, 'RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    // The accounts are not locked: an owner at their own address signs in with a right code.
    const signedIn = await http.post(
      '/api/v1/auth/mfa/verify',
      { mfa_ticket: await mfaTicket(http, owner.session.user.email), totp_code: await owner.app.nextCode() },
      { headers: fromIp() },
    );
    expect(signedIn.status).toBe(200);
    expect(claimsOf(signedIn.body.access_token)).toMatchObject({ sub: owner.session.user.id, aal: 2 });
  });
});
