// Why an OAuth flow ended without signing anyone in. The code travels to the app as the
// `error` query parameter of its redirect URL (documented in docs/auth-providers.md), the
// description as `error_description`; the details are logged, never sent.

export type OAuthErrorCode =
  | 'access_denied'
  | 'invalid_state'
  | 'provider_unavailable'
  | 'provider_error'
  | 'invalid_id_token'
  | 'email_required'
  | 'registration_closed'
  | 'account_exists_unverified'
  | 'account_disabled'
  | 'identity_in_use';

export class OAuthFailure extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** For the log only. */
    readonly detail?: unknown,
  ) {
    super(description);
    this.name = 'OAuthFailure';
  }
}
