// A page of one queue's jobs in one state, refreshed while on screen.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { jobKeys, type JobsListParams } from './keys';

export type Job = components['schemas']['JobViewDto'];
export const JOBS_POLL_MS = 5_000;

export function useJobsQuery(params: JobsListParams | undefined) {
  return useQuery({
    queryKey: params ? jobKeys.list(params) : [...jobKeys.all, 'list', 'none'],
    queryFn: () => {
      // Not called while disabled, that is without a queue.
      if (!params) throw new Error('no queue chosen');
      return unwrap(api.GET('/api/v1/jobs', { params: { query: params } }));
    },
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: JOBS_POLL_MS,
  });
}
