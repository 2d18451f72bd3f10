// The key secret fields are encrypted with: SECRET_FIELDS_KEY, or outside production a key
// generated once and kept in the database, so every process (API, worker) uses the same one.

import type { AppConfig } from '@stagecraft/config';
import { loadOrCreateSecret } from './generated-secret.js';
import type { DataSource } from 'typeorm';
import { SecretBox } from './secret-box.js';

export async function openSecretBox(config: AppConfig, dataSource: DataSource): Promise<SecretBox> {
  return new SecretBox(
    config.records.secretFieldsKey ?? (await loadOrCreateSecret(dataSource, 'generated_secret_fields_key')),
  );
}
