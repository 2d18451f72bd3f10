// Unlinks a provider account; refused (409) when it is the last way to sign in.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { identityKeys } from './keys';

export function useUnlinkIdentityMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/auth/identities/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.all }),
  });
}
