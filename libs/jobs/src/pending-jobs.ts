// Jobs not yet done: waiting, delayed, prioritised or running. Readers that need the oldest of
// them (the event backlog metric, maintenance keeping what an events job still names) ask for
// the first job of each state.

import type { Job, Queue } from 'bullmq';

export const PENDING_JOB_STATES = ['active', 'wait', 'prioritized', 'delayed'] as const;

/** The first job of each pending state, oldest first (BullMQ ranges each state's list separately). */
export async function firstPendingJobs(queue: Queue): Promise<Job[]> {
  const firsts = (await queue.getJobs([...PENDING_JOB_STATES], 0, 0, true)) as (Job | undefined)[];
  // A job finished between BullMQ's reads comes back undefined, whatever the types say.
  return firsts.filter((job): job is Job => job !== undefined);
}
