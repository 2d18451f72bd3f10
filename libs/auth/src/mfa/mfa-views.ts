// What the API shows of a user's second factors: which are on and the passkeys' names and dates,
// never a secret, a public key or a recovery code.

import type { StoredPasskey } from './passkeys.repository.js';

export interface PasskeyView {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export interface MfaStatus {
  /** At least one second factor is on: sign-in asks for it. */
  enabled: boolean;
  /** The user's role is one that must use MFA. */
  required: boolean;
  totp: boolean;
  passkeys: PasskeyView[];
  recovery_codes_left: number;
}

export function toPasskeyView(passkey: StoredPasskey): PasskeyView {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: passkey.createdAt.toISOString(),
    last_used_at: passkey.lastUsedAt?.toISOString() ?? null,
  };
}
