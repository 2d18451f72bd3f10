// Applies pending system migrations. Several processes may start at once (API replicas,
// the worker), so the run is serialised by a PostgreSQL advisory lock.

import type { DataSource } from 'typeorm';
import { SYSTEM_SCHEMA } from './data-source-options.js';

// An arbitrary constant shared by every Stagecraft process: "stagecraft" as a 31-bit number.
const MIGRATION_LOCK_KEY = 0x5c_af_7a_01;

export async function migrateWithLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // TypeORM keeps its migrations table in the system schema, which must exist first.
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${SYSTEM_SCHEMA}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
