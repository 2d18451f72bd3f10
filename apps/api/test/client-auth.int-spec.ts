// @stagecraft/client's auth against the real API: registration and password sign-in with a
// pluggable storage that a second client picks the session up from, concurrent 401s answered by
// exactly one refresh (the refresh token rotates), sign-out that kills the refresh token, the
// MFA step as a typed result verified with a real TOTP code and a recovery code, OAuth with
// PKCE through a GitHub-style provider, and API keys.

import { createClient, isStagecraftError, type TokenStorage } from '@stagecraft/client';
import {
  createTestEnvironment,
  followAuthorization,
  httpClient,
  startGitHubStub,
  type GitHubStub,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { controlledNetwork } from './support/client-sdk.js';
import { GOOD_PASSWORD, registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';
import { TotpApp } from './support/mfa.js';
import { APP_CALLBACK, getManual, redirectTarget } from './support/oauth-flows.js';
import { createCollection } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const SIGNED_IN = '@request.auth.id != null';
const GITHUB_CLIENT = { clientId: 'gh-client', clientSecret: 'gh-secret-0123456789' };

/** A Web Storage look-alike (what `localStorage` offers), to show the session survives a new client. */
function webStorage(): TokenStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('@stagecraft/client: auth', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let github: GitHubStub;

  beforeAll(async () => {
    env = await createTestEnvironment();
    github = await startGitHubStub({
      ...GITHUB_CLIENT,
      users: [
        {
          id: 4242,
          login: 'octo',
          name: 'Octo',
          emails: [{ email: uniqueEmail('octo'), primary: true, verified: true }],
        },
      ],
    });
    api = await startApi(env.config({ PUBLIC_URL: 'http://stagecraft.test', RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, {
      name: 'notes',
      rules: { list: SIGNED_IN, view: SIGNED_IN, create: SIGNED_IN, update: null, delete: null },
      fields: [{ name: 'text', type: 'text' }],
    });
    const settings = await http.patch(
      '/api/v1/auth/settings',
      { oauth_redirect_urls: [APP_CALLBACK] },
      { token: admin.token },
    );
    expect(settings.status).toBe(200);
    const provider = await http.post(
      '/api/v1/auth/providers',
      {
        name: 'github',
        preset: 'github',
        client_id: GITHUB_CLIENT.clientId,
        client_secret: GITHUB_CLIENT.clientSecret,
        authorization_url: github.authorizationUrl,
        token_url: github.tokenUrl,
        api_url: github.apiUrl,
      },
      { token: admin.token },
    );
    expect(provider.status).toBe(201);
  });

  afterAll(async () => {
    await api?.close();
    await github?.close();
    await env?.dispose();
  });

  it('registers, keeps the session in the storage given, and a new client over it is signed in', async () => {
    const storage = webStorage();
    const client = createClient(api.url, { storage });
    const email = uniqueEmail('sdk');
    const registered = await client.auth.register({ email, password: GOOD_PASSWORD });
    expect(registered).toMatchObject({ status: 'signed_in', user: { email }, mfaEnrollmentRequired: false });
    expect(JSON.parse(storage.items.get('stagecraft.session') ?? '{}')).toMatchObject({ user: { email } });
    const later = createClient(api.url, { storage });
    expect((await later.auth.me()).email).toBe(email);
    await later.collection('notes').create({ text: 'hello' });
  });

  it('refuses a wrong password with a StagecraftError and stays signed out', async () => {
    const client = createClient(api.url);
    const refused = await client.auth.login({ email: admin.user.email, password: 'wrong' }).catch((e: unknown) => e);
    expect(isStagecraftError(refused, 'UNAUTHORIZED')).toBe(true);
    expect(await client.auth.session()).toBeNull();
  });

  it('answers concurrent 401s with exactly one refresh, which rotates the refresh token', async () => {
    const storage = webStorage();
    const user = await registerUser(http);
    await createClient(api.url, { storage }).auth.login({ email: user.user.email, password: GOOD_PASSWORD });
    const signedIn = JSON.parse(storage.items.get('stagecraft.session') ?? '{}') as Record<string, unknown>;
    // The access token goes bad while the client believes it fresh (a rotated key, a clock off…).
    storage.items.set(
      'stagecraft.session',
      JSON.stringify({ ...signedIn, accessToken: `${String(signedIn.accessToken)}x` }),
    );

    const network = controlledNetwork();
    const client = createClient(api.url, { storage, fetch: network.fetch });
    const refreshed: unknown[] = [];
    client.auth.onChange((session) => refreshed.push(session?.refreshToken));
    const pages = await Promise.all(Array.from({ length: 6 }, () => client.collection('notes').list()));
    expect(pages.every((page) => Array.isArray(page.data))).toBe(true);
    expect(network.matching('POST', /\/auth\/refresh$/)).toHaveLength(1);
    expect(network.matching('GET', /\/notes\/records$/)).toHaveLength(12);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).not.toBe(signedIn.refreshToken);
  });

  it('signs out: the session is forgotten and its refresh token stops working', async () => {
    const user = await registerUser(http);
    const client = createClient(api.url);
    await client.auth.login({ email: user.user.email, password: GOOD_PASSWORD });
    const session = await client.auth.session();
    await client.auth.logout();
    expect(await client.auth.session()).toBeNull();
    const reuse = await http.post('/api/v1/auth/refresh', { refresh_token: session?.refreshToken });
    expect(reuse.status).toBe(401);
    // Anonymous from now on: the rule `@request.auth.id != null` shows nothing.
    expect((await client.collection('notes').list()).data).toEqual([]);
  });

  it('surfaces the MFA step as a typed result, verified with a TOTP code or a recovery code', async () => {
    const user = await registerUser(http);
    const client = createClient(api.url);
    await client.auth.login({ email: user.user.email, password: GOOD_PASSWORD });
    const enrolment = await client.request<{ secret: string }>('POST', '/api/v1/auth/mfa/totp');
    const app = new TotpApp(enrolment.secret);
    const confirmed = await client.request<{
      recovery_codes: string[];
      access_token: string;
      refresh_token: string;
      expires_in: number;
    }>('POST', '/api/v1/auth/mfa/totp/confirm', { body: { code: await app.nextCode() } });
    await client.auth.setSession(confirmed);
    expect((await client.auth.me()).id).toBe(user.user.id);

    const fresh = createClient(api.url);
    const step = await fresh.auth.login({ email: user.user.email, password: GOOD_PASSWORD });
    if (step.status !== 'mfa_required') throw new Error(`expected the MFA step, got ${step.status}`);
    expect(step.methods).toContain('totp');
    expect(await fresh.auth.session()).toBeNull();
    await expect(fresh.auth.verifyMfa(step.ticket, { totpCode: app.wrongCode() })).rejects.toMatchObject({
      status: 401,
    });
    const verified = await fresh.auth.verifyMfa(step.ticket, { totpCode: await app.nextCode() });
    expect(verified).toMatchObject({ status: 'signed_in', user: { id: user.user.id } });
    await expect(fresh.collection('notes').list()).resolves.toMatchObject({ data: expect.any(Array) });

    const again = await createClient(api.url).auth.login({ email: user.user.email, password: GOOD_PASSWORD });
    if (again.status !== 'mfa_required') throw new Error('expected the MFA step');
    const byRecovery = createClient(api.url);
    const recovered = await byRecovery.auth.verifyMfa(again.ticket, {
      recoveryCode: confirmed.recovery_codes[0] ?? '',
    });
    expect(recovered.status).toBe('signed_in');
  });

  it('signs in through an OAuth provider with PKCE, and reports a refusal as a StagecraftError', async () => {
    const client = createClient(api.url);
    const start = new URL(await client.auth.oauthUrl('github', { redirectUri: APP_CALLBACK }));
    expect(start.searchParams.get('code_challenge_method')).toBe('S256');
    expect(start.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    github.nextLogin('octo');
    const toProvider = await redirectTarget(await getManual(start.href));
    const callback = new URL(await followAuthorization(toProvider.href));
    const back = await redirectTarget(await getManual(`${api.url}${callback.pathname}${callback.search}`));
    expect(back.href.startsWith(APP_CALLBACK)).toBe(true);
    const result = await client.auth.exchangeOAuth(back);
    expect(result).toMatchObject({ status: 'signed_in', user: { email: expect.stringMatching(/^octo-/) } });
    expect((await client.auth.me()).email).toMatch(/^octo-/);

    const denied = await client.auth
      .exchangeOAuth(`${APP_CALLBACK}?error=access_denied&error_description=The+user+cancelled`)
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'ACCESS_DENIED', detail: 'The user cancelled' });
  });

  it('sends an API key instead of a session', async () => {
    const created = await http.post('/api/v1/api-keys', { name: 'sdk', role: 'admin' }, { token: admin.token });
    const network = controlledNetwork();
    const client = createClient(api.url, { apiKey: created.body.key, fetch: network.fetch });
    const users = await client.collection('users').list({ fields: ['email'] });
    expect(users.data.map((user) => user.email)).toContain(admin.user.email);
    expect(network.sent[0]?.headers['x-api-key']).toBe(created.body.key);
    expect(network.sent[0]?.headers.authorization).toBeUndefined();
  });
});
