// Removes a provider; refused (409) while users sign in with it, which the dialog shows.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { authKeys } from '../auth/keys';
import { providerKeys } from './keys';

export function useDeleteProviderMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (name: string) => unwrap(api.DELETE('/api/v1/auth/providers/{name}', { params: { path: { name } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: providerKeys.list() });
      void queryClient.invalidateQueries({ queryKey: authKeys.methods() });
    },
  });
}
