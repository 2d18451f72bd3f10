// Deletes a function with its versions and invocation log.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { functionKeys } from './keys';

export function useDeleteFunctionMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.DELETE('/api/v1/functions/{name}', { params: { path: { name } } })),
    onSuccess: (_result, name) => {
      queryClient.removeQueries({ queryKey: functionKeys.detail(name) });
      void queryClient.invalidateQueries({ queryKey: functionKeys.list() });
    },
  });
}
