// The signed-in session and the credentials it gives requests: the access token while it is
// fresh, a refresh shortly before it expires or after a 401, and never more than one refresh at
// a time, because each refresh rotates the refresh token and a stale one later revokes the session.

import type { Credentials, Http } from '../http.js';
import { StagecraftError } from '../problem.js';
import type { TokenStorage } from './token-storage.js';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: 'admin' | 'user';
  readonly verified: boolean;
  readonly disabled: boolean;
  readonly has_password: boolean;
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_login_at: string | null;
  readonly version: number;
}

/** The server's token answer (sign-in, refresh, MFA confirmation). */
export interface TokenAnswer {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly user?: User;
}

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  readonly expiresAt: number;
  readonly user: User | null;
}

/** Refresh this long before the access token expires, so a request never carries a dying one. */
const REFRESH_EARLY_MS = 15_000;

const isFresh = (session: Session): boolean => session.expiresAt - Date.now() > REFRESH_EARLY_MS;

function parse(text: string | null): Session | null {
  try {
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

export class SessionStore implements Credentials {
  private current: Session | null | undefined;
  private refreshing: Promise<Session | null> | undefined;
  private readonly listeners = new Set<(session: Session | null) => void>();
  /** Set once the request core exists (it needs these credentials first). */
  http: Http | undefined;

  constructor(
    private readonly storage: TokenStorage,
    private readonly key: string,
  ) {}

  async load(): Promise<Session | null> {
    if (this.current === undefined) this.current = parse(await this.storage.getItem(this.key));
    return this.current;
  }

  async save(session: Session | null): Promise<void> {
    this.current = session;
    await (session ? this.storage.setItem(this.key, JSON.stringify(session)) : this.storage.removeItem(this.key));
    for (const listener of this.listeners) listener(session);
  }

  async adopt(answer: TokenAnswer, user = this.current?.user ?? null): Promise<Session> {
    const session = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresAt: Date.now() + answer.expires_in * 1000,
      user: answer.user ?? user,
    };
    await this.save(session);
    return session;
  }

  onChange(listener: (session: Session | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async headers(): Promise<Record<string, string>> {
    let session = await this.load();
    if (session && !isFresh(session)) session = await this.refresh();
    return session ? { authorization: `Bearer ${session.accessToken}` } : {};
  }

  async renew(used: Readonly<Record<string, string>>): Promise<boolean> {
    const session = await this.load();
    // Another request refreshed while this one was under way: retry with its token.
    if (session && used.authorization !== `Bearer ${session.accessToken}`) return true;
    return (await this.refresh()) !== null;
  }

  /** One rotation at a time: every caller that asks meanwhile shares its outcome. */
  refresh(): Promise<Session | null> {
    return (this.refreshing ??= this.rotate().finally(() => (this.refreshing = undefined)));
  }

  private async rotate(): Promise<Session | null> {
    const known = this.current;
    const stored = parse(await this.storage.getItem(this.key));
    // Another tab sharing the storage rotated (or signed out) already: its outcome stands.
    if (stored?.accessToken !== known?.accessToken && (!stored || isFresh(stored))) {
      await this.save(stored);
      return stored;
    }
    if (!stored || !this.http) return null;
    try {
      const answer = await this.http.request<TokenAnswer>('POST', '/api/v1/auth/refresh', {
        body: { refresh_token: stored.refreshToken },
        auth: false,
      });
      return await this.adopt(answer, stored.user);
    } catch (error) {
      // The refresh token is spent, expired or revoked: signed out. Anything else keeps the session.
      if (error instanceof StagecraftError && error.status < 500 && error.status !== 429) {
        await this.save(null);
        return null;
      }
      throw error;
    }
  }
}

/** An API key's credentials: nothing to renew. */
export const apiKeyCredentials = (key: string): Credentials => ({
  headers: () => Promise.resolve({ 'x-api-key': key }),
  renew: () => Promise.resolve(false),
});
