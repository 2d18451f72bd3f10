// Secrets that development instances may leave unconfigured: generated once, kept in
// stagecraft.settings, so every process and every restart of the instance agrees on them.

import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export async function loadOrCreateSecret(dataSource: DataSource, settingKey: string): Promise<string> {
  await dataSource.query(
    `INSERT INTO stagecraft.settings (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`,
    [settingKey, randomBytes(48).toString('base64url')],
  );
  const rows: { value: string }[] = await dataSource.query(`SELECT value FROM stagecraft.settings WHERE key = $1`, [
    settingKey,
  ]);
  const value = rows[0]?.value;
  if (!value) throw new Error(`Could not read the generated secret "${settingKey}"`);
  return value;
}
