// One job with its data, progress, result and error. `poll` keeps asking until the job has
// completed or failed (imports and exports show their progress this way).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { jobKeys, type JobRef } from './keys';

export const JOB_POLL_MS = 750;
const SETTLED = new Set(['completed', 'failed']);

export function getJob({ id, queue }: JobRef) {
  return unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id }, query: { queue } } }));
}

export function useJobQuery(ref: JobRef | undefined, { poll = false } = {}) {
  return useQuery({
    queryKey: ref ? jobKeys.detail(ref) : [...jobKeys.all, 'detail', 'none'],
    queryFn: () => {
      // Not called while disabled, that is without a job.
      if (!ref) throw new Error('no job chosen');
      return getJob(ref);
    },
    enabled: ref !== undefined,
    staleTime: 0,
    refetchInterval: (query) => (poll && !SETTLED.has(query.state.data?.state ?? '') ? JOB_POLL_MS : false),
  });
}
