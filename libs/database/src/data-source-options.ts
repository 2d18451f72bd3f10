// TypeORM options for the system schema, shared by the API, the worker, the CLI and tests.

import type { AppConfig } from '@stagecraft/config';
import { systemMigrations } from '@stagecraft/migrations';
import type { DataSourceOptions } from 'typeorm';
import { poolOptions } from './connection-pool.js';
import { systemEntities } from './entities/index.js';

export const SYSTEM_SCHEMA = 'stagecraft';
export const DATA_SCHEMA = 'data';

export function dataSourceOptions(config: AppConfig, applicationName: string): DataSourceOptions {
  if (!config.database.url) {
    throw new Error('DATABASE_URL is not set (npm start sets it when it starts the embedded PostgreSQL).');
  }
  return {
    type: 'postgres',
    url: config.database.url,
    schema: SYSTEM_SCHEMA,
    entities: systemEntities,
    migrations: systemMigrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName,
    poolSize: config.database.poolSize,
    poolErrorHandler: poolOptions.poolErrorHandler,
    extra: { connectionTimeoutMillis: 5000, onConnect: poolOptions.onConnect },
  };
}
