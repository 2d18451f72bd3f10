// Credentials of a session over a scripted server: concurrent 401s share one refresh (each
// refresh rotates the refresh token, so a second would revoke the session), a late 401 reuses
// the refreshed token, a token about to expire is refreshed first, a spent refresh token signs
// out, and tokens another tab rotated into the shared storage are adopted without a refresh.
import { createHttp, type Http } from '../http.js';
import { StagecraftError } from '../problem.js';
import { SessionStore, type Session } from './session-store.js';
import { memoryStorage, type TokenStorage } from './token-storage.js';

const KEY = 'stagecraft.session';

interface Server {
  /** The access token the server accepts. */
  valid: string;
  refreshes: number;
  /** Whether the refresh token still works. */
  refreshable: boolean;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function setup(session: Session, storage: TokenStorage = memoryStorage()) {
  const server: Server = { valid: 'fresh-1', refreshes: 0, refreshable: true };
  const problem = { type: 'x', title: 'Unauthorized', status: 401, detail: 'no', code: 'UNAUTHORIZED' };
  const fetchImpl = async (url: string, init?: RequestInit): Promise<Response> => {
    await Promise.resolve();
    if (url.endsWith('/auth/refresh')) {
      server.refreshes += 1;
      if (!server.refreshable) return json(401, problem);
      server.valid = `fresh-${server.refreshes}`;
      return json(200, { access_token: server.valid, refresh_token: `r-${server.refreshes}`, expires_in: 900 });
    }
    const auth = (init?.headers as Record<string, string>).authorization;
    return auth === `Bearer ${server.valid}` ? json(200, { ok: auth }) : json(401, problem);
  };
  const sessions = new SessionStore(storage, KEY);
  const http: Http = createHttp('https://api.test', sessions, fetchImpl, {});
  sessions.http = http;
  return { server, sessions, http, ready: sessions.save(session) };
}

const session = (accessToken: string, expiresInMs = 600_000): Session => ({
  accessToken,
  refreshToken: 'r-0',
  expiresAt: Date.now() + expiresInMs,
  user: null,
});

describe('SessionStore', () => {
  it('answers concurrent 401s with exactly one refresh', async () => {
    const { server, http, ready } = setup(session('stale'));
    await ready;
    const answers = await Promise.all(Array.from({ length: 5 }, () => http.request<{ ok: string }>('GET', '/x')));
    expect(server.refreshes).toBe(1);
    expect(answers.map((answer) => answer.ok)).toEqual(Array(5).fill('Bearer fresh-1'));
  });

  it('retries a 401 that arrives after a refresh with the refreshed token, without refreshing again', async () => {
    const { server, sessions, ready } = setup(session('stale'));
    await ready;
    await sessions.refresh();
    expect(await sessions.renew({ authorization: 'Bearer stale' })).toBe(true);
    expect(server.refreshes).toBe(1);
  });

  it('refreshes a token about to expire before sending it', async () => {
    const { server, http, ready } = setup(session('fresh-1', 5_000));
    await ready;
    await http.request('GET', '/x');
    expect(server.refreshes).toBe(1);
  });

  it('signs out when the refresh token is refused, and the request fails with its 401', async () => {
    const { server, sessions, http, ready } = setup(session('stale'));
    await ready;
    server.refreshable = false;
    const changes: (Session | null)[] = [];
    sessions.onChange((next) => changes.push(next));
    await expect(http.request('GET', '/x')).rejects.toBeInstanceOf(StagecraftError);
    expect(changes).toEqual([null]);
    expect(await sessions.load()).toBeNull();
  });

  it('adopts tokens another tab rotated into the shared storage', async () => {
    const storage = memoryStorage();
    const { server, sessions, ready } = setup(session('stale'), storage);
    await ready;
    server.valid = 'from-other-tab';
    await storage.setItem(KEY, JSON.stringify(session('from-other-tab')));
    expect((await sessions.refresh())?.accessToken).toBe('from-other-tab');
    expect(server.refreshes).toBe(0);
  });
});
