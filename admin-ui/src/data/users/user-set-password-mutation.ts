// Sets another user's password (the policy applies); the user is signed out everywhere.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function useSetUserPasswordMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      unwrap(api.PUT('/api/v1/users/{id}/password', { params: { path: { id } }, body: { password } })),
  });
}
