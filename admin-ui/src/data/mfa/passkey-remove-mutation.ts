// Removes a passkey, proven with a current code or a recovery code.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { mfaKeys } from './keys';
import type { SecondFactorProof } from './mfa-status-query';

export function useRemovePasskeyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, proof }: { id: string; proof: SecondFactorProof }) =>
      unwrap(api.DELETE('/api/v1/auth/mfa/passkeys/{id}', { params: { path: { id } }, body: proof })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
  });
}
