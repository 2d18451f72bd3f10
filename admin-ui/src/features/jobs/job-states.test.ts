// Which state the jobs screen opens a queue in, and how job values are shown.
import { describe, expect, it } from 'vitest';
import { defaultJobState, isJobListState, isJobSettled, jobStateColor, jsonText } from './job-states';

const none = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0, paused: 0, prioritized: 0 };

describe('defaultJobState', () => {
  it.each([
    ['failures first, whatever else is there', { ...none, failed: 2, active: 3, completed: 9 }, 'failed'],
    ['then what is running', { ...none, active: 1, waiting: 4 }, 'active'],
    ['then what waits', { ...none, waiting: 4, delayed: 1 }, 'waiting'],
    ['then what is delayed', { ...none, delayed: 1, completed: 5 }, 'delayed'],
    ['else the finished jobs', { ...none, completed: 5 }, 'completed'],
    ['an empty queue too', none, 'completed'],
  ])('%s', (_case, counts, expected) => {
    expect(defaultJobState(counts)).toBe(expected);
  });

  it('opens completed jobs before the counts have loaded', () => {
    expect(defaultJobState(undefined)).toBe('completed');
  });
});

describe('job states', () => {
  it('knows the states jobs can be listed by', () => {
    expect(isJobListState('failed')).toBe(true);
    expect(isJobListState('paused')).toBe(false);
    expect(isJobListState(null)).toBe(false);
  });

  it('stops polling only completed and failed jobs', () => {
    expect(['completed', 'failed', 'active', 'waiting', undefined].map(isJobSettled)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('colours failures red and unknown states grey', () => {
    expect(jobStateColor('failed')).toBe('red');
    expect(jobStateColor('waiting-children')).toBe('gray');
  });

  it('shows values as indented JSON, strings as they are', () => {
    expect(jsonText({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(jsonText('boom')).toBe('boom');
    expect(jsonText(undefined)).toBe('null');
    expect(jsonText(0)).toBe('0');
  });
});
