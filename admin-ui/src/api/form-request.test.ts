// Multipart writes by XMLHttpRequest: the bearer token, progress, one retry after a refresh,
// problems as ApiErrors, and a connection cut mid-upload.
import { describe, expect, it } from 'vitest';
import { AuthSession } from './auth-session';
import { sendForm, type XhrFactory } from './form-request';
import { ApiError } from './problem';

type Listener = (event: { loaded: number; total: number; lengthComputable: boolean }) => void;

interface Answer {
  status: number;
  body?: unknown;
  /** Cut the connection instead of answering. */
  cut?: boolean;
}

/** An XMLHttpRequest that answers from `reply(token)` after reporting the body as sent. */
function fakeXhr(reply: (token: string | null) => Answer, seen: string[]): XhrFactory {
  return () => {
    const listeners = new Map<string, (() => void)[]>();
    const progress: Listener[] = [];
    const headers = new Map<string, string>();
    const xhr = {
      status: 0,
      statusText: '',
      responseText: '',
      open: () => undefined,
      setRequestHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
      getResponseHeader: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null),
      upload: { addEventListener: (_type: string, listener: Listener) => progress.push(listener) },
      addEventListener: (type: string, listener: () => void) =>
        listeners.set(type, [...(listeners.get(type) ?? []), listener]),
      abort: () => listeners.get('abort')?.forEach((listener) => listener()),
      send: () => {
        const token = headers.get('authorization')?.replace('Bearer ', '') ?? null;
        seen.push(token ?? '');
        queueMicrotask(() => {
          for (const listener of progress) listener({ loaded: 50, total: 100, lengthComputable: true });
          const answer = reply(token);
          if (answer.cut) {
            listeners.get('error')?.forEach((listener) => listener());
            return;
          }
          xhr.status = answer.status;
          xhr.responseText = answer.body === undefined ? '' : JSON.stringify(answer.body);
          listeners.get('load')?.forEach((listener) => listener());
        });
      },
    };
    return xhr as unknown as XMLHttpRequest;
  };
}

function session(refreshWorks = true): AuthSession {
  const auth = new AuthSession({
    fetch: () =>
      Promise.resolve(
        refreshWorks
          ? Response.json({ access_token: 'fresh', refresh_token: 'rt-2' })
          : Response.json({ detail: 'expired' }, { status: 401 }),
      ),
  });
  auth.signIn({ accessToken: 'stale', refreshToken: 'rt-1' }, null);
  return auth;
}

const request = (onProgress?: (loaded: number, total: number) => void) => ({
  method: 'POST' as const,
  url: '/api/v1/collections/albums/records',
  body: new FormData(),
  onProgress,
});

describe('sendForm', () => {
  it('sends the token, reports progress and retries once with a refreshed token after a 401', async () => {
    const seen: string[] = [];
    const progress: number[] = [];
    const xhr = fakeXhr(
      (token) => (token === 'fresh' ? { status: 201, body: { data: { id: 'r1' } } } : { status: 401 }),
      seen,
    );
    const body = await sendForm<{ data: { id: string } }>(
      session(),
      request((loaded) => progress.push(loaded)),
      xhr,
    );
    expect(body.data.id).toBe('r1');
    expect(seen).toEqual(['stale', 'fresh']);
    expect(progress).toEqual([50, 50]);
  });

  it('throws the problem document of a refusal', async () => {
    const problem = { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'cover accepts image/*' };
    const xhr = fakeXhr(() => ({ status: 415, body: problem }), []);
    await expect(sendForm(session(), request(), xhr)).rejects.toMatchObject({ problem });
  });

  it('a 401 that no refresh cures stays a 401', async () => {
    const seen: string[] = [];
    const error = await sendForm(
      session(false),
      request(),
      fakeXhr(() => ({ status: 401 }), seen),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(seen).toEqual(['stale']);
  });

  it('a connection cut before the answer is a network error', async () => {
    const xhr = fakeXhr(() => ({ status: 0, cut: true }), []);
    await expect(sendForm(session(), request(), xhr)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
