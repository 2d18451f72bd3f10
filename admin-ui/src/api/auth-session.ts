// The signed-in session: tokens kept in localStorage, and the one refresh in flight. Refresh
// tokens work once, so concurrent 401s must share a single refresh instead of each spending one.

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface SessionUser {
  id: string;
  email: string;
  role: string;
}

export interface StoredSession extends Tokens {
  user: SessionUser | null;
  /**
   * The user's role must use a second factor and none is set up: the server answers only the
   * enrolment routes (403 MFA_ENROLLMENT_REQUIRED elsewhere), so the console shows only those.
   */
  mfaEnrollmentRequired?: boolean;
}

export interface SignInFlags {
  mfaEnrollmentRequired?: boolean;
}

export type SignOutReason = 'signed_out' | 'expired';

type Listener = () => void;

export const SESSION_STORAGE_KEY = 'stagecraft.session';
const REFRESH_PATH = '/api/v1/auth/refresh';

export interface AuthSessionOptions {
  storage?: Storage | null;
  fetch?: typeof globalThis.fetch;
  /** Origin of the API; empty means the page's own. */
  baseUrl?: string;
}

function parseStored(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.accessToken !== 'string' || typeof value.refreshToken !== 'string') return null;
    return {
      accessToken: value.accessToken,
      refreshToken: value.refreshToken,
      user: value.user ?? null,
      ...(value.mfaEnrollmentRequired === true ? { mfaEnrollmentRequired: true } : {}),
    };
  } catch {
    return null;
  }
}

export class AuthSession {
  private current: StoredSession | null;
  private inflight: Promise<boolean> | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly storage: Storage | null;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly baseUrl: string;
  /** Why the last session ended; the sign-in screen explains an expiry. */
  lastSignOut: SignOutReason | null = null;

  constructor(options: AuthSessionOptions = {}) {
    this.storage = options.storage ?? null;
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
    this.current = parseStored(this.storage?.getItem(SESSION_STORAGE_KEY) ?? null);
  }

  get session(): StoredSession | null {
    return this.current;
  }

  get accessToken(): string | null {
    return this.current?.accessToken ?? null;
  }

  get isSignedIn(): boolean {
    return this.current !== null;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  signIn(tokens: Tokens, user: SessionUser | null, flags: SignInFlags = {}): void {
    this.lastSignOut = null;
    this.write({ ...tokens, user, ...(flags.mfaEnrollmentRequired ? { mfaEnrollmentRequired: true } : {}) });
  }

  /** The server refused a request until a second factor is set up (a role newly required to use one). */
  markEnrollmentRequired(): void {
    if (this.current && !this.current.mfaEnrollmentRequired)
      this.write({ ...this.current, mfaEnrollmentRequired: true });
  }

  setUser(user: SessionUser): void {
    if (this.current) this.write({ ...this.current, user });
  }

  signOut(reason: SignOutReason = 'signed_out'): void {
    this.lastSignOut = reason;
    this.write(null);
  }

  /** Another tab changed the stored session: adopt it (a refresh there spent our refresh token). */
  adoptStored(raw: string | null): void {
    this.current = parseStored(raw);
    this.notify();
  }

  /**
   * The token to retry with after a request sent with `usedToken` got a 401: the current one when
   * another request refreshed meanwhile, else a fresh one from a (shared) refresh; null: signed out.
   */
  async tokenAfterUnauthorized(usedToken: string): Promise<string | null> {
    const token = this.accessToken;
    if (token !== null && token !== usedToken) return token;
    const refreshed = await this.refresh();
    return refreshed ? this.accessToken : null;
  }

  /** Exchanges the refresh token once for every caller waiting at the same time. */
  refresh(): Promise<boolean> {
    this.inflight ??= this.exchange().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async exchange(): Promise<boolean> {
    const spent = this.current?.refreshToken;
    if (spent === undefined) return false;
    let response: Response;
    try {
      response = await this.fetchFn(`${this.baseUrl}${REFRESH_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: spent }),
      });
    } catch {
      return false; // offline: keep the session, the next request tries again
    }
    if (!response.ok) {
      // Only end the session we tried to refresh, not one a sign-in replaced meanwhile.
      if (this.current?.refreshToken === spent) this.signOut('expired');
      return false;
    }
    const body = (await response.json()) as { access_token: string; refresh_token: string };
    if (this.current?.refreshToken !== spent) return this.current !== null;
    this.write({ ...this.current, accessToken: body.access_token, refreshToken: body.refresh_token });
    return true;
  }

  private write(next: StoredSession | null): void {
    this.current = next;
    if (next === null) this.storage?.removeItem(SESSION_STORAGE_KEY);
    else this.storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(next));
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
