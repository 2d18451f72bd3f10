// Where provider flows started by the console begin and end. They end at the console's own
// callback page, which the server always allows as a redirect URL.

export const CALLBACK_PATH = '/admin/oauth-callback';

export function consoleCallbackUrl(origin: string): string {
  return `${origin}${CALLBACK_PATH}`;
}

/** GET /api/v1/auth/oauth/{provider}: the browser goes there, and on to the provider. */
export function oauthStartUrl(provider: string, redirectUri: string, codeChallenge: string): string {
  const query = new URLSearchParams({
    redirect_uri: redirectUri,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  });
  return `/api/v1/auth/oauth/${encodeURIComponent(provider)}?${query.toString()}`;
}
