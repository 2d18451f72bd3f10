// The second step of a sign-in: which second factor the user is entering, and what a typed
// answer becomes. Authenticator codes are six digits (spaces allowed, as apps show "123 456");
// recovery codes are sent as typed, the server ignores case, spaces and dashes.
import type { MfaRequired, SecondFactorMethod } from '../../data/auth/sign-in-outcome';
import type { SecondFactorProof } from '../../data/auth/mfa-verify-mutation';

/** Typed factors; a passkey is a button, not an input. */
export type TypedFactor = 'totp' | 'recovery_code';

export interface MfaChallenge {
  ticket: string;
  methods: SecondFactorMethod[];
  /** When the ticket stops working (ms since the epoch). */
  expiresAt: number;
}

export function challengeOf(answer: MfaRequired, now = Date.now()): MfaChallenge {
  return { ticket: answer.mfa_ticket, methods: [...answer.methods], expiresAt: now + answer.expires_in * 1000 };
}

/** The authenticator app when the account has one, else recovery codes (passkey-only accounts). */
export function initialFactor(methods: readonly SecondFactorMethod[]): TypedFactor {
  return methods.includes('totp') ? 'totp' : 'recovery_code';
}

export function offersPasskey(methods: readonly SecondFactorMethod[]): boolean {
  return methods.includes('webauthn');
}

export function otherTypedFactor(current: TypedFactor, methods: readonly SecondFactorMethod[]): TypedFactor | null {
  const other: TypedFactor = current === 'totp' ? 'recovery_code' : 'totp';
  return methods.includes(other) ? other : null;
}

export const TOTP_HINT = 'Enter the 6-digit code your authenticator app shows';

/** The six digits of a typed authenticator code, or null when it is not one. */
export function totpCodeOf(input: string): string | null {
  const code = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

export type ProofResult = { proof: SecondFactorProof } | { error: string };

/** What the form sends for the typed answer, or why it is not worth sending. */
export function typedProof(factor: TypedFactor, input: string): ProofResult {
  if (factor === 'totp') {
    const code = totpCodeOf(input);
    return code === null ? { error: TOTP_HINT } : { proof: { method: 'totp', code } };
  }
  const code = input.trim();
  if (code === '') return { error: 'Enter one of your recovery codes' };
  return { proof: { method: 'recovery_code', code } };
}

export function isExpired(challenge: MfaChallenge, now = Date.now()): boolean {
  return now >= challenge.expiresAt;
}
