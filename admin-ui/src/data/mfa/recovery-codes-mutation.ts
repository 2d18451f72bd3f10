// Replaces the recovery codes (the old ones stop working); the new ones are shown once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { mfaKeys } from './keys';
import type { SecondFactorProof } from './mfa-status-query';

export function useRenewRecoveryCodesMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (proof: SecondFactorProof) => unwrap(api.POST('/api/v1/auth/mfa/recovery-codes', { body: proof })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
  });
}
