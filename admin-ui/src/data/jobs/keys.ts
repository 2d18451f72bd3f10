// Query keys of queues and jobs: invalidating `all` refreshes counts, lists and details at once.
import type { components } from '../../api/schema';

export type QueueName = components['schemas']['JobViewDto']['queue'];
export type ListableJobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

export interface JobsListParams {
  queue: QueueName;
  state: ListableJobState;
  limit: number;
  offset: number;
}

/** A job is named by its id and, since ids can repeat across queues, its queue. */
export interface JobRef {
  id: string;
  queue: QueueName;
}

export const jobKeys = {
  all: ['jobs'] as const,
  queues: () => [...jobKeys.all, 'queues'] as const,
  list: (params: JobsListParams) => [...jobKeys.all, 'list', params] as const,
  detail: (ref: JobRef) => [...jobKeys.all, 'detail', ref.queue, ref.id] as const,
};
