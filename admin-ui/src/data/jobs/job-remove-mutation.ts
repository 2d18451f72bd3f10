// Removes a job that is not running (with its import upload or export file).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { jobKeys, type JobRef } from './keys';

export function useRemoveJobMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, queue }: JobRef) =>
      unwrap(api.DELETE('/api/v1/jobs/{id}', { params: { path: { id }, query: { queue } } })),
    onSuccess: (_result, ref) => {
      queryClient.removeQueries({ queryKey: jobKeys.detail(ref) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
}
