// Puts a failed job back in its queue.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { jobKeys, type JobRef } from './keys';

export function useRetryJobMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, queue }: JobRef) =>
      unwrap(api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id }, query: { queue } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
