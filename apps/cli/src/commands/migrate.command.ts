// `stagecraft migrate`: applies pending system migrations against DATABASE_URL and exits.

import { loadConfigOrExit } from '@stagecraft/config';
import { dataSourceOptions, migrateWithLock } from '@stagecraft/database';
import { DataSource } from 'typeorm';

export async function migrateCommand(): Promise<void> {
  const config = loadConfigOrExit();
  const dataSource = await new DataSource(dataSourceOptions(config, 'stagecraft-cli')).initialize();
  try {
    const applied = await migrateWithLock(dataSource);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
  } finally {
    await dataSource.destroy();
  }
}
