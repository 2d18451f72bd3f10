// What the console's OAuth callback page was opened with. The server ends every flow here:
// a sign-in with `?code`, an admin's test sign-in with `?code&test=<provider>`, a link from an
// account with `?linked=<provider>`, and any failure with `?error&error_description`.

export type OAuthCallback =
  | { kind: 'error'; error: string; description: string | null }
  | { kind: 'linked'; provider: string }
  | { kind: 'test'; provider: string; code: string }
  | { kind: 'sign-in'; code: string }
  | { kind: 'incomplete' };

export function parseOAuthCallback(params: URLSearchParams): OAuthCallback {
  const value = (name: string): string | null => {
    const raw = params.get(name)?.trim();
    return raw ? raw : null;
  };
  const error = value('error');
  if (error) return { kind: 'error', error, description: value('error_description') };
  const linked = value('linked');
  if (linked) return { kind: 'linked', provider: linked };
  const code = value('code');
  if (!code) return { kind: 'incomplete' };
  const test = value('test');
  if (test) return { kind: 'test', provider: test, code };
  return { kind: 'sign-in', code };
}

/** A headline for the server's error codes (the description says the rest); the code itself otherwise. */
const ERROR_TITLES: Record<string, string> = {
  access_denied: 'The sign-in was cancelled at the provider',
  invalid_state: 'This sign-in link is no longer valid',
  provider_unavailable: 'The sign-in provider cannot be reached',
  provider_error: 'The sign-in provider refused the sign-in',
  invalid_id_token: 'The provider’s answer failed validation',
  registration_closed: 'New accounts cannot be created here',
  account_exists_unverified: 'An account with this email already exists',
  account_disabled: 'This account is disabled',
  identity_in_use: 'This provider account belongs to another account',
  email_required: 'The provider shared no email address',
};

export function oauthErrorTitle(error: string): string {
  return ERROR_TITLES[error] ?? 'The sign-in did not complete';
}
