// The SDK rides on the console's session: its requests carry the session's token, and a 401 is
// retried once after the session's own (shared) refresh; the SDK never refreshes by itself.
import { describe, expect, it } from 'vitest';
import { AuthSession } from './auth-session';
import { createStagecraftClient } from './stagecraft-client';

function setup({ refreshWorks = true } = {}) {
  const refreshCalls: string[] = [];
  const seenTokens: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(new URL(String(input), 'http://console.test'), init);
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/refresh') {
      const { refresh_token } = (await request.json()) as { refresh_token: string };
      refreshCalls.push(refresh_token);
      if (!refreshWorks) return Response.json({ status: 401, code: 'UNAUTHORIZED' }, { status: 401 });
      return Response.json({ access_token: 'valid', refresh_token: 'rt-2', token_type: 'Bearer', expires_in: 900 });
    }
    const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? '';
    seenTokens.push(token);
    if (path === '/api/v1/auth/login') return Response.json({ status: 401, code: 'UNAUTHORIZED' }, { status: 401 });
    if (token !== 'valid') return Response.json({ status: 401, code: 'UNAUTHORIZED' }, { status: 401 });
    return Response.json({
      data: { id: 'r1', version: 1, body: request.method === 'POST' ? await request.json() : null },
    });
  };
  const session = new AuthSession({ fetch });
  session.signIn({ accessToken: 'expired', refreshToken: 'rt-1' }, { id: 'u1', email: 'a@example.com', role: 'admin' });
  const client = createStagecraftClient(session, fetch);
  return { session, client, refreshCalls, seenTokens };
}

describe('the console SDK client', () => {
  it("retries a 401 once with the session's refreshed token, replaying the body", async () => {
    const { session, client, refreshCalls, seenTokens } = setup();
    const created = await client.collection('books').create({ title: 'Dune' });
    expect(created).toMatchObject({ id: 'r1', body: { title: 'Dune' } });
    expect(seenTokens).toEqual(['expired', 'valid']);
    expect(refreshCalls).toEqual(['rt-1']);
    expect(session.session).toMatchObject({ accessToken: 'valid', refreshToken: 'rt-2' });
  });

  it('answers the 401 as a StagecraftError when the session cannot be refreshed', async () => {
    const { session, client, refreshCalls } = setup({ refreshWorks: false });
    await expect(client.collection('books').get('r1')).rejects.toMatchObject({ status: 401 });
    expect(refreshCalls).toEqual(['rt-1']);
    expect(session.isSignedIn).toBe(false);
  });

  it('sends no token to the credential exchanges and never refreshes on their 401', async () => {
    const { client, refreshCalls, seenTokens } = setup();
    await expect(client.request('POST', '/api/v1/auth/login', { body: {} })).rejects.toMatchObject({ status: 401 });
    expect(seenTokens).toEqual(['']);
    expect(refreshCalls).toEqual([]);
  });
});
