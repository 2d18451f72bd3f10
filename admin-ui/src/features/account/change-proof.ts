// The proof a change to one's second factors needs (removing the app or a passkey, new recovery
// codes): a current code from the authenticator app, or a recovery code.
import type { SecondFactorProof } from '../../data/mfa/mfa-status-query';
import { typedProof, type TypedFactor } from '../auth/mfa-step-state';

export type ChangeProofResult = { proof: SecondFactorProof } | { error: string };

export function changeProof(factor: TypedFactor, input: string): ChangeProofResult {
  const result = typedProof(factor, input);
  if ('error' in result) return result;
  const { proof } = result;
  switch (proof.method) {
    case 'totp':
      return { proof: { code: proof.code } };
    case 'recovery_code':
      return { proof: { recovery_code: proof.code } };
    case 'webauthn':
      return { error: 'A passkey cannot prove this change; use a code' };
  }
}

/** The API's name of the field that carries each typed factor (and its field problems). */
export const PROOF_FIELD: Record<TypedFactor, 'code' | 'recovery_code'> = {
  totp: 'code',
  recovery_code: 'recovery_code',
};
