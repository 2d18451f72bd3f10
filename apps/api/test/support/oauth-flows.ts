// Drives OAuth sign-in flows through the real API the way a browser would: the app's start
// URL, the provider's redirects (a test IdP or the GitHub stub), the provider's callback into
// the API, and the API's redirect back to the app, whose URL the test then reads.

import { followAuthorization } from '@stagecraft/testing';

export const APP_CALLBACK = 'https://app.example.test/auth/callback';

/** Where a redirect response points; fails the test when the response is not a redirect. */
export async function redirectTarget(response: Response): Promise<URL> {
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) {
    throw new Error(`expected a 302 redirect, got ${response.status}: ${await response.text()}`);
  }
  return new URL(location);
}

/** GET without following redirects. */
export function getManual(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers });
}

/**
 * From an authorization URL (the provider's), through the provider, into the API's callback
 * (requested at `apiUrl`, whatever PUBLIC_URL says), to the app: returns the app URL reached.
 */
export async function completeAtProvider(apiUrl: string, authorizationUrl: string): Promise<URL> {
  const callback = new URL(await followAuthorization(authorizationUrl));
  return redirectTarget(await getManual(`${apiUrl}${callback.pathname}${callback.search}`));
}

/** The provider's callback URL that the IdP redirected to, not yet requested. */
export async function callbackFromProvider(authorizationUrl: string): Promise<URL> {
  return new URL(await followAuthorization(authorizationUrl));
}

/** A whole sign-in started at the API: returns the app URL reached (with `code` or `error`). */
export async function signInFlow(apiUrl: string, provider: string, params: Record<string, string> = {}): Promise<URL> {
  const query = new URLSearchParams({ redirect_uri: APP_CALLBACK, ...params });
  const start = await getManual(`${apiUrl}/api/v1/auth/oauth/${provider}?${query.toString()}`);
  const toProvider = await redirectTarget(start);
  if (toProvider.href.startsWith(APP_CALLBACK)) return toProvider; // the API sent an error straight back
  return completeAtProvider(apiUrl, toProvider.href);
}
