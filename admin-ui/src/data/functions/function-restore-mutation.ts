// Deploys an earlier version again, as a new version that names the one it restored.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { functionKeys } from './keys';

export function useRestoreVersionMutation(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (number: number) =>
      unwrap(
        api.POST('/api/v1/functions/{name}/versions/{number}/restore', {
          params: { path: { name, number } },
        }),
      ),
    onSuccess: (restored) => {
      queryClient.setQueryData(functionKeys.detail(name), restored);
      void queryClient.invalidateQueries({ queryKey: functionKeys.versions(name) });
      void queryClient.invalidateQueries({ queryKey: functionKeys.list() });
    },
  });
}
