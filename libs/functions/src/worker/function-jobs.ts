// The `functions` queue's jobs: a run for one record event (one job per function and event,
// its id built from both, so an event dispatched twice is run once) and a scheduled run (made
// by a BullMQ job scheduler per function, one job per tick whatever the number of workers).

import type { RecordEvent } from '@stagecraft/events';

export const EVENT_RUN_JOB = 'event-run';
export const SCHEDULED_RUN_JOB = 'scheduled-run';

export interface EventRunJob {
  readonly functionId: string;
  readonly functionName: string;
  readonly event: RecordEvent;
}

export interface ScheduledRunJob {
  readonly functionId: string;
  readonly functionName: string;
}

/** BullMQ job ids cannot contain ':' (its key separator). */
export const eventRunJobId = (functionId: string, eventId: string): string => `fn-${functionId}-event-${eventId}`;

export const schedulerId = (functionId: string): string => `fn-${functionId}`;
