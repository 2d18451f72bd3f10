// stagecraft.mfa_recovery_codes: a user's current set replaces the previous one in one
// transaction; a code is used by a conditional UPDATE, so it works exactly once.

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { uuidV7 } from '@stagecraft/core';

export interface UnusedRecoveryCode {
  readonly id: string;
  readonly hash: Buffer;
}

@Injectable()
export class RecoveryCodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async replace(userId: string, hashes: readonly Buffer[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM stagecraft.mfa_recovery_codes WHERE user_id = $1`, [userId]);
      await manager.query(
        `INSERT INTO stagecraft.mfa_recovery_codes (id, user_id, code_hash)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bytea[])`,
        [hashes.map(() => uuidV7()), hashes.map(() => userId), hashes],
      );
    });
  }

  async unused(userId: string): Promise<UnusedRecoveryCode[]> {
    const rows: { id: string; code_hash: Buffer }[] = await this.dataSource.query(
      `SELECT id, code_hash FROM stagecraft.mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return rows.map((row) => ({ id: row.id, hash: row.code_hash }));
  }

  /** False when the code was used meanwhile (a concurrent request won). */
  async markUsed(id: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE stagecraft.mfa_recovery_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async deleteAll(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM stagecraft.mfa_recovery_codes WHERE user_id = $1`, [userId]);
  }
}
