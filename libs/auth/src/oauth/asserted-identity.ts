// What a provider asserted about the person who signed in, after every check passed.

export interface AssertedIdentity {
  readonly provider: string;
  /** The OIDC issuer, or for OAuth2 providers the API base URL that names the account space. */
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly name: string | null;
  /** The raw claims or profile, for an admin's test sign-in; never stored. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The secrets of one authorization request, kept server-side between redirect and callback. */
export interface AuthorizationSecrets {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}
