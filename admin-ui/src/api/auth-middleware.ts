// openapi-fetch middleware: adds the bearer token, and on a 401 retries the request once with
// a refreshed token (the refresh itself is shared by every request that failed together).

import type { Middleware } from 'openapi-fetch';
import type { AuthSession } from './auth-session';

/**
 * Endpoints that exchange credentials themselves (an emailed token counts); a 401 from them is an
 * answer, not an expiry, and a stale session must not turn their answer into a 401.
 */
const CREDENTIAL_EXCHANGES = [
  '/api/v1/auth/login',
  '/api/v1/auth/setup',
  '/api/v1/auth/refresh',
  '/api/v1/auth/register',
  '/api/v1/auth/password-reset',
  '/api/v1/auth/verify-email',
  '/api/v1/auth/oauth/exchange',
  '/api/v1/auth/mfa/verify',
  '/api/v1/auth/mfa/webauthn/options',
  '/api/v1/auth/passkeys/options',
  '/api/v1/auth/passkeys/login',
];

/** Whether `url` (absolute, or a path on this origin) is one of the credential exchanges. */
export function isCredentialExchange(url: string): boolean {
  const path = new URL(url, 'http://local').pathname;
  return CREDENTIAL_EXCHANGES.includes(path);
}

export function authMiddleware(session: AuthSession): Middleware {
  // A copy of each request as sent, so it can be replayed: fetch consumes the original's body.
  const sent = new Map<string, { copy: Request; token: string }>();
  return {
    onRequest({ request, id }) {
      if (isCredentialExchange(request.url)) return undefined;
      const token = session.accessToken;
      if (token === null) return undefined;
      request.headers.set('Authorization', `Bearer ${token}`);
      sent.set(id, { copy: request.clone(), token });
      return request;
    },
    async onResponse({ response, id, options }) {
      const original = sent.get(id);
      sent.delete(id);
      if (response.status !== 401 || original === undefined) return undefined;
      const token = await session.tokenAfterUnauthorized(original.token);
      if (token === null) return undefined;
      const retry = new Request(original.copy);
      retry.headers.set('Authorization', `Bearer ${token}`);
      return options.fetch(retry);
    },
    onError({ id }) {
      sent.delete(id);
      return undefined;
    },
  };
}
