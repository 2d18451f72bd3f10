// Sign-in with OAuth/OIDC providers through real HTTP, against a real OpenID Connect provider
// (oidc-provider, in a child process) and a GitHub-shaped OAuth2 stub, both on loopback:
// provider settings, the flow, account creation and linking rules, the MFA step for an account
// with a second factor, forged and replayed answers, an unreachable provider, identities, and an
// admin's test sign-in.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  createTestEnvironment,
  httpClient,
  startGitHubStub,
  startTestIdentityProvider,
  type GitHubStub,
  type HttpClient,
  type TestEnvironment,
  type TestIdentityProvider,
} from '@stagecraft/testing';
import { DataSource } from 'typeorm';
import { startApi, type RunningApi } from './support/running-apps.js';
import { GOOD_PASSWORD, login, registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';
import { claimsOf, enrolTotp, sessionFrom } from './support/mfa.js';
import { APP_CALLBACK, completeAtProvider, getManual, redirectTarget, signInFlow } from './support/oauth-flows.js';

const PUBLIC_URL = 'http://stagecraft.test';
const IDP_CLIENT = { client_id: 'stagecraft', client_secret: 'idp-client-secret-0123456789' };
const GITHUB_CLIENT = { clientId: 'gh-client', clientSecret: 'gh-secret-0123456789' };

let nextSubject = 0;
const subject = (): string => `idp-user-${++nextSubject}-${randomBytes(3).toString('hex')}`;

describe('OAuth and OpenID Connect sign-in', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let idp: TestIdentityProvider;
  let github: GitHubStub;
  const idpUsers = new Map<string, { sub: string; email: string; email_verified: boolean; name: string }>();

  /** An IdP user for one test; the IdP holds a pool made up front, keyed by label. */
  const idpUser = (label: string) => {
    const user = idpUsers.get(label);
    if (!user) throw new Error(`no IdP user "${label}"`);
    return user;
  };

  const adminCall = (method: string, path: string, body?: unknown) =>
    http.request(method, path, { body, token: admin.token });

  async function signInAs(label: string, params: Record<string, string> = {}): Promise<URL> {
    await idp.nextLogin(idpUser(label).sub);
    return signInFlow(api.url, 'idp', params);
  }

  async function exchange(code: string, codeVerifier?: string) {
    return http.post('/api/v1/auth/oauth/exchange', { code, ...(codeVerifier ? { code_verifier: codeVerifier } : {}) });
  }

  beforeAll(async () => {
    const labels = [
      'new',
      'replay',
      'pkce',
      'link-ok',
      'link-local-unverified',
      'link-idp-unverified',
      'forged',
      'denied',
      'disabled',
      'unlink',
      'link-from-account',
      'test-run',
      'in-use',
      'mfa',
    ];
    for (const label of labels) {
      idpUsers.set(label, {
        sub: subject(),
        email: uniqueEmail(label),
        email_verified: label !== 'link-idp-unverified',
        name: `Person ${label}`,
      });
    }
    env = await createTestEnvironment();
    idp = await startTestIdentityProvider({
      clients: [{ ...IDP_CLIENT, redirect_uris: [`${PUBLIC_URL}/api/v1/auth/oauth/idp/callback`] }],
      users: [...idpUsers.values()],
    });
    github = await startGitHubStub({
      ...GITHUB_CLIENT,
      users: [
        {
          id: 4242,
          login: 'octo',
          name: 'Octo Cat',
          emails: [{ email: uniqueEmail('octo'), primary: true, verified: true }],
        },
        { id: 4343, login: 'unverified', emails: [{ email: uniqueEmail('ghu'), primary: true, verified: false }] },
      ],
    });
    api = await startApi(env.config({ PUBLIC_URL, RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    expect((await adminCall('PATCH', '/api/v1/auth/settings', { oauth_redirect_urls: [APP_CALLBACK] })).status).toBe(
      200,
    );
    const created = await adminCall('POST', '/api/v1/auth/providers', {
      name: 'idp',
      preset: 'oidc',
      display_name: 'Test IdP',
      issuer: idp.issuer,
      client_id: IDP_CLIENT.client_id,
      client_secret: IDP_CLIENT.client_secret,
    });
    expect(created.status).toBe(201);
    const gh = await adminCall('POST', '/api/v1/auth/providers', {
      name: 'github',
      preset: 'github',
      client_id: GITHUB_CLIENT.clientId,
      client_secret: GITHUB_CLIENT.clientSecret,
      authorization_url: github.authorizationUrl,
      token_url: github.tokenUrl,
      api_url: github.apiUrl,
    });
    expect(gh.status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await idp?.close();
    await github?.close();
    await env?.dispose();
  });

  describe('provider settings', () => {
    it('shows a provider without its secret, and stores the secret encrypted', async () => {
      const response = await adminCall('GET', '/api/v1/auth/providers/idp');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: 'idp',
        kind: 'oidc',
        display_name: 'Test IdP',
        issuer: idp.issuer,
        client_id: IDP_CLIENT.client_id,
        client_secret_set: true,
        scopes: ['openid', 'email', 'profile'],
        enabled: true,
        callback_url: `${PUBLIC_URL}/api/v1/auth/oauth/idp/callback`,
      });
      expect(response.text).not.toContain(IDP_CLIENT.client_secret);
      const [row] = await api.app
        .get(DataSource)
        .query<{ client_secret: string }[]>(`SELECT client_secret FROM stagecraft.auth_providers WHERE name = 'idp'`);
      expect(row?.client_secret).toMatch(/^v1:/);
      expect(row?.client_secret).not.toContain(IDP_CLIENT.client_secret);
      const list = await adminCall('GET', '/api/v1/auth/providers');
      expect(list.body.data.map((provider: { name: string }) => provider.name)).toEqual(['github', 'idp']);
    });

    it('fills presets in: GitHub keeps the overridden URLs, Google gets its issuer', async () => {
      const gh = await adminCall('GET', '/api/v1/auth/providers/github');
      expect(gh.body).toMatchObject({ kind: 'github', display_name: 'GitHub', api_url: github.apiUrl, issuer: null });
      const google = await adminCall('POST', '/api/v1/auth/providers', {
        name: 'google',
        preset: 'google',
        client_id: 'g',
        client_secret: 's',
        enabled: false,
      });
      expect(google.status).toBe(201);
      expect(google.body).toMatchObject({
        kind: 'oidc',
        issuer: 'https://accounts.google.com',
        display_name: 'Google',
      });
      expect((await adminCall('DELETE', '/api/v1/auth/providers/google')).status).toBe(204);
    });

    it('refuses bad settings with field errors, duplicates with 409, unknown names with 404', async () => {
      const base = { client_id: 'a', client_secret: 'b' };
      const noIssuer = await adminCall('POST', '/api/v1/auth/providers', { ...base, name: 'corp', preset: 'oidc' });
      expect(noIssuer.status).toBe(400);
      expect(noIssuer.body.errors[0].field).toBe('issuer');
      const badUrl = await adminCall('POST', '/api/v1/auth/providers', {
        ...base,
        name: 'corp',
        preset: 'oidc',
        issuer: 'ftp://example.com',
      });
      expect(badUrl.status).toBe(400);
      const badName = await adminCall('POST', '/api/v1/auth/providers', {
        ...base,
        name: 'Bad Name',
        preset: 'github',
      });
      expect(badName.status).toBe(400);
      const badPreset = await adminCall('POST', '/api/v1/auth/providers', { ...base, name: 'x', preset: 'saml' });
      expect(badPreset.status).toBe(400);
      const duplicate = await adminCall('POST', '/api/v1/auth/providers', {
        ...base,
        name: 'idp',
        preset: 'oidc',
        issuer: idp.issuer,
      });
      expect(duplicate.status).toBe(409);
      expect((await adminCall('GET', '/api/v1/auth/providers/nope')).status).toBe(404);
      expect((await adminCall('PATCH', '/api/v1/auth/providers/nope', { enabled: false })).status).toBe(404);
      expect((await adminCall('DELETE', '/api/v1/auth/providers/nope')).status).toBe(404);
      expect((await adminCall('PATCH', '/api/v1/auth/providers/idp', { issuer: 'not a url' })).status).toBe(400);
    });

    it('is for admins only: 401 anonymous, 403 for users', async () => {
      const user = await registerUser(http);
      for (const path of ['/api/v1/auth/providers', '/api/v1/auth/settings']) {
        expect((await http.get(path)).status).toBe(401);
        expect((await http.get(path, { token: user.token })).status).toBe(403);
      }
      expect((await http.post('/api/v1/auth/providers', { name: 'x' }, { token: user.token })).status).toBe(403);
    });

    it('keeps redirect URLs exact and refuses unsafe ones', async () => {
      const bad = await adminCall('PATCH', '/api/v1/auth/settings', { oauth_redirect_urls: ['javascript:alert(1)'] });
      expect(bad.status).toBe(400);
      const fragment = await adminCall('PATCH', '/api/v1/auth/settings', {
        oauth_redirect_urls: ['https://a.test/#x'],
      });
      expect(fragment.status).toBe(400);
      const role = await adminCall('PATCH', '/api/v1/auth/settings', { mfa_required_roles: ['owner'] });
      expect(role.status).toBe(400);
      const settings = await adminCall('GET', '/api/v1/auth/settings');
      expect(settings.body).toEqual({ oauth_redirect_urls: [APP_CALLBACK], mfa_required_roles: [] });
    });

    it('lists enabled providers publicly, for sign-in pages', async () => {
      const methods = await http.get('/api/v1/auth/methods');
      expect(methods.status).toBe(200);
      expect(methods.body).toMatchObject({ password: true, registration: true, passkeys: true });
      expect(methods.body.providers).toEqual([
        { name: 'github', display_name: 'GitHub', kind: 'github' },
        { name: 'idp', display_name: 'Test IdP', kind: 'oidc' },
      ]);
      expect(methods.text).not.toContain('client');
    });
  });

  describe('starting a sign-in', () => {
    it('redirects to the provider with PKCE, state and nonce', async () => {
      const start = await getManual(
        `${api.url}/api/v1/auth/oauth/idp?redirect_uri=${encodeURIComponent(APP_CALLBACK)}`,
      );
      const target = await redirectTarget(start);
      expect(target.origin).toBe(idp.issuer);
      expect(target.searchParams.get('code_challenge_method')).toBe('S256');
      for (const param of ['state', 'nonce', 'code_challenge']) expect(target.searchParams.get(param)).toBeTruthy();
      expect(target.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/v1/auth/oauth/idp/callback`);
      expect(start.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses a redirect URI that is not exactly on the allowlist, without redirecting', async () => {
      for (const uri of [`${APP_CALLBACK}/more`, `${APP_CALLBACK}?x=1`, 'https://evil.test/auth/callback']) {
        const response = await getManual(`${api.url}/api/v1/auth/oauth/idp?redirect_uri=${encodeURIComponent(uri)}`);
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        expect(((await response.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('redirect_uri');
      }
      expect((await getManual(`${api.url}/api/v1/auth/oauth/idp`)).status).toBe(400);
      const unknown = await getManual(
        `${api.url}/api/v1/auth/oauth/nope?redirect_uri=${encodeURIComponent(APP_CALLBACK)}`,
      );
      expect(unknown.status).toBe(404);
      const badChallenge = await getManual(
        `${api.url}/api/v1/auth/oauth/idp?redirect_uri=${encodeURIComponent(APP_CALLBACK)}&code_challenge=short`,
      );
      expect(badChallenge.status).toBe(400);
    });
  });

  describe('signing in', () => {
    it('creates an account on a first sign-in and hands out tokens only through the exchange', async () => {
      const person = idpUser('new');
      const back = await signInAs('new');
      expect(back.origin + back.pathname).toBe(APP_CALLBACK);
      expect(back.searchParams.get('error')).toBeNull();
      const code = back.searchParams.get('code') ?? '';
      expect(back.href).not.toMatch(/access_token|refresh_token/);
      const exchanged = await exchange(code);
      expect(exchanged.status).toBe(200);
      expect(exchanged.headers.get('cache-control')).toBe('no-store');
      expect(exchanged.body.user).toMatchObject({
        email: person.email,
        verified: true,
        role: 'user',
        has_password: false,
      });
      const me = await http.get('/api/v1/auth/me', { token: exchanged.body.access_token });
      expect(me.body.email).toBe(person.email);
      const identities = await http.get('/api/v1/auth/identities', { token: exchanged.body.access_token });
      expect(identities.body.data).toEqual([
        expect.objectContaining({
          provider: 'idp',
          provider_display_name: 'Test IdP',
          email: person.email,
          email_verified: true,
        }),
      ]);
      // No password was set, so none signs in.
      expect((await http.post('/api/v1/auth/login', { email: person.email, password: GOOD_PASSWORD })).status).toBe(
        401,
      );

      // The next sign-in finds the same account through the identity.
      const again = await exchange((await signInAs('new')).searchParams.get('code') ?? '');
      expect(again.body.user.id).toBe(exchanged.body.user.id);
    });

    it('refuses a replayed one-time code and a replayed state', async () => {
      await idp.nextLogin(idpUser('replay').sub);
      const start = await redirectTarget(
        await getManual(`${api.url}/api/v1/auth/oauth/idp?redirect_uri=${encodeURIComponent(APP_CALLBACK)}`),
      );
      const { followAuthorization } = await import('@stagecraft/testing');
      const callback = new URL(await followAuthorization(start.href));
      // Providers add parameters of their own (Google: authuser, prompt); they are no reason to refuse.
      const callbackOnApi = `${api.url}${callback.pathname}${callback.search}&authuser=0&prompt=consent`;
      const back = await redirectTarget(await getManual(callbackOnApi));
      const code = back.searchParams.get('code') ?? '';
      expect((await exchange(code)).status).toBe(200);
      const replayedCode = await exchange(code);
      expect(replayedCode.status).toBe(401);
      expect(replayedCode.headers.get('content-type')).toContain('application/problem+json');

      const replayedState = await getManual(callbackOnApi);
      expect(replayedState.status).toBe(400);
      expect(replayedState.headers.get('location')).toBeNull();
      expect(((await replayedState.json()) as { detail: string }).detail).toContain('invalid_state');
      expect((await getManual(`${api.url}/api/v1/auth/oauth/idp/callback?code=x&state=forged`)).status).toBe(400);
      expect((await getManual(`${api.url}/api/v1/auth/oauth/idp/callback`)).status).toBe(400);
    });

    it('binds the one-time code to the app’s PKCE verifier', async () => {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const params = { code_challenge: challenge, code_challenge_method: 'S256' };
      const withoutVerifier = await exchange((await signInAs('pkce', params)).searchParams.get('code') ?? '');
      expect(withoutVerifier.status).toBe(401);
      const wrongVerifier = await exchange(
        (await signInAs('pkce', params)).searchParams.get('code') ?? '',
        randomBytes(32).toString('base64url'),
      );
      expect(wrongVerifier.status).toBe(401);
      const right = await exchange((await signInAs('pkce', params)).searchParams.get('code') ?? '', verifier);
      expect(right.status).toBe(200);
      // A code issued without a challenge takes no verifier.
      const unexpected = await exchange((await signInAs('pkce')).searchParams.get('code') ?? '', verifier);
      expect(unexpected.status).toBe(401);
      expect((await http.post('/api/v1/auth/oauth/exchange', {})).status).toBe(400);
      expect((await http.post('/api/v1/auth/oauth/exchange', { code: 'x', code_verifier: 'short' })).status).toBe(400);
    });

    it('links to an existing account only when both sides verified the email', async () => {
      const person = idpUser('link-ok');
      const local = await registerUser(http, person.email);
      expect((await adminCall('PATCH', `/api/v1/users/${local.user.id}`, { verified: true })).status).toBe(200);
      const back = await signInAs('link-ok');
      const signedIn = await exchange(back.searchParams.get('code') ?? '');
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.id).toBe(local.user.id);
    });

    it('refuses to link when the local email is unverified (a pre-registration cannot take the account)', async () => {
      const person = idpUser('link-local-unverified');
      const local = await registerUser(http, person.email);
      const back = await signInAs('link-local-unverified');
      expect(back.searchParams.get('code')).toBeNull();
      expect(back.searchParams.get('error')).toBe('account_exists_unverified');
      expect(back.searchParams.get('error_description')).toContain('/api/v1/auth/identities/link');
      const identities = await http.get('/api/v1/auth/identities', { token: local.token });
      expect(identities.body.data).toEqual([]);
    });

    it('refuses to link when the provider does not assert a verified email', async () => {
      const person = idpUser('link-idp-unverified');
      const local = await registerUser(http, person.email);
      await adminCall('PATCH', `/api/v1/users/${local.user.id}`, { verified: true });
      const back = await signInAs('link-idp-unverified');
      expect(back.searchParams.get('error')).toBe('account_exists_unverified');
    });

    it.each(['wrong-key', 'wrong-audience', 'expired', 'wrong-nonce', 'wrong-issuer'] as const)(
      'refuses a forged ID token (%s)',
      async (kind) => {
        await idp.tamperNextIdToken(kind);
        const back = await signInAs('forged');
        expect(back.searchParams.get('code')).toBeNull();
        expect(back.searchParams.get('error')).toBe('invalid_id_token');
      },
    );

    it('sends the user back with access_denied when they cancel at the provider', async () => {
      await idp.nextDenial();
      const back = await signInFlow(api.url, 'idp');
      expect(back.searchParams.get('error')).toBe('access_denied');
    });

    it('refuses a disabled account', async () => {
      const signedIn = await exchange((await signInAs('disabled')).searchParams.get('code') ?? '');
      await adminCall('PATCH', `/api/v1/users/${signedIn.body.user.id}`, { disabled: true });
      const back = await signInAs('disabled');
      expect(back.searchParams.get('error')).toBe('account_disabled');
    });

    it('signs in through a GitHub-style OAuth2 provider with its verified primary email', async () => {
      github.nextLogin('octo');
      const back = await signInFlow(api.url, 'github');
      const signedIn = await exchange(back.searchParams.get('code') ?? '');
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user).toMatchObject({ verified: true });
      expect(signedIn.body.user.email).toMatch(/^octo-/);
      const identities = await http.get('/api/v1/auth/identities', { token: signedIn.body.access_token });
      expect(identities.body.data[0]).toMatchObject({ provider: 'github', email_verified: true });
    });

    it('creates an unverified account from a GitHub user whose only email is unverified', async () => {
      github.nextLogin('unverified');
      const signedIn = await exchange((await signInFlow(api.url, 'github')).searchParams.get('code') ?? '');
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.verified).toBe(false);
    });

    it('answers the exchange with mfa_required and a ticket, no tokens, for an account with MFA on; a code then signs in at aal 2', async () => {
      const first = await exchange((await signInAs('mfa')).searchParams.get('code') ?? '');
      expect(first.status).toBe(200);
      const { app } = await enrolTotp(http, sessionFrom(first.body));

      // The provider vouches for the first factor only: the second is still asked for.
      const back = await signInAs('mfa');
      const exchanged = await exchange(back.searchParams.get('code') ?? '');
      expect(exchanged.status).toBe(200);
      expect(exchanged.body).toEqual({
        mfa_required: true,
        mfa_ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        methods: ['totp', 'recovery_code'],
        expires_in: 300,
      });
      expect(exchanged.text).not.toMatch(/access_token|refresh_token/);
      expect(back.href).not.toContain(exchanged.body.mfa_ticket);

      const verified = await http.post('/api/v1/auth/mfa/verify', {
        mfa_ticket: exchanged.body.mfa_ticket,
        totp_code: await app.nextCode(),
      });
      expect(verified.status).toBe(200);
      expect(verified.body.user).toMatchObject({ id: first.body.user.id, email: idpUser('mfa').email });
      expect(claimsOf(verified.body.access_token)).toMatchObject({ sub: first.body.user.id, aal: 2 });
      expect((await http.get('/api/v1/auth/me', { token: verified.body.access_token })).status).toBe(200);
    });
  });

  describe('identities', () => {
    it('links a provider from a signed-in account, and refuses one another account owns', async () => {
      const person = idpUser('link-from-account');
      const local = await registerUser(http); // a different email: linking from the account needs no match
      const started = await http.post(
        '/api/v1/auth/identities/link',
        { provider: 'idp', redirect_uri: APP_CALLBACK },
        { token: local.token },
      );
      expect(started.status).toBe(200);
      await idp.nextLogin(person.sub);
      const back = await completeAtProvider(api.url, started.body.authorization_url);
      expect(back.searchParams.get('linked')).toBe('idp');
      const identities = await http.get('/api/v1/auth/identities', { token: local.token });
      expect(identities.body.data).toEqual([expect.objectContaining({ provider: 'idp', email: person.email })]);
      // Signing in with it now reaches the linked account.
      const signedIn = await exchange((await signInAs('link-from-account')).searchParams.get('code') ?? '');
      expect(signedIn.body.user.id).toBe(local.user.id);

      const other = await registerUser(http);
      const again = await http.post(
        '/api/v1/auth/identities/link',
        { provider: 'idp', redirect_uri: APP_CALLBACK },
        { token: other.token },
      );
      await idp.nextLogin(person.sub);
      const refused = await completeAtProvider(api.url, again.body.authorization_url);
      expect(refused.searchParams.get('error')).toBe('identity_in_use');
    });

    it('never unlinks the last way to sign in', async () => {
      const signedIn = await exchange((await signInAs('unlink')).searchParams.get('code') ?? '');
      const token = signedIn.body.access_token;
      const [identity] = (await http.get('/api/v1/auth/identities', { token })).body.data;
      const last = await http.delete(`/api/v1/auth/identities/${identity.id}`, { token });
      expect(last.status).toBe(409);
      // With a password set (no current one is needed: the account had none), it can go.
      const password = await http.post('/api/v1/auth/password', { new_password: GOOD_PASSWORD }, { token });
      expect(password.status).toBe(200);
      const fresh = await login(http, idpUser('unlink').email);
      expect((await http.get('/api/v1/auth/me', { token: fresh.token })).body.has_password).toBe(true);
      const unlinked = await http.delete(`/api/v1/auth/identities/${identity.id}`, { token: fresh.token });
      expect(unlinked.status).toBe(204);
      expect((await http.delete(`/api/v1/auth/identities/${identity.id}`, { token: fresh.token })).status).toBe(404);
      expect((await http.delete('/api/v1/auth/identities/not-a-uuid', { token: fresh.token })).status).toBe(400);
      expect((await http.get('/api/v1/auth/identities')).status).toBe(401);
    });

    it('shows admins a user’s identities, and refuses to delete a provider in use', async () => {
      const signedIn = await exchange((await signInAs('in-use')).searchParams.get('code') ?? '');
      const listed = await adminCall('GET', `/api/v1/users/${signedIn.body.user.id}/identities`);
      expect(listed.status).toBe(200);
      expect(listed.body.data).toEqual([expect.objectContaining({ provider: 'idp' })]);
      expect(
        (await http.get(`/api/v1/users/${signedIn.body.user.id}/identities`, { token: signedIn.body.access_token }))
          .status,
      ).toBe(403);
      expect((await adminCall('GET', `/api/v1/users/${randomUUID()}/identities`)).status).toBe(404);
      const deleted = await adminCall('DELETE', '/api/v1/auth/providers/idp');
      expect(deleted.status).toBe(409);
      expect(deleted.body.detail).toContain('disable');
    });
  });

  describe('admin test sign-in', () => {
    it('shows what the provider asserts without creating an account', async () => {
      const person = idpUser('test-run');
      const started = await adminCall('POST', '/api/v1/auth/providers/idp/test', {});
      expect(started.status).toBe(200);
      await idp.nextLogin(person.sub);
      const back = await completeAtProvider(api.url, started.body.authorization_url);
      expect(back.href.startsWith(`${PUBLIC_URL}/admin/oauth-callback`)).toBe(true);
      expect(back.searchParams.get('test')).toBe('idp');
      const code = back.searchParams.get('code') ?? '';
      const result = await adminCall('POST', '/api/v1/auth/providers/idp/test/result', { code });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({
        provider: 'idp',
        issuer: idp.issuer,
        subject: person.sub,
        email: person.email,
        email_verified: true,
      });
      expect((await adminCall('POST', '/api/v1/auth/providers/idp/test/result', { code })).status).toBe(404);
      const users = await api.app.get(DataSource).query(`SELECT 1 FROM data.users WHERE email = $1`, [person.email]);
      expect(users).toHaveLength(0);
    });
  });

  describe('a provider that is down', () => {
    it('sends the browser back with provider_unavailable, and the test endpoint answers 503', async () => {
      const port = await (await import('@stagecraft/testing')).freePort();
      const created = await adminCall('POST', '/api/v1/auth/providers', {
        name: 'down',
        preset: 'oidc',
        issuer: `http://127.0.0.1:${port}`,
        client_id: 'x',
        client_secret: 'y',
      });
      expect(created.status).toBe(201);
      const back = await signInFlow(api.url, 'down');
      expect(back.origin + back.pathname).toBe(APP_CALLBACK);
      expect(back.searchParams.get('error')).toBe('provider_unavailable');
      const test = await adminCall('POST', '/api/v1/auth/providers/down/test', {});
      expect(test.status).toBe(503);
      expect(test.headers.get('content-type')).toContain('application/problem+json');
      expect((await adminCall('DELETE', '/api/v1/auth/providers/down')).status).toBe(204);
    });

    it('hides a disabled provider and refuses to start with it', async () => {
      const disabled = await adminCall('PATCH', '/api/v1/auth/providers/github', { enabled: false });
      expect(disabled.status).toBe(200);
      expect(disabled.body.enabled).toBe(false);
      const methods = await http.get('/api/v1/auth/methods');
      expect(methods.body.providers.map((provider: { name: string }) => provider.name)).toEqual(['idp']);
      const start = await getManual(
        `${api.url}/api/v1/auth/oauth/github?redirect_uri=${encodeURIComponent(APP_CALLBACK)}`,
      );
      expect(start.status).toBe(404);
      await adminCall('PATCH', '/api/v1/auth/providers/github', { enabled: true });
    });
  });
});

describe('OAuth sign-in with registration switched off', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let idp: TestIdentityProvider;
  const person = { sub: 'closed-1', email: uniqueEmail('closed'), email_verified: true };

  beforeAll(async () => {
    env = await createTestEnvironment();
    idp = await startTestIdentityProvider({
      clients: [{ ...IDP_CLIENT, redirect_uris: [`${PUBLIC_URL}/api/v1/auth/oauth/idp/callback`] }],
      users: [person],
    });
    api = await startApi(env.config({ PUBLIC_URL, AUTH_REGISTRATION_ENABLED: 'false', RATE_LIMIT_AUTH_PER_IP: '3' }));
    http = httpClient(api.url);
    const admin = await setupAdmin(http);
    await http.patch('/api/v1/auth/settings', { oauth_redirect_urls: [APP_CALLBACK] }, { token: admin.token });
    await http.post(
      '/api/v1/auth/providers',
      { name: 'idp', preset: 'oidc', issuer: idp.issuer, ...IDP_CLIENT },
      { token: admin.token },
    );
  });

  afterAll(async () => {
    await api?.close();
    await idp?.close();
    await env?.dispose();
  });

  it('refuses a first sign-in with registration_closed and creates nothing', async () => {
    await idp.nextLogin(person.sub);
    const back = await signInFlow(api.url, 'idp');
    expect(back.searchParams.get('error')).toBe('registration_closed');
    expect(
      await api.app.get(DataSource).query(`SELECT 1 FROM data.users WHERE email = $1`, [person.email]),
    ).toHaveLength(0);
    expect((await http.get('/api/v1/auth/methods')).body.registration).toBe(false);
  });

  it('limits sign-ins started per IP (each stores a state): 429 with Retry-After past RATE_LIMIT_AUTH_PER_IP', async () => {
    // The test above started one of the three allowed in this window.
    const start = () => getManual(`${api.url}/api/v1/auth/oauth/idp?redirect_uri=${encodeURIComponent(APP_CALLBACK)}`);
    expect((await start()).status).toBe(302);
    expect((await start()).status).toBe(302);
    const limited = await start();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
