// Sets a new password with the token from an emailed link (no session needed).
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function usePasswordResetMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: { token: string; password: string }) =>
      unwrap(api.POST('/api/v1/auth/password-reset', { body: input })),
  });
}
