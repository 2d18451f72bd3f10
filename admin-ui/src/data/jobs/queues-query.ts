// Every queue with its job counts by state, and how far record events are behind; refreshed
// every few seconds while on screen.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { jobKeys } from './keys';

export type QueueSummary = components['schemas']['QueueSummaryDto'];
export type EventBacklog = components['schemas']['EventBacklogDto'];
export const QUEUES_POLL_MS = 5_000;

export function useQueuesQuery() {
  return useQuery({
    queryKey: jobKeys.queues(),
    queryFn: () => unwrap(api.GET('/api/v1/jobs/queues')),
    refetchInterval: QUEUES_POLL_MS,
  });
}
