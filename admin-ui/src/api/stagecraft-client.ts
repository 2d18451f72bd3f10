// The console's @stagecraft/client, so the SDK is used every day. The console's own session
// (auth-session.ts) stays the one holder of the tokens: the SDK keeps no session, and its
// requests get the session's bearer token and its single-flight refresh from `sessionFetch`.
// Two refreshers of one rotating refresh token would trip reuse detection and sign the user out.

import { createClient, type FetchLike, type StagecraftClient, type UntypedSchema } from '@stagecraft/client';
import { isCredentialExchange } from './auth-middleware';
import type { AuthSession } from './auth-session';

/**
 * fetch with the session's bearer token, retried once with a refreshed token after a 401, as
 * auth-middleware.ts does for openapi-fetch. The SDK's bodies (strings, FormData, Blobs) can be
 * sent twice.
 */
export function sessionFetch(
  session: AuthSession,
  // Resolved per call, so tests can stub the global fetch after the client exists.
  fetchFn: FetchLike = (input, init) => globalThis.fetch(input, init),
): FetchLike {
  return async (input, init = {}) => {
    const token = session.accessToken;
    if (token === null || isCredentialExchange(input)) return fetchFn(input, init);
    const send = (bearer: string): Promise<Response> => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${bearer}`);
      return fetchFn(input, { ...init, headers });
    };
    const response = await send(token);
    if (response.status !== 401) return response;
    const renewed = await session.tokenAfterUnauthorized(token);
    if (renewed === null) return response;
    await response.body?.cancel();
    return send(renewed);
  };
}

export type ConsoleClient = StagecraftClient<UntypedSchema>;

/** The client on the page's own origin ('' base), signed in as the console's session. */
export function createStagecraftClient(session: AuthSession, fetchFn?: FetchLike): ConsoleClient {
  const client = createClient('', { fetch: sessionFetch(session, fetchFn) });
  // A refreshed token goes to the open realtime connection before the old one expires (else the
  // server closes it with token_expired and the client reconnects, resuming, with the new one);
  // another user, or none, needs a new connection.
  let token = session.accessToken;
  let user = session.session?.user?.id ?? null;
  session.subscribe(() => {
    const nextToken = session.accessToken;
    const nextUser = session.session?.user?.id ?? null;
    if (nextToken === token) return;
    if (nextToken !== null && nextUser === user) client.realtime.reauthenticate(nextToken);
    else client.realtime.reconnect();
    token = nextToken;
    user = nextUser;
  });
  return client;
}
