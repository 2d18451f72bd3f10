// `stagecraft migrate`: applies pending system migrations against DATABASE_URL (or the
// embedded PostgreSQL of `npm start`, see cli-database.ts) and exits.

import { loadConfigOrExit, type AppConfig } from '@stagecraft/config';
import { dataSourceOptions, migrateWithLock } from '@stagecraft/database';
import { DataSource } from 'typeorm';
import { withCliDatabase } from './cli-database.js';

export async function migrateCommand(): Promise<void> {
  await withCliDatabase(loadConfigOrExit(), migrate);
}

async function migrate(config: AppConfig): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(config, 'stagecraft-cli')).initialize();
  try {
    const applied = await migrateWithLock(dataSource);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
  } finally {
    await dataSource.destroy();
  }
}
