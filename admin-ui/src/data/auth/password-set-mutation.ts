// Sets a first password on an account made through a provider (no current password to give);
// every other session is signed out.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { authKeys } from './keys';

export function useSetPasswordMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (newPassword: string) =>
      unwrap(api.POST('/api/v1/auth/password', { body: { new_password: newPassword } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.me() }),
  });
}
