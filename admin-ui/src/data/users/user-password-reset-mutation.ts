// Emails a user a password reset link.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function useSendPasswordResetMutation() {
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id } } })),
  });
}
