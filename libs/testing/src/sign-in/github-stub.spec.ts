// Runs the GitHub stub through the OAuth web flow with PKCE and the user/emails API, and checks
// it fails the way GitHub does (200 with an error body, single-use codes).

import { createHash, randomBytes } from 'node:crypto';
import { followAuthorization } from './follow-authorization.js';
import { startGitHubStub, type GitHubStub } from './github-stub.js';

const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const OCTO = {
  id: 583231,
  login: 'octocat',
  name: 'The Octocat',
  emails: [
    { email: 'octocat@github.example', primary: true, verified: true },
    { email: 'old@github.example', primary: false, verified: false },
  ],
};
const HUBOT = { id: 7, login: 'hubot', emails: [{ email: 'hubot@github.example', primary: true, verified: false }] };

describe('GitHub stub', () => {
  let github: GitHubStub;

  beforeAll(async () => {
    github = await startGitHubStub({ clientId: 'gh-client', clientSecret: 'gh-secret', users: [OCTO, HUBOT] });
  });
  afterAll(() => github?.close());

  async function authorize() {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(github.authorizationUrl);
    url.search = new URLSearchParams({
      client_id: 'gh-client',
      redirect_uri: REDIRECT_URI,
      state: 'state-1',
      scope: 'read:user user:email',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const callback = new URL(await followAuthorization(url.href));
    return { callback, code: callback.searchParams.get('code') ?? '', verifier };
  }

  function exchange(params: Record<string, string>, headers: Record<string, string> = {}) {
    return fetch(github.tokenUrl, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ redirect_uri: REDIRECT_URI, ...params }),
    });
  }

  const basic = `Basic ${Buffer.from('gh-client:gh-secret').toString('base64')}`;

  it('runs the web flow with PKCE and serves the user and their emails', async () => {
    const before = github.tokenExchanges;
    const { callback, code, verifier } = await authorize();
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-1');

    const response = await exchange({ code, code_verifier: verifier }, { authorization: basic });
    const token = (await response.json()) as { access_token: string; token_type: string; scope: string };
    expect(token).toEqual({ access_token: expect.any(String), token_type: 'bearer', scope: 'read:user user:email' });
    expect(github.tokenExchanges).toBe(before + 1);

    const headers = { authorization: `Bearer ${token.access_token}` };
    expect(await (await fetch(`${github.apiUrl}/user`, { headers })).json()).toMatchObject({
      id: 583231,
      login: 'octocat',
      name: 'The Octocat',
      email: null,
    });
    expect(await (await fetch(`${github.apiUrl}/user/emails`, { headers })).json()).toEqual([
      expect.objectContaining(OCTO.emails[0]),
      expect.objectContaining(OCTO.emails[1]),
    ]);
  });

  it('answers form-encoded without Accept: application/json, client credentials in the body', async () => {
    github.nextLogin('hubot');
    const { code, verifier } = await authorize();

    const response = await fetch(github.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'gh-client', client_secret: 'gh-secret', code, code_verifier: verifier }),
    });
    const token = new URLSearchParams(await response.text());
    const user = await fetch(`${github.apiUrl}/user`, {
      headers: { authorization: `token ${token.get('access_token')}` },
    });

    expect(token.get('token_type')).toBe('bearer');
    expect(await user.json()).toMatchObject({ id: 7, login: 'hubot', name: null });
  });

  it('accepts a JSON token request', async () => {
    const { code, verifier } = await authorize();

    const response = await fetch(github.tokenUrl, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'gh-client', client_secret: 'gh-secret', code, code_verifier: verifier }),
    });

    expect(await response.json()).toMatchObject({ token_type: 'bearer' });
  });

  it('redirects back with access_denied after nextDenial', async () => {
    github.nextDenial();

    const { callback } = await authorize();

    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it.each<
    [string, (flow: { code: string; verifier: string }) => Record<string, string>, Record<string, string>, string]
  >([
    [
      'an unknown code',
      ({ verifier }) => ({ code: 'nope', code_verifier: verifier }),
      { authorization: basic },
      'bad_verification_code',
    ],
    [
      'a wrong PKCE verifier',
      ({ code }) => ({ code, code_verifier: 'x'.repeat(43) }),
      { authorization: basic },
      'bad_verification_code',
    ],
    ['no PKCE verifier', ({ code }) => ({ code }), { authorization: basic }, 'bad_verification_code'],
    [
      'another redirect_uri',
      ({ code, verifier }) => ({ code, code_verifier: verifier, redirect_uri: 'http://127.0.0.1:9/other' }),
      { authorization: basic },
      'redirect_uri_mismatch',
    ],
    [
      'a wrong client secret',
      ({ code, verifier }) => ({ code, code_verifier: verifier, client_id: 'gh-client', client_secret: 'wrong' }),
      {},
      'incorrect_client_credentials',
    ],
  ])('answers 200 with an error for %s', async (_name, params, headers, error) => {
    const flow = await authorize();

    const response = await exchange(params(flow), headers);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error });
  });

  it('accepts a code once', async () => {
    const { code, verifier } = await authorize();
    await exchange({ code, code_verifier: verifier }, { authorization: basic });

    const again = await exchange({ code, code_verifier: verifier }, { authorization: basic });

    expect(await again.json()).toMatchObject({ error: 'bad_verification_code' });
  });

  it('refuses the API without a valid token', async () => {
    const response = await fetch(`${github.apiUrl}/user`, { headers: { authorization: 'Bearer gho_nope' } });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Bad credentials' });
  });
});
