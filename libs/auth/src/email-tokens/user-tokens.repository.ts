// stagecraft.user_tokens: issuing a token replaces the user's earlier ones for the same
// purpose; consuming marks it used in one conditional UPDATE, so it works exactly once,
// and only while the user's email is still the one the link was sent to.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DataSource, type EntityManager } from 'typeorm';
import { uuidV7 } from '@stagecraft/core';
import { newUserToken, userTokenHash, type UserTokenPurpose } from './user-token.js';

export interface TokenHolder {
  readonly userId: string;
  /** The user's current email (equal to the token's, ignoring case). */
  readonly email: string;
}

// A token is live while unused, unexpired, its user enabled and still at the same address.
const LIVE = `t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now()
  AND u.id = t.user_id AND lower(u.email) = lower(t.email) AND NOT u.disabled`;

@Injectable()
export class UserTokensRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new token for the user, valid for EMAIL_TOKEN_TTL_SECONDS; older ones stop working. */
  async issue(user: { id: string; email: string }, purpose: UserTokenPurpose): Promise<string> {
    const { token, hash } = newUserToken();
    await this.dataSource.transaction(async (manager) => {
      // Serialises issues for one user, so two concurrent requests leave one live token.
      await manager.query(`SELECT 1 FROM data.users WHERE id = $1 FOR NO KEY UPDATE`, [user.id]);
      await manager.query(`DELETE FROM stagecraft.user_tokens WHERE user_id = $1 AND purpose = $2`, [user.id, purpose]);
      await manager.query(
        `INSERT INTO stagecraft.user_tokens (id, user_id, purpose, token_hash, email, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
        [uuidV7(), user.id, purpose, hash, user.email, this.config.mail.tokenTtlSeconds],
      );
    });
    return token;
  }

  /** Who holds a live token, without using it up (to check a new password first). */
  async peek(token: string, purpose: UserTokenPurpose): Promise<TokenHolder | undefined> {
    const rows: TokenHolder[] = await this.dataSource.query(
      `SELECT t.user_id AS "userId", u.email FROM stagecraft.user_tokens t, data.users u WHERE ${LIVE}`,
      [userTokenHash(token), purpose],
    );
    return rows[0];
  }

  /** Marks a live token used and returns its holder; undefined for any token that is not live. */
  async consume(token: string, purpose: UserTokenPurpose, manager: EntityManager): Promise<TokenHolder | undefined> {
    const result: [TokenHolder[], number] = await manager.query(
      `UPDATE stagecraft.user_tokens t SET used_at = now() FROM data.users u
        WHERE ${LIVE} RETURNING t.user_id AS "userId", u.email`,
      [userTokenHash(token), purpose],
    );
    return result[0][0];
  }
}
