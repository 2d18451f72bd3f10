// Short-lived, single-use secrets handed to a client between two steps of a sign-in: OAuth
// state, one-time exchange codes, MFA tickets, WebAuthn challenges. Only the token's hash is
// stored, and taking a challenge deletes it in the same statement, so a replay finds nothing
// even when two requests race. Kept in PostgreSQL so every API instance sees them.

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomToken, tokenHash } from '../tokens/opaque-token.js';

export type ChallengeKind = 'oauth_state' | 'oauth_code' | 'provider_test' | 'mfa_ticket' | 'webauthn';

export interface IssuedChallenge<P> {
  readonly userId: string | null;
  readonly payload: P;
}

@Injectable()
export class AuthChallengesService {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a challenge and returns its token, which is all the client gets. */
  async issue(kind: ChallengeKind, ttlSeconds: number, payload: object, userId?: string): Promise<string> {
    const token = randomToken();
    await this.issueWithToken(kind, token, ttlSeconds, payload, userId);
    return token;
  }

  /** For a token made elsewhere (OAuth state, sent to the provider as is); it must be random. */
  async issueWithToken(
    kind: ChallengeKind,
    token: string,
    ttlSeconds: number,
    payload: object,
    userId?: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stagecraft.auth_challenges (token_hash, kind, user_id, payload, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [tokenHash(token), kind, userId ?? null, JSON.stringify(payload), ttlSeconds],
    );
  }

  /** The challenge, once: undefined when it is unknown, of another kind, used or expired. */
  async take<P>(kind: ChallengeKind, token: string): Promise<IssuedChallenge<P> | undefined> {
    const [rows] = await this.dataSource.query<[{ user_id: string | null; payload: P; live: boolean }[], number]>(
      `DELETE FROM stagecraft.auth_challenges WHERE token_hash = $1 AND kind = $2
       RETURNING user_id, payload, expires_at > now() AS live`,
      [tokenHash(token), kind],
    );
    const row = rows[0];
    return row?.live ? { userId: row.user_id, payload: row.payload } : undefined;
  }

  /** Reads a challenge without using it up (a ticket good for several attempts until it expires). */
  async peek<P>(kind: ChallengeKind, token: string): Promise<IssuedChallenge<P> | undefined> {
    const rows: { user_id: string | null; payload: P }[] = await this.dataSource.query(
      `SELECT user_id, payload FROM stagecraft.auth_challenges
        WHERE token_hash = $1 AND kind = $2 AND expires_at > now()`,
      [tokenHash(token), kind],
    );
    const row = rows[0];
    return row ? { userId: row.user_id, payload: row.payload } : undefined;
  }
}
