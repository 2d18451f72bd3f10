// Passkeys through real HTTP with a software authenticator: registration for a signed-in user,
// the passkey as a second factor after a password, passwordless sign-in with a discoverable
// credential, replayed challenges, a cloned authenticator (a signature counter that did not grow)
// and removal, which needs a fresh second factor. Adding or removing one signs the other sessions
// out and emails the owner.

import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import {
  createSoftwareAuthenticator,
  createTestEnvironment,
  httpClient,
  waitFor,
  type HttpClient,
  type SoftwareAuthenticator,
  type TestEnvironment,
} from '@stagecraft/testing';
import { GOOD_PASSWORD, login, registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { captureLogLines, WARN, type LogLines } from './support/log-lines.js';
import { claimsOf, expectStatus, mfaTicket, sessionFrom } from './support/mfa.js';
import { expectProblem } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const PUBLIC_URL = 'https://console.example.test';
const RP = { origin: PUBLIC_URL, rpId: 'console.example.test' };

describe('MFA with passkeys', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let db: pg.Client;
  let admin: TestSession;
  let logs: LogLines;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({
      PUBLIC_URL,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_AUTH_PER_IP: '100000',
      REFRESH_REUSE_GRACE_SECONDS: '0',
    });
    // The worker sends the change notices (into the captured mailbox: no SMTP_URL). It starts
    // first: Nest's logger is process-wide, and the app started last is the one whose lines
    // `logs` captures.
    worker = await startWorker(config);
    api = await startApi(config);
    logs = captureLogLines(api.app);
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

  interface Enrolled {
    authenticator: SoftwareAuthenticator;
    passkeyId: string;
    recoveryCodes: string[];
    session: TestSession;
  }

  /** A new user who registers a passkey on a fresh software authenticator. */
  async function userWithPasskey(name?: string): Promise<Enrolled> {
    const user = await registerUser(http);
    const authenticator = createSoftwareAuthenticator(RP);
    const options = await http.post('/api/v1/auth/mfa/passkeys/options', undefined, { token: user.token });
    expectStatus(options, 200, 'passkey options');
    const added = await http.post(
      '/api/v1/auth/mfa/passkeys',
      { name, response: authenticator.register(options.body) },
      { token: user.token },
    );
    expectStatus(added, 201, 'add passkey');
    return {
      authenticator,
      passkeyId: added.body.passkey.id,
      recoveryCodes: added.body.recovery_codes,
      session: sessionFrom(added.body),
    };
  }

  /** One more passkey, on a new authenticator, added from a session at aal 2; returns the session's new tokens. */
  async function addAnotherPasskey(
    session: TestSession,
    name: string,
  ): Promise<{ authenticator: SoftwareAuthenticator; session: TestSession }> {
    const authenticator = createSoftwareAuthenticator(RP);
    const options = await http.post('/api/v1/auth/mfa/passkeys/options', undefined, { token: session.token });
    expectStatus(options, 200, 'passkey options');
    const added = await http.post(
      '/api/v1/auth/mfa/passkeys',
      { name, response: authenticator.register(options.body) },
      { token: session.token },
    );
    expectStatus(added, 201, 'add passkey');
    return { authenticator, session: sessionFrom(added.body) };
  }

  /** Waits for the change notice to the address that says `what`. */
  const notice = (email: string, what: string) =>
    waitFor(
      async () =>
        (
          await db.query<{ subject: string; text: string }>(
            'SELECT subject, text FROM stagecraft.captured_emails WHERE "to" = $1 ORDER BY id',
            [email],
          )
        ).rows,
      (rows) => rows.some((row) => row.subject === 'Your sign-in security changed' && row.text.includes(what)),
      { what: `the notice "${what}"` },
    );

  /** Signed out by an MFA change: neither its access token nor its refresh token works, and the row says why. */
  async function expectSignedOutByChange(other: TestSession): Promise<void> {
    expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);
    expect((await http.post('/api/v1/auth/refresh', { refresh_token: other.refreshToken })).status).toBe(401);
    const row = await db.query('SELECT revoked_reason FROM stagecraft.sessions WHERE id = $1', [
      claimsOf(other.token).sid,
    ]);
    expect(row.rows).toEqual([{ revoked_reason: 'mfa_changed' }]);
  }

  async function secondStep(email: string, authenticator: SoftwareAuthenticator) {
    const ticket = await mfaTicket(http, email);
    const options = await http.post('/api/v1/auth/mfa/webauthn/options', { mfa_ticket: ticket });
    expectStatus(options, 200, 'second-factor options');
    return http.post('/api/v1/auth/mfa/verify', {
      mfa_ticket: ticket,
      webauthn: authenticator.authenticate(options.body),
    });
  }

  async function passwordless(authenticator: SoftwareAuthenticator) {
    const started = await http.post('/api/v1/auth/passkeys/options');
    expectStatus(started, 200, 'passwordless options');
    return http.post('/api/v1/auth/passkeys/login', {
      challenge_id: started.body.challenge_id,
      response: authenticator.authenticate(started.body.options),
    });
  }

  describe('registration', () => {
    it('offers options for a discoverable credential of this site and user', async () => {
      const user = await registerUser(http);
      const options = await http.post('/api/v1/auth/mfa/passkeys/options', undefined, { token: user.token });
      expect(options.status).toBe(200);
      expect(options.body).toMatchObject({
        rp: { id: 'console.example.test', name: 'Stagecraft' },
        user: { id: Buffer.from(user.user.id).toString('base64url'), name: user.user.email },
        challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        authenticatorSelection: { residentKey: 'required' },
        attestation: 'none',
        excludeCredentials: [],
      });
      expect(options.body.pubKeyCredParams).toEqual(expect.arrayContaining([{ type: 'public-key', alg: -7 }]));
    });

    it('stores the passkey: aal 2, recovery codes, others signed out; the response works once', async () => {
      const user = await registerUser(http);
      const other = await login(http, user.user.email);
      const authenticator = createSoftwareAuthenticator(RP);
      const options = await http.post('/api/v1/auth/mfa/passkeys/options', undefined, { token: user.token });
      const response = authenticator.register(options.body);
      const added = await http.post('/api/v1/auth/mfa/passkeys', { name: 'Laptop', response }, { token: user.token });
      expect(added.status).toBe(201);
      expect(added.body.passkey).toEqual({
        id: response.id,
        name: 'Laptop',
        created_at: expect.any(String),
        last_used_at: null,
      });
      expect(added.body.recovery_codes).toHaveLength(10);
      expect(claimsOf(added.body.access_token)).toMatchObject({ sub: user.user.id, aal: 2 });
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);

      const raised = sessionFrom(added.body);
      const status = await http.get('/api/v1/auth/mfa', { token: raised.token });
      expect(status.body).toMatchObject({
        enabled: true,
        totp: false,
        passkeys: [{ id: response.id, name: 'Laptop' }],
      });
      expect(status.text).not.toContain('public_key');
      const stored = await db.query('SELECT user_id, counter FROM stagecraft.webauthn_credentials WHERE id = $1', [
        response.id,
      ]);
      expect(stored.rows).toEqual([{ user_id: user.user.id, counter: '0' }]);

      expectProblem(
        await http.post('/api/v1/auth/mfa/passkeys', { response }, { token: raised.token }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('gives a second passkey no new recovery codes, and excludes the first from its options', async () => {
      const { authenticator, passkeyId, session } = await userWithPasskey();
      const options = await http.post('/api/v1/auth/mfa/passkeys/options', undefined, { token: session.token });
      expect(options.body.excludeCredentials).toEqual([expect.objectContaining({ id: passkeyId })]);
      expect(() => authenticator.register(options.body)).toThrow(/InvalidStateError/);
      const second = createSoftwareAuthenticator(RP);
      const added = await http.post(
        '/api/v1/auth/mfa/passkeys',
        { response: second.register(options.body) },
        { token: session.token },
      );
      expect(added.status).toBe(201);
      expect(added.body.passkey.name).toBe('Passkey');
      expect(added.body.recovery_codes).toBeUndefined();
    });

    it('emails the owner about each passkey added, by name, and signs the other sessions out, for a second one too', async () => {
      const { authenticator, session } = await userWithPasskey('Laptop');
      await notice(session.user.email, 'The passkey "Laptop" was added.');
      const other = sessionFrom((await secondStep(session.user.email, authenticator)).body);
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(200);

      const { session: adder } = await addAnotherPasskey(session, 'Phone');
      await expectSignedOutByChange(other);
      // The session that added it goes on.
      expect((await http.get('/api/v1/auth/me', { token: adder.token })).status).toBe(200);
      await notice(session.user.email, 'The passkey "Phone" was added.');
    });

    it.each([
      {
        name: 'another origin',
        authenticator: () => createSoftwareAuthenticator({ origin: 'https://evil.example', rpId: RP.rpId }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'another RP id',
        authenticator: () => createSoftwareAuthenticator({ origin: PUBLIC_URL, rpId: 'evil.example' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ])('refuses a registration from $name', async ({ authenticator, status, code }) => {
      const user = await registerUser(http);
      const options = await http.post('/api/v1/auth/mfa/passkeys/options', undefined, { token: user.token });
      const response = authenticator().register({ ...options.body, rp: { ...options.body.rp, id: undefined } });
      expectProblem(await http.post('/api/v1/auth/mfa/passkeys', { response }, { token: user.token }), status, code);
      expect(
        (await db.query('SELECT 1 FROM stagecraft.webauthn_credentials WHERE id = $1', [response.id])).rows,
      ).toEqual([]);
    });

    it.each([
      { name: 'no response', body: {} },
      { name: 'a response of the wrong type', body: { response: { id: 'a', rawId: 'a', type: 'x', response: {} } } },
      { name: 'a name too long', body: { name: 'n'.repeat(65), response: {} } },
      {
        name: 'a non-base64url id',
        body: {
          response: {
            id: 'a b',
            rawId: 'a',
            type: 'public-key',
            clientExtensionResults: {},
            response: { clientDataJSON: 'a', attestationObject: 'b' },
          },
        },
      },
    ])('answers 400 to $name', async ({ body }) => {
      const user = await registerUser(http);
      expectProblem(
        await http.post('/api/v1/auth/mfa/passkeys', body, { token: user.token }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it("refuses a challenge issued to another user's session", async () => {
      const alice = await registerUser(http);
      const bob = await registerUser(http);
      const options = await http.post('/api/v1/auth/mfa/passkeys/options', undefined, { token: alice.token });
      const response = createSoftwareAuthenticator(RP).register(options.body);
      expectProblem(
        await http.post('/api/v1/auth/mfa/passkeys', { response }, { token: bob.token }),
        401,
        'UNAUTHORIZED',
      );
    });
  });

  describe('as a second factor', () => {
    it('asks for it after the password and signs in at aal 2', async () => {
      const { authenticator, passkeyId, session } = await userWithPasskey();
      const first = await http.post('/api/v1/auth/login', { email: session.user.email, password: GOOD_PASSWORD });
      expect(first.body).toMatchObject({ mfa_required: true, methods: ['webauthn', 'recovery_code'] });
      const options = await http.post('/api/v1/auth/mfa/webauthn/options', { mfa_ticket: first.body.mfa_ticket });
      expect(options.body).toMatchObject({
        rpId: RP.rpId,
        userVerification: 'preferred',
        allowCredentials: [expect.objectContaining({ id: passkeyId, type: 'public-key' })],
      });
      const assertion = authenticator.authenticate(options.body);
      const verified = await http.post('/api/v1/auth/mfa/verify', {
        mfa_ticket: first.body.mfa_ticket,
        webauthn: assertion,
      });
      expect(verified.status).toBe(200);
      expect(claimsOf(verified.body.access_token)).toMatchObject({ sub: session.user.id, aal: 2 });
      const stored = await db.query('SELECT counter, last_used_at FROM stagecraft.webauthn_credentials WHERE id = $1', [
        passkeyId,
      ]);
      expect(stored.rows[0].counter).toBe('1');
      expect(stored.rows[0].last_used_at).not.toBeNull();

      // The same assertion again, with a new ticket: its challenge is spent.
      const ticket = await mfaTicket(http, session.user.email);
      expectProblem(
        await http.post('/api/v1/auth/mfa/verify', { mfa_ticket: ticket, webauthn: assertion }),
        401,
        'UNAUTHORIZED',
      );
    });

    it("refuses another user's passkey for this ticket", async () => {
      const alice = await userWithPasskey();
      const bob = await userWithPasskey();
      const ticket = await mfaTicket(http, alice.session.user.email);
      const options = await http.post('/api/v1/auth/mfa/webauthn/options', { mfa_ticket: ticket });
      const assertion = bob.authenticator.authenticate({ ...options.body, allowCredentials: [] });
      expectProblem(
        await http.post('/api/v1/auth/mfa/verify', { mfa_ticket: ticket, webauthn: assertion }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('refuses a cloned authenticator (a counter that did not grow) with 403, and logs it', async () => {
      const { authenticator, passkeyId, session } = await userWithPasskey();
      expect((await secondStep(session.user.email, authenticator)).status).toBe(200);
      expect((await secondStep(session.user.email, authenticator)).status).toBe(200); // counter 2 stored
      authenticator.setCounter(passkeyId, 1); // the clone's next assertion says 2
      const cloned = await secondStep(session.user.email, authenticator);
      expectProblem(cloned, 403, 'FORBIDDEN');
      expect(cloned.body.detail).toMatch(/cloned/);
      expect(logs.all().some((line) => line.level >= WARN && String(line.msg).includes(`Passkey ${passkeyId}`))).toBe(
        true,
      );
      const stored = await db.query('SELECT counter FROM stagecraft.webauthn_credentials WHERE id = $1', [passkeyId]);
      expect(stored.rows[0].counter).toBe('2');
    });
  });

  describe('passwordless sign-in', () => {
    it('signs in with a discoverable passkey and user verification, at aal 2', async () => {
      const { authenticator, session } = await userWithPasskey();
      const started = await http.post('/api/v1/auth/passkeys/options');
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({
        challenge_id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        options: { rpId: RP.rpId, userVerification: 'required', allowCredentials: [] },
      });
      expect(started.body.options.challenge).toBe(started.body.challenge_id);
      const response = authenticator.authenticate(started.body.options);
      const signedIn = await http.post('/api/v1/auth/passkeys/login', {
        challenge_id: started.body.challenge_id,
        response,
      });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.id).toBe(session.user.id);
      expect(claimsOf(signedIn.body.access_token)).toMatchObject({ sub: session.user.id, aal: 2 });
      expect((await http.get('/api/v1/auth/me', { token: signedIn.body.access_token })).status).toBe(200);

      expectProblem(
        await http.post('/api/v1/auth/passkeys/login', { challenge_id: started.body.challenge_id, response }),
        401,
        'UNAUTHORIZED',
      );
    });

    it('refuses an unknown passkey, a missing user handle and a disabled account', async () => {
      const stranger = createSoftwareAuthenticator(RP);
      stranger.register({
        rp: { id: RP.rpId, name: 'x' },
        user: { id: Buffer.from('nobody').toString('base64url'), name: 'n', displayName: 'n' },
        challenge: 'AAAA',
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      });
      expectProblem(await passwordless(stranger), 401, 'UNAUTHORIZED');

      const { authenticator, session } = await userWithPasskey();
      const started = await http.post('/api/v1/auth/passkeys/options');
      const response = authenticator.authenticate(started.body.options);
      const { userHandle: _dropped, ...withoutHandle } = response.response;
      expectProblem(
        await http.post('/api/v1/auth/passkeys/login', {
          challenge_id: started.body.challenge_id,
          response: { ...response, response: withoutHandle },
        }),
        401,
        'UNAUTHORIZED',
      );

      expect(
        (await http.patch(`/api/v1/users/${session.user.id}`, { disabled: true }, { token: admin.token })).status,
      ).toBe(200);
      expectProblem(await passwordless(authenticator), 401, 'UNAUTHORIZED');
    });

    it.each([
      { name: 'no challenge_id', body: { response: {} } },
      { name: 'no response', body: { challenge_id: 'x' } },
      { name: 'an unknown property', body: { challenge_id: 'x', response: {}, user: 'admin' } },
    ])('answers 400 to $name', async ({ body }) => {
      expectProblem(await http.post('/api/v1/auth/passkeys/login', body), 400, 'VALIDATION_FAILED');
    });

    it('answers 401 to an unknown challenge', async () => {
      const { authenticator } = await userWithPasskey();
      const started = await http.post('/api/v1/auth/passkeys/options');
      const response = authenticator.authenticate(started.body.options);
      expectProblem(
        await http.post('/api/v1/auth/passkeys/login', { challenge_id: 'not-issued', response }),
        401,
        'UNAUTHORIZED',
      );
    });
  });

  describe('removing a passkey', () => {
    it('needs a fresh second factor; with the last one gone, MFA and the recovery codes are off', async () => {
      const { authenticator, passkeyId, recoveryCodes, session } = await userWithPasskey('Phone');
      const other = sessionFrom((await secondStep(session.user.email, authenticator)).body);
      const remove = (body?: Record<string, unknown>) =>
        http.request('DELETE', `/api/v1/auth/mfa/passkeys/${passkeyId}`, { token: session.token, body });

      expectProblem(await remove(), 400, 'VALIDATION_FAILED', 'code');
      expectProblem(await remove({ code: '123456' }), 400, 'VALIDATION_FAILED', 'code'); // no authenticator app
      expect((await remove({ recovery_code: recoveryCodes[0] })).status).toBe(204);

      expect((await http.get('/api/v1/auth/mfa', { token: session.token })).body).toMatchObject({
        enabled: false,
        passkeys: [],
        recovery_codes_left: 0,
      });
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(401);
      expectProblem(await passwordless(authenticator), 401, 'UNAUTHORIZED');
      const plain = await http.post('/api/v1/auth/login', { email: session.user.email, password: GOOD_PASSWORD });
      expect(plain.body.access_token).toEqual(expect.any(String));
      expectProblem(await remove({ recovery_code: recoveryCodes[1] }), 404, 'NOT_FOUND');
    });

    it('emails the owner about a passkey removed, by name, and signs the other sessions out', async () => {
      const { authenticator, recoveryCodes, session } = await userWithPasskey('Laptop');
      const { session: current } = await addAnotherPasskey(session, 'Phone');
      const phoneId = (await http.get('/api/v1/auth/mfa', { token: current.token })).body.passkeys.find(
        (passkey: { name: string }) => passkey.name === 'Phone',
      ).id;
      const other = sessionFrom((await secondStep(session.user.email, authenticator)).body);
      expect((await http.get('/api/v1/auth/me', { token: other.token })).status).toBe(200);

      const removed = await http.request('DELETE', `/api/v1/auth/mfa/passkeys/${phoneId}`, {
        token: current.token,
        body: { recovery_code: recoveryCodes[0] },
      });
      expect(removed.status).toBe(204);
      await expectSignedOutByChange(other);
      // The session that removed it goes on, and the other passkey keeps MFA on.
      const status = await http.get('/api/v1/auth/mfa', { token: current.token });
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ enabled: true, passkeys: [{ name: 'Laptop' }] });
      await notice(session.user.email, 'The passkey "Phone" was removed.');
    });

    it("answers 404 for another user's passkey", async () => {
      const alice = await userWithPasskey();
      const bob = await userWithPasskey();
      expectProblem(
        await http.request('DELETE', `/api/v1/auth/mfa/passkeys/${alice.passkeyId}`, {
          token: bob.session.token,
          body: { recovery_code: bob.recoveryCodes[0] },
        }),
        404,
        'NOT_FOUND',
      );
    });
  });
});
