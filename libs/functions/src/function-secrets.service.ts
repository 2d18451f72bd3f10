// Named secrets for functions (an API token for Slack, say): set and deleted by admins,
// stored encrypted with the secret fields' key, never returned by the API. A function reads
// one with `ctx.secrets.get(name)` only when its settings list the name.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { openSecretBox, type SecretBox } from '@stagecraft/database';
import { DataSource } from 'typeorm';

export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
export const SECRET_NAME_MESSAGE = 'Name must be 1 to 64 upper-case letters, digits and _, starting with a letter.';
export const SECRET_VALUE_MAX = 8192;

export interface SecretView {
  readonly name: string;
  readonly created_at: string;
  readonly updated_at: string;
}

@Injectable()
export class FunctionSecretsService {
  private box: Promise<SecretBox> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<SecretView[]> {
    const rows: { name: string; created_at: Date; updated_at: Date }[] = await this.dataSource.query(
      `SELECT name, created_at, updated_at FROM stagecraft.function_secrets ORDER BY name`,
    );
    return rows.map(toView);
  }

  /** Creates or replaces; `created` tells which. */
  async set(name: string, value: string): Promise<{ secret: SecretView; created: boolean }> {
    assertName(name);
    const stored = (await this.secretBox()).encrypt(value);
    const rows: { name: string; created_at: Date; updated_at: Date; created: boolean }[] = await this.dataSource.query(
      `INSERT INTO stagecraft.function_secrets (name, value) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
       RETURNING name, created_at, updated_at, (xmax = 0) AS created`,
      [name, stored],
    );
    const row = rows[0] as (typeof rows)[number];
    return { secret: toView(row), created: row.created };
  }

  async delete(name: string): Promise<void> {
    const rows: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM stagecraft.function_secrets WHERE name = $1 RETURNING name`,
      [name],
    );
    if (rows[1] === 0) throw new AppException(ErrorCode.NotFound, `No function secret is named "${name}".`);
  }

  /** The plain value for a function; undefined when no secret has the name. */
  async read(name: string): Promise<string | undefined> {
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM stagecraft.function_secrets WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    return row && (await this.secretBox()).decrypt(row.value);
  }

  private secretBox(): Promise<SecretBox> {
    this.box ??= openSecretBox(this.config, this.dataSource);
    return this.box;
  }
}

function assertName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new AppException(ErrorCode.ValidationFailed, 'A secret name is upper case letters, digits and _.', {
      errors: [{ field: 'name', code: 'pattern', message: SECRET_NAME_MESSAGE }],
    });
  }
}

function toView(row: { name: string; created_at: Date; updated_at: Date }): SecretView {
  return { name: row.name, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}
