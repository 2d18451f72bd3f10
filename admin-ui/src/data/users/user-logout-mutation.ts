// Signs a user out of every session.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function useForceLogoutMutation() {
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/users/{id}/logout', { params: { path: { id } } })),
  });
}
