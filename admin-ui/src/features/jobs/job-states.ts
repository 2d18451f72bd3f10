// Job states as the jobs screen shows them: the states a queue's jobs can be listed by, which one
// to open first, their colours, and whether a job has stopped moving.
export const JOB_LIST_STATES = ['failed', 'active', 'waiting', 'delayed', 'completed'] as const;
export type JobListState = (typeof JOB_LIST_STATES)[number];

export type JobCounts = Record<JobListState | 'paused' | 'prioritized', number>;

export function isJobListState(value: string | null | undefined): value is JobListState {
  return (JOB_LIST_STATES as readonly (string | null | undefined)[]).includes(value);
}

/** Failures first (they need someone); else whatever is moving; else the finished ones. */
export function defaultJobState(counts: Partial<JobCounts> | undefined): JobListState {
  if (!counts) return 'completed';
  for (const state of ['failed', 'active', 'waiting', 'delayed'] as const) {
    if ((counts[state] ?? 0) > 0) return state;
  }
  return 'completed';
}

const COLORS: Record<string, string> = {
  failed: 'red',
  active: 'blue',
  waiting: 'yellow',
  prioritized: 'yellow',
  delayed: 'grape',
  paused: 'gray',
  completed: 'green',
};

export function jobStateColor(state: string): string {
  return COLORS[state] ?? 'gray';
}

/** A finished job does not change any more: polling it can stop. */
export function isJobSettled(state: string | undefined): boolean {
  return state === 'completed' || state === 'failed';
}

/** A job's data, progress or result as readable JSON (undefined and null say so). */
export function jsonText(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}
