// Runs the test OpenID provider end to end with plain fetch (discovery, code + PKCE, token,
// userinfo), its login page and denial, and checks what each ID-token tamper changes.
// Tokens are checked with node:crypto, so the spec does not hinge on Jest transforming ESM-only jose.

import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import { followAuthorization } from './follow-authorization.js';
import { startTestIdentityProvider, type IdTokenTamper, type TestIdentityProvider } from './test-identity-provider.js';

const CLIENT = {
  client_id: 'stagecraft',
  client_secret: 'client-secret',
  redirect_uris: ['http://127.0.0.1:9/callback'],
};
const ADA = { sub: 'ada', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' };
const BOB = { sub: 'bob', email: 'bob@example.com', email_verified: false };

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
}

interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signedBy(jwk: JsonWebKey): boolean;
}

function decodeJwt(token: string): DecodedJwt {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>;
  return {
    header: json(header),
    payload: json(payload),
    signedBy: (jwk) =>
      verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        createPublicKey({ key: jwk, format: 'jwk' }),
        Buffer.from(signature, 'base64url'),
      ),
  };
}

describe('test identity provider', () => {
  let idp: TestIdentityProvider;
  let discovery: Discovery;

  beforeAll(async () => {
    idp = await startTestIdentityProvider({ clients: [CLIENT], users: [ADA, BOB] });
    discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Discovery;
  });
  afterAll(() => idp?.close());

  function authorizationRequest(extra: Record<string, string> = {}) {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: CLIENT.client_id,
      redirect_uri: CLIENT.redirect_uris[0]!,
      response_type: 'code',
      scope: 'openid email profile',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...extra,
    }).toString();
    return { url: url.href, verifier };
  }

  async function redeem(code: string, verifier: string, auth: 'basic' | 'post' = 'basic') {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLIENT.redirect_uris[0]!,
      code_verifier: verifier,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (auth === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64')}`;
    } else {
      body.set('client_id', CLIENT.client_id);
      body.set('client_secret', CLIENT.client_secret);
    }
    const response = await fetch(discovery.token_endpoint, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  async function signIn(sub: string, auth: 'basic' | 'post' = 'basic') {
    await idp.nextLogin(sub);
    const { url, verifier } = authorizationRequest();
    const callback = new URL(await followAuthorization(url));
    return redeem(callback.searchParams.get('code') ?? '', verifier, auth);
  }

  it('publishes discovery for the code flow with S256 PKCE and RS256 ID tokens', () => {
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: expect.arrayContaining(['RS256']),
      scopes_supported: expect.arrayContaining(['openid', 'email', 'profile']),
    });
  });

  it('signs in the armed user and returns email claims in the ID token and userinfo', async () => {
    await idp.nextLogin('ada');
    const { url, verifier } = authorizationRequest();

    const callback = new URL(await followAuthorization(url));
    expect(callback.origin + callback.pathname).toBe(CLIENT.redirect_uris[0]);
    expect(callback.searchParams.get('state')).toBe('state-1');

    const token = await redeem(callback.searchParams.get('code')!, verifier);
    expect(token.status).toBe(200);
    const idToken = decodeJwt(token.body.id_token!);
    expect(idToken.header).toMatchObject({ alg: 'RS256', kid: idp.jwks.keys[0]!.kid });
    expect(idToken.signedBy(idp.jwks.keys[0]!)).toBe(true);
    expect(idToken.payload).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT.client_id,
      sub: 'ada',
      nonce: 'nonce-1',
      email: 'ada@example.com',
      email_verified: true,
      name: 'Ada Lovelace',
    });

    const userinfo = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(await userinfo.json()).toEqual({
      sub: 'ada',
      email: 'ada@example.com',
      email_verified: true,
      name: 'Ada Lovelace',
    });
  });

  it('accepts client_secret_post as well as Basic, and reports an unverified email', async () => {
    const token = await signIn('bob', 'post');

    expect(decodeJwt(token.body.id_token!).payload).toMatchObject({ sub: 'bob', email_verified: false });
  });

  it('serves the signing key at jwks_uri', async () => {
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: JsonWebKey[] };

    expect(jwks.keys).toEqual([expect.objectContaining({ kid: idp.jwks.keys[0]!.kid, n: idp.jwks.keys[0]!.n })]);
  });

  it('ends an authorization with access_denied after nextDenial', async () => {
    await idp.nextDenial();

    const callback = new URL(await followAuthorization(authorizationRequest().url));

    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('forgets an armed login on reset', async () => {
    await idp.nextLogin('ada');
    await idp.reset();

    await expect(followAuthorization(authorizationRequest().url)).rejects.toThrow(/answered 200/);
  });

  it('requires PKCE', async () => {
    // Refused before any interaction (nothing armed, so a login page would fail this test).
    const callback = new URL(await followAuthorization(authorizationRequest({ code_challenge: '' }).url));

    expect(callback.searchParams.get('error')).toBe('invalid_request');
  });

  it('shows a login page when nothing is armed, where typing an email signs in', async () => {
    const { url, verifier } = authorizationRequest();
    await expect(followAuthorization(url)).rejects.toThrow(/answered 200/);

    // The browser's part, by hand: the interaction cookies are path-scoped, so send them all back.
    const start = await fetch(url, { redirect: 'manual' });
    const cookie = start.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .join('; ');
    const page = await fetch(new URL(start.headers.get('location')!, idp.issuer), { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('name="login"');
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    const action = /action="([^"]+\/login)"/.exec(html)![1]!;

    const submitted = await fetch(new URL(action, idp.issuer), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: 'BOB@example.com' }),
    });
    const resumed = await fetch(new URL(submitted.headers.get('location')!, idp.issuer), {
      redirect: 'manual',
      headers: { cookie },
    });
    const callback = new URL(resumed.headers.get('location')!);
    const token = await redeem(callback.searchParams.get('code')!, verifier);

    expect(decodeJwt(token.body.id_token!).payload.sub).toBe('bob');
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each<[IdTokenTamper, (token: DecodedJwt, key: JsonWebKey) => void]>([
    [
      'wrong-key',
      (token, key) => {
        expect(token.header.kid).toBe(key.kid);
        expect(token.signedBy(key)).toBe(false);
        expect(token.payload.aud).toBe(CLIENT.client_id);
      },
    ],
    ['wrong-audience', (token) => expect(token.payload.aud).toBe('another-client')],
    [
      'expired',
      (token) => {
        expect(token.payload.exp).toBeLessThan(now() - 7000);
        expect(token.payload.iat).toBeLessThan(token.payload.exp as number);
      },
    ],
    ['wrong-nonce', (token) => expect(token.payload.nonce).toBe('forged')],
    ['wrong-issuer', (token) => expect(token.payload.iss).toBe('https://evil.example')],
  ])('tamperNextIdToken(%s) forges only that, once', async (kind, check) => {
    const key = idp.jwks.keys[0]!;
    await idp.tamperNextIdToken(kind);

    const forged = decodeJwt((await signIn('ada')).body.id_token!);
    const honest = decodeJwt((await signIn('ada')).body.id_token!);

    check(forged, key);
    if (kind !== 'wrong-key') expect(forged.signedBy(key)).toBe(true);
    expect(forged.payload).toMatchObject({ sub: 'ada', email: 'ada@example.com', email_verified: true });
    expect(honest.signedBy(key)).toBe(true);
    expect(honest.payload).toMatchObject({ iss: idp.issuer, aud: CLIENT.client_id, nonce: 'nonce-1' });
  });

  it('rejects an unknown user or tamper kind', async () => {
    await expect(idp.nextLogin('nobody')).rejects.toThrow(/no user nobody/);
    await expect(idp.tamperNextIdToken('bogus' as IdTokenTamper)).rejects.toThrow(/unknown tamper kind/);
  });
});
