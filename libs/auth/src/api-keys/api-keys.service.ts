// API keys for server-to-server clients: `sc_<prefix>_<secret>`, shown once at creation and
// stored as a SHA-256 hash; the visible prefix finds the row, the hash proves the key.

import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppException, ErrorCode, fieldSentence, uuidV7 } from '@stagecraft/core';
import { readRows } from '@stagecraft/database';
import { DataSource } from 'typeorm';
import type { Principal, Role } from '../principal.js';
import { randomToken, sameHash, tokenHash } from '../tokens/opaque-token.js';

export const API_KEY_PATTERN = /^sc_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often per key, to keep writes off the hot path. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  scopes: string[];
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  key_hash: Buffer;
  role: Role;
  scopes: string[];
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, name, prefix, key_hash, role, scopes, created_by, created_at, expires_at, last_used_at, revoked_at';

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    scopes: row.scopes,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

const invalidKey = (): AppException => new AppException(ErrorCode.Unauthorized, 'The API key is not valid.');

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(private readonly dataSource: DataSource) {}

  async create(input: {
    name: string;
    role: Role;
    expiresAt?: Date;
    createdBy: string | null;
  }): Promise<{ key: string; apiKey: ApiKeyView }> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new AppException(ErrorCode.ValidationFailed, 'The expiry must be in the future.', {
        errors: [
          { field: 'expires_at', code: 'future', message: fieldSentence('expires_at', 'must be in the future') },
        ],
      });
    }
    const prefix = randomBytes(6).toString('hex');
    const key = `sc_${prefix}_${randomToken(32)}`;
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `INSERT INTO stagecraft.api_keys (id, name, prefix, key_hash, role, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [uuidV7(), input.name, prefix, tokenHash(key), input.role, input.createdBy, input.expiresAt ?? null],
    );
    return { key, apiKey: toView(rows[0] as ApiKeyRow) };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM stagecraft.api_keys ORDER BY created_at, id`,
    );
    return rows.map(toView);
  }

  async get(id: string): Promise<ApiKeyView> {
    const rows: ApiKeyRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM stagecraft.api_keys WHERE id = $1`, [
      id,
    ]);
    if (!rows[0]) throw new AppException(ErrorCode.NotFound, `No API key has the id ${id}.`);
    return toView(rows[0]);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const rows: [ApiKeyRow[], number] = await this.dataSource.query(
      `UPDATE stagecraft.api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    const row = rows[0][0];
    if (!row) throw new AppException(ErrorCode.NotFound, `No API key has the id ${id}.`);
    return toView(row);
  }

  /** The principal a presented key stands for, or a 401 problem. */
  async authenticate(key: string): Promise<Principal> {
    const match = API_KEY_PATTERN.exec(key);
    if (!match) throw invalidKey();
    const rows = await readRows<ApiKeyRow & { usable: boolean }>(
      this.dataSource,
      `SELECT ${COLUMNS}, (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS usable
         FROM stagecraft.api_keys WHERE prefix = $1`,
      [match[1]],
    );
    const row = rows[0];
    if (!row || !sameHash(row.key_hash, tokenHash(key)) || !row.usable) throw invalidKey();
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      this.dataSource
        .query(`UPDATE stagecraft.api_keys SET last_used_at = now() WHERE id = $1`, [row.id])
        .catch((error: unknown) => this.logger.warn(`last_used_at not recorded: ${String(error)}`));
    }
    return { kind: 'api_key', id: row.id, role: row.role };
  }
}
