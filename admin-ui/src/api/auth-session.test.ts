// The refresh single-flight: requests that fail together with 401 share one refresh (refresh
// tokens work once), retry with the new token, and a failed refresh signs the session out.
import { describe, expect, it } from 'vitest';
import { AuthSession, SESSION_STORAGE_KEY } from './auth-session';
import { createApiClient } from './client';
import type { paths } from './schema';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

interface FakeServer {
  fetch: typeof globalThis.fetch;
  refreshCalls: string[];
  seenTokens: string[];
  /** Lets the test hold the refresh answer until every request is waiting on it. */
  releaseRefresh: () => void;
}

/** An API where only `valid` is accepted, and refresh token `rt-1` (once) yields `valid`. */
function fakeServer({ refreshWorks = true, holdRefresh = false } = {}): FakeServer {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const spent = new Set<string>();
  const server: FakeServer = {
    refreshCalls: [],
    seenTokens: [],
    releaseRefresh: () => release(),
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/auth/refresh') {
        const { refresh_token } = (await request.json()) as { refresh_token: string };
        server.refreshCalls.push(refresh_token);
        if (holdRefresh) await held;
        if (!refreshWorks || spent.has(refresh_token) || refresh_token !== 'rt-1') {
          return Response.json({ status: 401, detail: 'reused', code: 'UNAUTHORIZED' }, { status: 401 });
        }
        spent.add(refresh_token);
        return Response.json({ access_token: 'valid', refresh_token: 'rt-2', token_type: 'Bearer', expires_in: 900 });
      }
      const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? '';
      server.seenTokens.push(token);
      if (token !== 'valid')
        return Response.json({ status: 401, detail: 'expired', code: 'UNAUTHORIZED' }, { status: 401 });
      return Response.json({ data: [], path, body: request.method === 'POST' ? await request.json() : null });
    },
  };
  return server;
}

function setup(options: { refreshWorks?: boolean; holdRefresh?: boolean } = {}) {
  const server = fakeServer(options);
  const storage = new MemoryStorage();
  const session = new AuthSession({ storage, fetch: server.fetch, baseUrl: 'http://api.test' });
  session.signIn({ accessToken: 'expired', refreshToken: 'rt-1' }, { id: 'u1', email: 'a@example.com', role: 'admin' });
  const client = createApiClient<paths>(session, { baseUrl: 'http://api.test', fetch: server.fetch });
  return { server, storage, session, client };
}

describe('refresh on 401', () => {
  it('refreshes once for concurrent 401s and retries each request with the new token', async () => {
    const { server, session, client } = setup({ holdRefresh: true });
    const calls = Promise.all([
      client.GET('/api/v1/collections'),
      client.GET('/api/v1/api-keys'),
      client.GET('/api/v1/auth/me'),
    ]);
    // Wait until the first refresh is in flight, then let it answer.
    while (server.refreshCalls.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.releaseRefresh();
    const results = await calls;
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 200]);
    expect(server.refreshCalls).toEqual(['rt-1']);
    expect(session.session).toMatchObject({ accessToken: 'valid', refreshToken: 'rt-2' });
  });

  it('replays the request body on the retry', async () => {
    const { client } = setup();
    const result = await client.POST('/api/v1/api-keys', { body: { name: 'k', role: 'user' } });
    expect(result.response.status).toBe(200);
    expect((result.data as unknown as { body: unknown }).body).toEqual({ name: 'k', role: 'user' });
  });

  it('does not refresh again when another request already did', async () => {
    const { server, session } = setup();
    await session.refresh();
    expect(await session.tokenAfterUnauthorized('expired')).toBe('valid');
    expect(server.refreshCalls).toEqual(['rt-1']);
  });

  it('signs out when the refresh is refused, and answers the original 401', async () => {
    const { server, session, storage, client } = setup({ refreshWorks: false });
    const signals: boolean[] = [];
    session.subscribe(() => signals.push(session.isSignedIn));
    const result = await client.GET('/api/v1/collections');
    expect(result.response.status).toBe(401);
    expect(server.refreshCalls).toEqual(['rt-1']);
    expect(session.isSignedIn).toBe(false);
    expect(session.lastSignOut).toBe('expired');
    expect(storage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(signals).toEqual([false]);
  });

  it('sends no token to the credential endpoints and never refreshes on their 401', async () => {
    const { server, client } = setup();
    const result = await client.POST('/api/v1/auth/login', { body: { email: 'a@example.com', password: 'x' } });
    expect(result.response.status).toBe(401);
    expect(server.seenTokens).toEqual(['']);
    expect(server.refreshCalls).toEqual([]);
  });

  it('keeps the session in storage across instances', () => {
    const { storage } = setup();
    const again = new AuthSession({ storage });
    expect(again.session).toMatchObject({
      accessToken: 'expired',
      refreshToken: 'rt-1',
      user: { email: 'a@example.com' },
    });
  });
});

describe('a session that must enrol a second factor', () => {
  it('keeps the mark in storage and through a refresh, until new tokens without it replace it', async () => {
    const { storage, session } = setup();
    session.signIn({ accessToken: 'expired', refreshToken: 'rt-1' }, null, { mfaEnrollmentRequired: true });
    expect(new AuthSession({ storage }).session?.mfaEnrollmentRequired).toBe(true);
    await session.refresh();
    expect(session.session).toMatchObject({ accessToken: 'valid', mfaEnrollmentRequired: true });
    session.signIn({ accessToken: 'raised', refreshToken: 'rt-3' }, null);
    expect(session.session?.mfaEnrollmentRequired).toBeUndefined();
    expect(new AuthSession({ storage }).session?.mfaEnrollmentRequired).toBeUndefined();
  });

  it('is marked when the server refuses a request until one is set up', () => {
    const { session } = setup();
    const signals: (boolean | undefined)[] = [];
    session.subscribe(() => signals.push(session.session?.mfaEnrollmentRequired));
    session.markEnrollmentRequired();
    session.markEnrollmentRequired();
    expect(signals).toEqual([true]);
    session.signOut();
    session.markEnrollmentRequired();
    expect(session.session).toBeNull();
  });
});
