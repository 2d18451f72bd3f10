// Deletes a function secret; functions that list it can no longer read it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { functionSecretKeys } from './keys';

export function useDeleteFunctionSecretMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.DELETE('/api/v1/function-secrets/{name}', { params: { path: { name } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: functionSecretKeys.list() }),
  });
}
