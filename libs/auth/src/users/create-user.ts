// Creating an account, shared by sign-up, the admin API, first-admin setup and the CLI:
// the password policy, then argon2id, then the insert.

import type { EntityManager } from 'typeorm';
import { hashPassword } from '../passwords/password-hasher.js';
import { assertPassword } from '../passwords/password-policy.js';
import type { Role } from '../principal.js';
import { normalizeEmail, type UserRow } from './user.js';
import type { UsersRepository } from './users.repository.js';

export interface NewAccount {
  email: string;
  password: string;
  role: Role;
  verified?: boolean;
  createdBy?: string;
  /** Who the `create` event names (actorLabel); left out for accounts made outside the API. */
  actor?: string;
}

export async function createAccount(
  users: UsersRepository,
  account: NewAccount,
  passwordMinLength: number,
  manager?: EntityManager,
): Promise<UserRow> {
  const email = normalizeEmail(account.email);
  assertPassword(account.password, { minLength: passwordMinLength, email });
  return users.insert(
    {
      email,
      passwordHash: await hashPassword(account.password),
      role: account.role,
      verified: account.verified,
      createdBy: account.createdBy ?? null,
    },
    account.actor ?? null,
    manager,
  );
}
