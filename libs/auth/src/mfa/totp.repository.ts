// stagecraft.mfa_totp: one authenticator app per user, pending until a code confirms it. The
// secret is stored encrypted (SecretBox); the last accepted time step is kept so a code cannot
// be used twice, claimed in one conditional UPDATE so two racing requests cannot both pass.

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredTotp {
  /** Encrypted with the SecretBox. */
  readonly secret: string;
  readonly confirmed: boolean;
}

@Injectable()
export class TotpRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(userId: string): Promise<StoredTotp | undefined> {
    const rows: { secret: string; confirmed: boolean }[] = await this.dataSource.query(
      `SELECT secret, confirmed_at IS NOT NULL AS confirmed FROM stagecraft.mfa_totp WHERE user_id = $1`,
      [userId],
    );
    return rows[0];
  }

  /** Stores a new pending secret, replacing a pending one; false when a confirmed one exists. */
  async savePending(userId: string, encryptedSecret: string): Promise<boolean> {
    // An INSERT answers its rows only (UPDATE and DELETE answer [rows, count]).
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO stagecraft.mfa_totp (user_id, secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_used_step = NULL
         WHERE stagecraft.mfa_totp.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, encryptedSecret],
    );
    return rows.length > 0;
  }

  /**
   * Records that the code of `step` was used, confirming a pending secret if need be. False
   * when that step or a later one was already used, or the secret changed meanwhile.
   */
  async claimStep(userId: string, encryptedSecret: string, step: number): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE stagecraft.mfa_totp SET last_used_step = $3, confirmed_at = COALESCE(confirmed_at, now())
        WHERE user_id = $1 AND secret = $2 AND (last_used_step IS NULL OR last_used_step < $3)
        RETURNING user_id`,
      [userId, encryptedSecret, step],
    );
    return rows.length > 0;
  }

  async delete(userId: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM stagecraft.mfa_totp WHERE user_id = $1`,
      [userId],
    );
    return count > 0;
  }
}
