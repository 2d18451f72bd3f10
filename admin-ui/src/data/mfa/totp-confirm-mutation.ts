// Turns the authenticator app on with a current code; new tokens are stored, and the recovery
// codes of a first factor are in the answer, for the page to show once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { adoptFactorAdded } from './factor-added';

export function useConfirmTotpMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (code: string) => unwrap(api.POST('/api/v1/auth/mfa/totp/confirm', { body: { code } })),
    onSuccess: (answer) => adoptFactorAdded(queryClient, answer),
  });
}
