// Removes the authenticator app, proven with a current code or a recovery code.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { mfaKeys } from './keys';
import type { SecondFactorProof } from './mfa-status-query';

export function useDisableTotpMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (proof: SecondFactorProof) => unwrap(api.DELETE('/api/v1/auth/mfa/totp', { body: proof })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
  });
}
