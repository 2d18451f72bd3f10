// Verifies an email address with the token from an emailed link (no session needed).
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function useVerifyEmailMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (token: string) => unwrap(api.POST('/api/v1/auth/verify-email', { body: { token } })),
  });
}
