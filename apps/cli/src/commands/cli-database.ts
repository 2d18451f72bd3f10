// Where the CLI's database commands (migrate, admin create, schema) find PostgreSQL when
// DATABASE_URL is unset: the embedded one `npm start` runs from DATA_DIR, found through its pid
// file while it runs, or started for the length of the command when it does not.

import { resolve } from 'node:path';
import { withOverrides, type AppConfig } from '@stagecraft/config';
import { embeddedPostgresUrl, runningEmbeddedPostgresPort, startEmbeddedPostgres } from '@stagecraft/database';

/** The database `npm start` creates in its embedded PostgreSQL. */
export const EMBEDDED_DATABASE = 'stagecraft';

export function embeddedDataDir(config: AppConfig): string {
  return resolve(config.dataDir, 'postgres');
}

function withUrl(config: AppConfig, url: string): AppConfig {
  return withOverrides(config, { database: { ...config.database, url } });
}

/** What to set instead, spelled out, for when the embedded PostgreSQL cannot be used. */
function whatToSet(config: AppConfig, reason: string): Error {
  const example = embeddedPostgresUrl(config.database.embeddedPort, EMBEDDED_DATABASE);
  return new Error(
    `${reason}\nSet DATABASE_URL to the PostgreSQL Stagecraft uses, e.g. DATABASE_URL=${example} for the ` +
      `embedded one of "npm start" (DATA_DIR=${config.dataDir}), or run this command from the directory npm start runs in.`,
  );
}

export async function withCliDatabase<T>(config: AppConfig, work: (config: AppConfig) => Promise<T>): Promise<T> {
  if (config.database.url) return work(config);
  const dataDir = embeddedDataDir(config);
  const port = runningEmbeddedPostgresPort(dataDir);
  if (port !== undefined) return work(withUrl(config, embeddedPostgresUrl(port, EMBEDDED_DATABASE)));

  process.stderr.write(
    `DATABASE_URL is unset and no embedded PostgreSQL runs in ${dataDir}: starting it for this command.\n`,
  );
  let postgres;
  try {
    postgres = await startEmbeddedPostgres({
      dataDir,
      port: config.database.embeddedPort,
      database: EMBEDDED_DATABASE,
    });
  } catch (error) {
    throw whatToSet(
      config,
      `Could not start the embedded PostgreSQL in ${dataDir}: ${
        error instanceof Error
          ? error.message
          : `it stopped while starting (is port ${config.database.embeddedPort} taken?)`
      }`,
    );
  }
  try {
    return await work(withUrl(config, postgres.url));
  } finally {
    await postgres.stop();
  }
}
