// The HMAC key for access tokens: JWT_SECRET when configured (required in production),
// otherwise a random key generated once and kept in stagecraft.settings, so every API
// process and restart of a development instance agrees on it.

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DataSource } from 'typeorm';
import { randomToken } from './opaque-token.js';

const SETTING_KEY = 'generated_jwt_secret';

@Injectable()
export class SigningKeyService implements OnModuleInit {
  private secret: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = this.config.auth.jwtSecret ?? (await this.generatedSecret());
  }

  get key(): string {
    if (this.secret === undefined) throw new Error('The signing key is read before the module initialised');
    return this.secret;
  }

  private async generatedSecret(): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO stagecraft.settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`,
      [SETTING_KEY, randomToken(48)],
    );
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM stagecraft.settings WHERE key = $1`,
      [SETTING_KEY],
    );
    const value = rows[0]?.value;
    if (!value) throw new Error('Could not read the generated JWT secret');
    return value;
  }
}
