// A user row of the built-in `users` collection, and the public view of it: the password
// hash never leaves this library.

import type { Role } from '../principal.js';

export interface UserRow {
  id: string;
  email: string;
  /** Null for an account that signs in only through a provider. */
  password_hash: string | null;
  role: Role;
  verified: boolean;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  version: number;
}

export interface PublicUser {
  id: string;
  email: string;
  role: Role;
  verified: boolean;
  disabled: boolean;
  /** False for an account created through a sign-in provider that has not set a password. */
  has_password: boolean;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  version: number;
}

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    verified: row.verified,
    disabled: row.disabled,
    has_password: row.password_hash !== null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    last_login_at: row.last_login_at?.toISOString() ?? null,
    version: row.version,
  };
}

/** Emails compare case-insensitively and are stored trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim();
}
