// `stagecraft admin create --email E --password P`: creates an admin account directly in the
// database (for the first admin, or to regain access), with the same password policy as the API.

import { parseArgs } from 'node:util';
import { createAccount, UsersRepository } from '@stagecraft/auth';
import { loadConfigOrExit } from '@stagecraft/config';
import { AppException } from '@stagecraft/core';
import { dataSourceOptions, migrateWithLock } from '@stagecraft/database';
import { DataSource } from 'typeorm';

export async function adminCreateCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
  if (!values.email || !values.password) {
    throw new Error('Usage: stagecraft admin create --email <email> --password <password>');
  }
  const config = loadConfigOrExit();
  const dataSource = await new DataSource(dataSourceOptions(config, 'stagecraft-cli')).initialize();
  try {
    if (config.database.migrateOnStart) await migrateWithLock(dataSource);
    const admin = await createAccount(
      new UsersRepository(dataSource),
      { email: values.email, password: values.password, role: 'admin', verified: true },
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
