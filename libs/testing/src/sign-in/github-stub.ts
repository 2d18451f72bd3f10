// An in-process stand-in for GitHub's OAuth app endpoints and the two REST calls sign-in needs,
// answering the way GitHub does (including its 200-with-error token responses).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubStubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

export interface GitHubStubUser {
  id: number;
  login: string;
  name?: string;
  /** The profile's public email (`GET /user` `email`); GitHub leaves it null unless the user set one. */
  publicEmail?: string | null;
  emails: GitHubStubEmail[];
}

export interface GitHubStubOptions {
  clientId: string;
  clientSecret: string;
  users: GitHubStubUser[];
}

export interface GitHubStub {
  readonly url: string;
  /** `${url}/login/oauth/authorize` */
  readonly authorizationUrl: string;
  /** `${url}/login/oauth/access_token` */
  readonly tokenUrl: string;
  /** `${url}/api`: `GET ${apiUrl}/user`, `GET ${apiUrl}/user/emails` */
  readonly apiUrl: string;
  /** POSTs to the token endpoint so far, successful or not. */
  readonly tokenExchanges: number;
  /** The next authorization completes as this user (by default the first user). */
  nextLogin(login: string): void;
  /** The next authorization redirects back with `error=access_denied`. */
  nextDenial(): void;
  close(): Promise<void>;
}

interface PendingCode {
  login: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
}

const DOCS = 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** GitHub accepts the token request as a form or JSON, client credentials in Basic auth or the body. */
async function tokenParams(req: IncomingMessage): Promise<Record<string, string | undefined>> {
  const raw = await readBody(req);
  const params: Record<string, string | undefined> = req.headers['content-type']?.includes('application/json')
    ? (JSON.parse(raw || '{}') as Record<string, string>)
    : Object.fromEntries(new URLSearchParams(raw));
  const [scheme, credentials] = (req.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() === 'basic' && credentials) {
    const decoded = Buffer.from(credentials, 'base64').toString();
    const separator = decoded.indexOf(':');
    params.client_id = decodeURIComponent(decoded.slice(0, separator));
    params.client_secret = decodeURIComponent(decoded.slice(separator + 1));
  }
  return params;
}

export async function startGitHubStub(options: GitHubStubOptions): Promise<GitHubStub> {
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, string>();
  let nextLogin: string | undefined;
  let nextDenial = false;
  let tokenExchanges = 0;

  const authorize = (url: URL, res: ServerResponse): void => {
    const redirectUri = url.searchParams.get('redirect_uri');
    if (url.searchParams.get('client_id') !== options.clientId || !redirectUri) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown client_id or missing redirect_uri');
      return;
    }
    const challengeMethod = url.searchParams.get('code_challenge_method');
    if (url.searchParams.has('code_challenge') && challengeMethod !== null && challengeMethod !== 'S256') {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('code_challenge_method must be S256');
      return;
    }
    const back = new URL(redirectUri);
    const state = url.searchParams.get('state');
    if (nextDenial) {
      nextDenial = false;
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user has denied your application access.');
    } else {
      const login = nextLogin ?? options.users[0]?.login;
      nextLogin = undefined;
      if (login === undefined) throw new Error('the GitHub stub has no users');
      const code = randomBytes(10).toString('hex');
      codes.set(code, {
        login,
        redirectUri,
        scope: url.searchParams.get('scope') ?? '',
        codeChallenge: url.searchParams.get('code_challenge') ?? undefined,
      });
      back.searchParams.set('code', code);
    }
    if (state !== null) back.searchParams.set('state', state);
    res.writeHead(302, { location: back.href }).end();
  };

  const accessToken = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    tokenExchanges++;
    const params = await tokenParams(req);
    const answer = (value: Record<string, string>): void => {
      if (req.headers.accept?.includes('application/json')) {
        sendJson(res, 200, value);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
      res.end(new URLSearchParams(value).toString());
    };
    const fail = (error: string, description: string): void =>
      answer({ error, error_description: description, error_uri: DOCS });

    if (params.client_id !== options.clientId || !secretsEqual(params.client_secret ?? '', options.clientSecret)) {
      fail('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
      return;
    }
    const pending = params.code === undefined ? undefined : codes.get(params.code);
    if (params.code !== undefined) codes.delete(params.code);
    if (!pending) {
      fail('bad_verification_code', 'The code passed is incorrect or expired.');
      return;
    }
    if (params.redirect_uri !== undefined && params.redirect_uri !== pending.redirectUri) {
      fail('redirect_uri_mismatch', 'The redirect_uri MUST match the registered callback URL for this application.');
      return;
    }
    if (pending.codeChallenge !== undefined) {
      const verifier = params.code_verifier ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) {
        fail('bad_verification_code', 'The code passed is incorrect or expired.');
        return;
      }
    }
    const token = `gho_${randomBytes(18).toString('hex')}`;
    tokens.set(token, pending.login);
    answer({ access_token: token, token_type: 'bearer', scope: pending.scope });
  };

  const api = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    const login = scheme && /^(bearer|token)$/i.test(scheme) && token ? tokens.get(token) : undefined;
    const user = options.users.find((candidate) => candidate.login === login);
    if (!user) {
      sendJson(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return;
    }
    if (path === '/api/user/emails') {
      sendJson(
        res,
        200,
        user.emails.map((email) => ({ ...email, visibility: email.primary ? 'private' : null })),
      );
      return;
    }
    sendJson(res, 200, {
      id: user.id,
      login: user.login,
      name: user.name ?? null,
      email: user.publicEmail ?? null,
      avatar_url: `https://avatars.example/u/${user.id}`,
      html_url: `https://github.example/${user.login}`,
      type: 'User',
    });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    const handle = async (): Promise<void> => {
      if (route === 'GET /login/oauth/authorize') authorize(url, res);
      else if (route === 'POST /login/oauth/access_token') await accessToken(req, res);
      else if (route === 'GET /api/user' || route === 'GET /api/user/emails') api(req, res, url.pathname);
      else sendJson(res, 404, { message: 'Not Found' });
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) });
      else res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    authorizationUrl: `${url}/login/oauth/authorize`,
    tokenUrl: `${url}/login/oauth/access_token`,
    apiUrl: `${url}/api`,
    get tokenExchanges() {
      return tokenExchanges;
    },
    nextLogin: (login) => {
      if (!options.users.some((user) => user.login === login)) throw new Error(`no GitHub stub user ${login}`);
      nextLogin = login;
      nextDenial = false;
    },
    nextDenial: () => {
      nextDenial = true;
      nextLogin = undefined;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
