// Signing in and out: password and registration, the MFA step as a typed result, OAuth with
// PKCE (the URL to send the browser to, and the exchange of the code it comes back with), and
// the session the other modules' requests carry.

import type { Http } from '../http.js';
import { localProblem } from '../problem.js';
import { pkcePair } from './pkce.js';
import type { Session, SessionStore, TokenAnswer, User } from './session-store.js';
import type { TokenStorage } from './token-storage.js';

export type MfaMethod = 'totp' | 'webauthn' | 'recovery_code';

export type SignInResult =
  | { readonly status: 'signed_in'; readonly user: User; readonly mfaEnrollmentRequired: boolean }
  | {
      readonly status: 'mfa_required';
      /** Send it to `verifyMfa` with one second factor, within `expiresIn` seconds. */
      readonly ticket: string;
      readonly methods: readonly MfaMethod[];
      readonly expiresIn: number;
    };

export type SignedIn = Extract<SignInResult, { status: 'signed_in' }>;

/** One second factor: a code of the authenticator app, a recovery code, or a passkey assertion. */
export type SecondFactor =
  { readonly totpCode: string } | { readonly recoveryCode: string } | { readonly webauthn: object };

export interface PasswordCredentials {
  readonly email: string;
  readonly password: string;
}

type SignInAnswer =
  | (TokenAnswer & { readonly user: User; readonly mfa_enrollment_required?: boolean })
  | {
      readonly mfa_required: true;
      readonly mfa_ticket: string;
      readonly methods: MfaMethod[];
      readonly expires_in: number;
    };

const AUTH = '/api/v1/auth';

export class Auth {
  constructor(
    private readonly http: Http,
    private readonly sessions: SessionStore,
    private readonly storage: TokenStorage,
    private readonly pkceKey: string,
  ) {}

  login(credentials: PasswordCredentials): Promise<SignInResult> {
    return this.signIn('/login', credentials);
  }

  /** Registration signs in at once (a new account has no second factor). */
  register(credentials: PasswordCredentials): Promise<SignedIn> {
    return this.signIn('/register', credentials) as Promise<SignedIn>;
  }

  verifyMfa(ticket: string, factor: SecondFactor): Promise<SignedIn> {
    const body =
      'totpCode' in factor
        ? { totp_code: factor.totpCode }
        : 'recoveryCode' in factor
          ? { recovery_code: factor.recoveryCode }
          : { webauthn: factor.webauthn };
    return this.signIn('/mfa/verify', { mfa_ticket: ticket, ...body }) as Promise<SignedIn>;
  }

  /** Ends this session on the server (its refresh token dies at once) and forgets it here. */
  async logout(): Promise<void> {
    try {
      if (await this.sessions.load()) await this.http.request('POST', `${AUTH}/logout`);
    } finally {
      await this.sessions.save(null);
    }
  }

  /** Rotates the tokens now; false when the session is gone (signed out). */
  async refresh(): Promise<boolean> {
    return (await this.sessions.refresh()) !== null;
  }

  me(): Promise<User> {
    return this.http.request<User>('GET', `${AUTH}/me`);
  }

  session(): Promise<Session | null> {
    return this.sessions.load();
  }

  /** Adopts tokens another endpoint answered (confirming MFA, a passkey sign-in …). */
  async setSession(answer: TokenAnswer): Promise<Session> {
    return this.sessions.adopt(answer);
  }

  /** Called on every sign-in, refresh and sign-out; returns the function that stops it. */
  onChange(listener: (session: Session | null) => void): () => void {
    return this.sessions.onChange(listener);
  }

  /**
   * Where to send the browser to sign in with a provider. The PKCE verifier is kept in the
   * token storage until `exchangeOAuth` uses it, so keep the same storage across the redirect.
   */
  async oauthUrl(provider: string, options: { readonly redirectUri: string }): Promise<string> {
    const pair = await pkcePair();
    await (pair ? this.storage.setItem(this.pkceKey, pair.verifier) : this.storage.removeItem(this.pkceKey));
    return this.http.url(`${AUTH}/oauth/${encodeURIComponent(provider)}`, {
      redirect_uri: options.redirectUri,
      code_challenge: pair?.challenge,
      code_challenge_method: pair && 'S256',
    });
  }

  /** Finishes an OAuth sign-in from the URL the provider's flow came back to (or its `code`). */
  async exchangeOAuth(callback: string | URL): Promise<SignInResult> {
    const params = new URL(callback, 'http://_').searchParams;
    const error = params.get('error');
    if (error) throw localProblem(401, error.toUpperCase(), params.get('error_description') ?? error);
    const code = params.get('code') ?? String(callback);
    const verifier = await this.storage.getItem(this.pkceKey);
    await this.storage.removeItem(this.pkceKey);
    return this.signIn('/oauth/exchange', { code, code_verifier: verifier ?? undefined });
  }

  private async signIn(path: string, body: object): Promise<SignInResult> {
    const answer = await this.http.request<SignInAnswer>('POST', `${AUTH}${path}`, { body, auth: false });
    if ('mfa_required' in answer) {
      return {
        status: 'mfa_required',
        ticket: answer.mfa_ticket,
        methods: answer.methods,
        expiresIn: answer.expires_in,
      };
    }
    await this.sessions.adopt(answer);
    return { status: 'signed_in', user: answer.user, mfaEnrollmentRequired: answer.mfa_enrollment_required === true };
  }
}
