// stagecraft.webauthn_credentials: a user's passkeys (public key, signature counter, transports).
// The counter is advanced by a conditional UPDATE, so two assertions carrying the same counter
// cannot both be accepted.

import { Injectable } from '@nestjs/common';
import type { AuthenticatorTransportFuture } from '@simplewebauthn/server';
import { DataSource } from 'typeorm';

export interface StoredPasskey {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly publicKey: Uint8Array<ArrayBuffer>;
  readonly counter: number;
  readonly transports: AuthenticatorTransportFuture[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface NewPasskey {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly deviceType: string;
  readonly backedUp: boolean;
}

interface PasskeyRow {
  id: string;
  user_id: string;
  name: string;
  public_key: Buffer;
  counter: string;
  transports: AuthenticatorTransportFuture[];
  created_at: Date;
  last_used_at: Date | null;
}

const COLUMNS = 'id, user_id, name, public_key, counter, transports, created_at, last_used_at';

@Injectable()
export class PasskeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listForUser(userId: string): Promise<StoredPasskey[]> {
    const rows: PasskeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM stagecraft.webauthn_credentials WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toPasskey);
  }

  async find(id: string): Promise<StoredPasskey | undefined> {
    const rows: PasskeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM stagecraft.webauthn_credentials WHERE id = $1`,
      [id],
    );
    return rows[0] && toPasskey(rows[0]);
  }

  /** False when a credential with this id is already registered (to anyone). */
  async insert(passkey: NewPasskey): Promise<boolean> {
    // An INSERT answers its rows only (UPDATE and DELETE answer [rows, count]).
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO stagecraft.webauthn_credentials
         (id, user_id, name, public_key, counter, transports, device_type, backed_up)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        passkey.id,
        passkey.userId,
        passkey.name,
        Buffer.from(passkey.publicKey),
        passkey.counter,
        JSON.stringify(passkey.transports),
        passkey.deviceType,
        passkey.backedUp,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Stores the counter of an accepted assertion. False when the stored counter is already at or
   * past it (a concurrent assertion, or a cloned authenticator), unless both are zero
   * (authenticators that keep no counter).
   */
  async recordUse(id: string, counter: number): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE stagecraft.webauthn_credentials SET counter = $2, last_used_at = now()
        WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0)) RETURNING id`,
      [id, counter],
    );
    return rows.length > 0;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM stagecraft.webauthn_credentials WHERE user_id = $1 AND id = $2`,
      [userId, id],
    );
    return count > 0;
  }
}

function toPasskey(row: PasskeyRow): StoredPasskey {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    publicKey: new Uint8Array(row.public_key),
    counter: Number(row.counter),
    transports: row.transports,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
