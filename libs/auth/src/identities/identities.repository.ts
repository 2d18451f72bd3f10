// SQL for stagecraft.user_identities: one row per (provider, issuer, subject), owned by one
// user. Unlinking checks, under a lock on the user, that another way to sign in remains.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode, uuidV7 } from '@stagecraft/core';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssertedIdentity } from '../oauth/asserted-identity.js';

export interface IdentityRow {
  id: string;
  user_id: string;
  provider: string;
  provider_display_name: string;
  issuer: string;
  subject: string;
  email: string | null;
  email_verified: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

export interface IdentityView {
  id: string;
  provider: string;
  provider_display_name: string;
  email: string | null;
  email_verified: boolean;
  created_at: string;
  last_login_at: string | null;
}

const SELECT = `SELECT i.id, i.user_id, i.provider, p.display_name AS provider_display_name, i.issuer, i.subject,
    i.email, i.email_verified, i.created_at, i.last_login_at
  FROM stagecraft.user_identities i JOIN stagecraft.auth_providers p ON p.name = i.provider`;

export function toIdentityView(row: IdentityRow): IdentityView {
  return {
    id: row.id,
    provider: row.provider,
    provider_display_name: row.provider_display_name,
    email: row.email,
    email_verified: row.email_verified,
    created_at: row.created_at.toISOString(),
    last_login_at: row.last_login_at?.toISOString() ?? null,
  };
}

@Injectable()
export class IdentitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listForUser(userId: string): Promise<IdentityRow[]> {
    return this.dataSource.query(`${SELECT} WHERE i.user_id = $1 ORDER BY i.created_at`, [userId]);
  }

  async findByAssertion(identity: AssertedIdentity): Promise<IdentityRow | undefined> {
    const rows: IdentityRow[] = await this.dataSource.query(
      `${SELECT} WHERE i.provider = $1 AND i.issuer = $2 AND i.subject = $3`,
      [identity.provider, identity.issuer, identity.subject],
    );
    return rows[0];
  }

  async insert(userId: string, identity: AssertedIdentity, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO stagecraft.user_identities (id, user_id, provider, issuer, subject, email, email_verified, last_login_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [uuidV7(), userId, identity.provider, identity.issuer, identity.subject, identity.email, identity.emailVerified],
    );
  }

  /** Keeps what the provider last said about the address, and when it was last used. */
  async recordLogin(id: string, identity: AssertedIdentity): Promise<void> {
    await this.dataSource.query(
      `UPDATE stagecraft.user_identities SET email = $2, email_verified = $3, last_login_at = now() WHERE id = $1`,
      [id, identity.email, identity.emailVerified],
    );
  }

  /** False when the user has no such identity; a 409 when it is their last way to sign in. */
  async deleteUnlessLast(userId: string, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const users: { has_password: boolean }[] = await manager.query(
        `SELECT password_hash IS NOT NULL AS has_password FROM data.users WHERE id = $1 FOR UPDATE`,
        [userId],
      );
      if (!users[0]) return false;
      const [counts] = await manager.query<{ identities: number; passkeys: number; owned: boolean }[]>(
        `SELECT (SELECT count(*) FROM stagecraft.user_identities WHERE user_id = $1)::int AS identities,
                (SELECT count(*) FROM stagecraft.webauthn_credentials WHERE user_id = $1)::int AS passkeys,
                EXISTS (SELECT 1 FROM stagecraft.user_identities WHERE user_id = $1 AND id = $2) AS owned`,
        [userId, id],
      );
      if (!counts?.owned) return false;
      const otherWays = (users[0].has_password ? 1 : 0) + counts.passkeys + counts.identities - 1;
      if (otherWays === 0) {
        throw new AppException(
          ErrorCode.Conflict,
          'This is the last way to sign in to the account; set a password or link another provider first.',
        );
      }
      await manager.query(`DELETE FROM stagecraft.user_identities WHERE id = $1`, [id]);
      return true;
    });
  }
}
