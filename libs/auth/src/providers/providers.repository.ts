// SQL for stagecraft.auth_providers. Client secrets are encrypted before they are written
// and decrypted only for the token request.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { openSecretBox, type SecretBox } from '@stagecraft/database';
import { DataSource } from 'typeorm';
import type { ProviderKind, ProviderRow } from './sign-in-provider.js';

const COLUMNS = `name, kind, display_name, issuer, authorization_url, token_url, api_url, client_id,
  client_secret, scopes, enabled, created_at, updated_at`;

export interface ProviderFields {
  kind: ProviderKind;
  displayName: string;
  issuer: string | null;
  authorizationUrl: string | null;
  tokenUrl: string | null;
  apiUrl: string | null;
  clientId: string;
  /** Plain text; stored encrypted. */
  clientSecret: string;
  scopes: string[];
  enabled: boolean;
}

const UPDATABLE: Readonly<Record<Exclude<keyof ProviderFields, 'kind'>, string>> = {
  displayName: 'display_name',
  issuer: 'issuer',
  authorizationUrl: 'authorization_url',
  tokenUrl: 'token_url',
  apiUrl: 'api_url',
  clientId: 'client_id',
  clientSecret: 'client_secret',
  scopes: 'scopes',
  enabled: 'enabled',
};

@Injectable()
export class ProvidersRepository {
  private secrets?: Promise<SecretBox>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(onlyEnabled = false): Promise<ProviderRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM stagecraft.auth_providers ${onlyEnabled ? 'WHERE enabled' : ''} ORDER BY name`,
    );
  }

  async find(name: string): Promise<ProviderRow | undefined> {
    const rows: ProviderRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM stagecraft.auth_providers WHERE name = $1`,
      [name],
    );
    return rows[0];
  }

  async insert(name: string, fields: ProviderFields): Promise<ProviderRow> {
    try {
      const rows: ProviderRow[] = await this.dataSource.query(
        `INSERT INTO stagecraft.auth_providers
           (name, kind, display_name, issuer, authorization_url, token_url, api_url, client_id, client_secret, scopes, enabled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
        [
          name,
          fields.kind,
          fields.displayName,
          fields.issuer,
          fields.authorizationUrl,
          fields.tokenUrl,
          fields.apiUrl,
          fields.clientId,
          await this.encrypt(fields.clientSecret),
          JSON.stringify(fields.scopes),
          fields.enabled,
        ],
      );
      return rows[0] as ProviderRow;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new AppException(ErrorCode.Conflict, `A sign-in provider named "${name}" already exists.`);
      }
      throw error;
    }
  }

  async update(name: string, changes: Partial<Omit<ProviderFields, 'kind'>>): Promise<ProviderRow | undefined> {
    const params: unknown[] = [name];
    const assignments: string[] = [];
    for (const [key, column] of Object.entries(UPDATABLE) as [keyof typeof UPDATABLE, string][]) {
      const value = changes[key];
      if (value === undefined) continue;
      const stored =
        key === 'clientSecret' ? await this.encrypt(value as string) : key === 'scopes' ? JSON.stringify(value) : value;
      params.push(stored);
      assignments.push(`${column} = $${params.length}`);
    }
    if (assignments.length === 0) return this.find(name);
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows] = await this.dataSource.query<[ProviderRow[], number]>(
      `UPDATE stagecraft.auth_providers SET ${assignments.join(', ')}, updated_at = now()
        WHERE name = $1 RETURNING ${COLUMNS}`,
      params,
    );
    return rows[0];
  }

  /** False when there was no such provider; a 409 while identities still use it. */
  async delete(name: string): Promise<boolean> {
    try {
      const [, count] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM stagecraft.auth_providers WHERE name = $1`,
        [name],
      );
      return count > 0;
    } catch (error) {
      if ((error as { code?: string }).code === '23503') {
        throw new AppException(
          ErrorCode.Conflict,
          `Users sign in with "${name}"; disable the provider instead (PATCH enabled: false), or remove their identities first.`,
        );
      }
      throw error;
    }
  }

  async clientSecret(row: ProviderRow): Promise<string> {
    return (await this.box()).decrypt(row.client_secret);
  }

  private async encrypt(secret: string): Promise<string> {
    return (await this.box()).encrypt(secret);
  }

  private box(): Promise<SecretBox> {
    this.secrets ??= openSecretBox(this.config, this.dataSource);
    return this.secrets;
  }
}
