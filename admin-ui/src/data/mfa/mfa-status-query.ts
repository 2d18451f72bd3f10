// The signed-in user's second factors (GET /auth/mfa): app, passkeys, recovery codes left.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { mfaKeys } from './keys';

export type MfaStatus = components['schemas']['MfaStatusDto'];
export type Passkey = components['schemas']['PasskeyDto'];
/** A fresh second factor for a change that weakens MFA: a current code or a recovery code. */
export type SecondFactorProof = components['schemas']['SecondFactorProofDto'];

export function useMfaStatusQuery() {
  return useQuery({ queryKey: mfaKeys.status(), queryFn: () => unwrap(api.GET('/api/v1/auth/mfa')) });
}
