// `stagecraft admin create --email E --password P`: creates an admin account directly in the
// database (for the first admin, or to regain access), with the same password policy as the API.
// Without DATABASE_URL it uses the embedded PostgreSQL of `npm start` (cli-database.ts).

import { parseArgs } from 'node:util';
import { createAccount, UsersRepository } from '@stagecraft/auth';
import { loadConfigOrExit, type AppConfig } from '@stagecraft/config';
import { AppException } from '@stagecraft/core';
import { dataSourceOptions, migrateWithLock } from '@stagecraft/database';
import { DataSource } from 'typeorm';
import { withCliDatabase } from './cli-database.js';

export async function adminCreateCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  if (!values.email || !values.password) {
    throw new Error('Usage: stagecraft admin create --email <email> --password <password>');
  }
  const { email, password } = values;
  await withCliDatabase(loadConfigOrExit(), (config) => createAdmin(config, email, password));
}

async function createAdmin(config: AppConfig, email: string, password: string): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(config, 'stagecraft-cli')).initialize();
  try {
    if (config.database.migrateOnStart) await migrateWithLock(dataSource);
    const admin = await createAccount(
      new UsersRepository(dataSource),
      { email, password, role: 'admin', verified: true },
      config.auth.passwordMinLength,
    );
    process.stdout.write(`Created admin ${admin.email} (${admin.id}).\n`);
  } catch (error) {
    if (error instanceof AppException) {
      const fields = error.options.errors?.map((e) => `  ${e.field}: ${e.message}`).join('\n');
      throw new Error(fields ? `${error.detail}\n${fields}` : error.detail, { cause: error });
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}
