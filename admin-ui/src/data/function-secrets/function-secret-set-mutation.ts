// Sets a function secret: creates it, or replaces its value. The form shows the errors.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { functionSecretKeys } from './keys';

export function useSetFunctionSecretMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ name, value }: { name: string; value: string }) =>
      unwrap(api.PUT('/api/v1/function-secrets/{name}', { params: { path: { name } }, body: { value } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: functionSecretKeys.list() }),
  });
}
