// Access tokens whose signature, issuer, audience and expiry passport-jwt has already checked,
// so a client sending the same token again skips that work (about a tenth of a record read's
// CPU). The key is the whole token string, so a token differing in a single character is a
// miss and gets checked in full; an entry is used only until the token's own `exp`, and the
// signing key never changes while the process runs. Whether the session is still open is
// not cached here: the strategy checks that on every request.

import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims } from './access-tokens.service.js';

/** Claims as passport-jwt hands them over: checked, but typed by what the token carried. */
export type VerifiedClaims = Partial<AccessTokenClaims> & { exp?: unknown };

interface Entry {
  readonly claims: VerifiedClaims;
  readonly expiresAtMs: number;
}

const MAX_ENTRIES = 10_000;

@Injectable()
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  /** The claims of a token checked before and not yet expired, else undefined. */
  recall(token: string, now = Date.now()): VerifiedClaims | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (now >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  /** Called only after a full check; tokens without a numeric `exp` are never kept. */
  remember(token: string, claims: VerifiedClaims): void {
    if (typeof claims.exp !== 'number') return;
    // Oldest first out: Map keeps insertion order, so a flood of new tokens cannot grow it.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { claims, expiresAtMs: claims.exp * 1000 });
  }
}
