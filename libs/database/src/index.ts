// System-schema storage: the data source, entities, migrations runner and embedded PostgreSQL.
export { DatabaseModule } from './database.module.js';
export { dataSourceOptions, SYSTEM_SCHEMA, DATA_SCHEMA } from './data-source-options.js';
export { migrateWithLock } from './migrate.js';
export { PreparedStatements } from './prepared-statements.js';
export { masterPool, discardDeadIdleConnections } from './connection-pool.js';
export { readRows, withReadRetry } from './retried-reads.js';
export { runAutocommit, runTransaction } from './guarded-writes.js';
export { embeddedPostgresUrl, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
export { runningEmbeddedPostgresPort } from './postmaster-pid.js';
export * from './entities/index.js';
export { loadOrCreateSecret } from './generated-secret.js';
export { SecretBox } from './secret-box.js';
export { openSecretBox } from './secret-fields-key.js';
