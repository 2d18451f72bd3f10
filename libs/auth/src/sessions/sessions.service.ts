// Sessions and their refresh tokens. A session is one sign-in; its refresh token rotates on
// every use. Presenting an already used token after the grace window means it was stolen
// or replayed, so the whole session is revoked. Each session keeps its assurance level (aal):
// 2 once a second factor was verified in it.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, uuidV7 } from '@stagecraft/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssuranceLevel } from '../principal.js';
import { randomToken, tokenHash } from '../tokens/opaque-token.js';
import { SessionChecksService } from './session-checks.service.js';

export interface SessionMeta {
  userAgent?: string;
  ip?: string;
}

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
}

export type RevokeReason =
  'logout' | 'logout_all' | 'password_changed' | 'mfa_changed' | 'token_reuse' | 'admin' | 'disabled';

interface RefreshRow {
  token_id: string;
  session_id: string;
  user_id: string;
  aal: number;
  used_at: Date | null;
  token_expired: boolean;
  session_revoked: boolean;
  session_expired: boolean;
  used_seconds_ago: number | null;
}

const invalidRefresh = (): AppException =>
  new AppException(ErrorCode.Unauthorized, 'The refresh token is not valid; sign in again.');

@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessionChecks: SessionChecksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(userId: string, meta: SessionMeta, aal: AssuranceLevel = 1): Promise<IssuedSession> {
    const sessionId = uuidV7();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO stagecraft.sessions (id, user_id, expires_at, user_agent, ip, aal)
         VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5, $6)`,
        [
          sessionId,
          userId,
          this.config.auth.refreshTokenTtlSeconds,
          meta.userAgent?.slice(0, 512) ?? null,
          meta.ip ?? null,
          aal,
        ],
      );
      const refreshToken = await this.issueRefreshToken(manager, sessionId);
      return { sessionId, refreshToken };
    });
  }

  /**
   * Exchanges a refresh token for a new one in the same session, extending the session.
   * A replay outside the grace window revokes the session; that revocation commits before
   * the caller is refused.
   */
  async rotate(refreshToken: string): Promise<{ userId: string; aal: AssuranceLevel } & IssuedSession> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const rows: RefreshRow[] = await manager.query(
        `SELECT t.id AS token_id, t.session_id, s.user_id, s.aal, t.used_at,
                t.expires_at <= now() AS token_expired,
                s.revoked_at IS NOT NULL AS session_revoked,
                s.expires_at <= now() AS session_expired,
                extract(epoch FROM now() - t.used_at)::float8 AS used_seconds_ago
           FROM stagecraft.refresh_tokens t JOIN stagecraft.sessions s ON s.id = t.session_id
          WHERE t.token_hash = $1
          FOR UPDATE OF t`,
        [tokenHash(refreshToken)],
      );
      const row = rows[0];
      if (!row || row.session_revoked || row.session_expired || row.token_expired)
        return { refused: true as const, revokedSession: undefined };
      if (row.used_at !== null && (row.used_seconds_ago ?? 0) > this.config.auth.refreshReuseGraceSeconds) {
        await this.revokeWith(manager, row.session_id, 'token_reuse');
        return { refused: true as const, revokedSession: row.session_id };
      }
      await manager.query(`UPDATE stagecraft.refresh_tokens SET used_at = COALESCE(used_at, now()) WHERE id = $1`, [
        row.token_id,
      ]);
      await manager.query(
        `UPDATE stagecraft.sessions SET last_used_at = now(), expires_at = now() + make_interval(secs => $2) WHERE id = $1`,
        [row.session_id, this.config.auth.refreshTokenTtlSeconds],
      );
      const next = await this.issueRefreshToken(manager, row.session_id);
      const aal: AssuranceLevel = row.aal === 2 ? 2 : 1;
      return { refused: false as const, userId: row.user_id, sessionId: row.session_id, aal, refreshToken: next };
    });
    if (outcome.refused) {
      // Announced after the commit, so no process can re-check the session in between.
      if (outcome.revokedSession !== undefined)
        await this.sessionChecks.revoked({ sessions: [outcome.revokedSession] });
      throw invalidRefresh();
    }
    const { userId, sessionId, aal, refreshToken: next } = outcome;
    return { userId, sessionId, aal, refreshToken: next };
  }

  /**
   * Raises an open session to aal 2 (a second factor was just verified in it) and gives it a
   * fresh refresh token; the refresh tokens handed out before stop working, without counting as
   * a replay. Undefined when the session is no longer open.
   */
  async raiseToSecondFactor(sessionId: string): Promise<IssuedSession | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [unknown[], number] = await manager.query(
        `UPDATE stagecraft.sessions SET aal = 2, last_used_at = now()
          WHERE id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
        [sessionId],
      );
      if (rows.length === 0) return undefined;
      await manager.query(
        `UPDATE stagecraft.refresh_tokens SET expires_at = now() WHERE session_id = $1 AND expires_at > now()`,
        [sessionId],
      );
      return { sessionId, refreshToken: await this.issueRefreshToken(manager, sessionId) };
    });
  }

  async revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    await this.revokeWith(this.dataSource.manager, sessionId, reason);
    await this.sessionChecks.revoked({ sessions: [sessionId] });
  }

  /** Revokes every session of the user, but the one named in `keep`. Returns how many. */
  async revokeAllForUser(userId: string, reason: RevokeReason, keep?: string): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE stagecraft.sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, reason, keep ?? null],
    );
    await this.sessionChecks.revoked({ users: [userId] });
    return result[1];
  }

  private async revokeWith(manager: EntityManager, sessionId: string, reason: RevokeReason): Promise<void> {
    await manager.query(
      `UPDATE stagecraft.sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
  }

  private async issueRefreshToken(manager: EntityManager, sessionId: string): Promise<string> {
    const token = randomToken();
    await manager.query(
      `INSERT INTO stagecraft.refresh_tokens (id, session_id, token_hash, expires_at)
       VALUES ($1, $2, $3, (SELECT expires_at FROM stagecraft.sessions WHERE id = $2))`,
      [uuidV7(), sessionId, tokenHash(token)],
    );
    return token;
  }
}
