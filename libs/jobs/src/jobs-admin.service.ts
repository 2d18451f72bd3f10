// The jobs admin use cases over every BullMQ queue: counts by state, jobs by state, one job
// with its data, progress, result and error, retry of a failed job and removal of a job.

import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, type Provider } from '@nestjs/common';
import { AppException, ErrorCode, fieldSentence, listOf } from '@stagecraft/core';
import type { Job, Queue } from 'bullmq';
import { allQueues } from './queue-name.js';

/** The states jobs can be listed by. */
export const LISTABLE_JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
export type ListableJobState = (typeof LISTABLE_JOB_STATES)[number];

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'] as const;
/** `paused`: jobs waiting in a paused queue (BullMQ 6 keeps them in the waiting list). */
export type JobCounts = Record<(typeof COUNTED_STATES)[number] | 'paused', number>;

export interface QueueSummary {
  readonly name: string;
  readonly counts: JobCounts;
  readonly paused: boolean;
}

/** A job as the API shows it (snake_case, ISO dates). */
export interface JobView {
  readonly id: string;
  readonly queue: string;
  readonly name: string;
  readonly state: string;
  readonly data: unknown;
  readonly progress: unknown;
  readonly result: unknown;
  readonly failed_reason: string | null;
  readonly stacktrace: string[] | null;
  readonly attempts_made: number;
  readonly attempts: number;
  readonly created_at: string | null;
  readonly processed_at: string | null;
  readonly finished_at: string | null;
}

export interface JobPage {
  readonly data: JobView[];
  readonly meta: { limit: number; offset: number; total: number };
}

/** Stack traces can be long; the first lines say where it failed. */
const STACK_LINES = 6;
/** BullMQ ids never contain ':' and stay short; anything else cannot name a job. */
const JOB_ID = /^[^:\s]{1,200}$/;

export const QUEUE_REGISTRY = Symbol('QUEUE_REGISTRY');
export type QueueRegistry = ReadonlyMap<string, Queue>;

/** Every registered queue by name, for services that work across queues. */
export const queueRegistryProvider: Provider = {
  provide: QUEUE_REGISTRY,
  inject: allQueues.map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]): QueueRegistry => new Map(queues.map((queue) => [queue.name, queue])),
};

const isoDate = (millis: number | undefined): string | null =>
  millis === undefined || millis === 0 ? null : new Date(millis).toISOString();

function notFound(id: string): AppException {
  return new AppException(ErrorCode.NotFound, `No job has the id "${id}".`);
}

@Injectable()
export class JobsAdminService {
  constructor(@Inject(QUEUE_REGISTRY) private readonly queues: QueueRegistry) {}

  async summaries(): Promise<QueueSummary[]> {
    return Promise.all(
      [...this.queues.values()].map(async (queue) => {
        const [counts, paused] = await Promise.all([queue.getJobCounts(...COUNTED_STATES), queue.isPaused()]);
        const byState = Object.fromEntries(COUNTED_STATES.map((state) => [state, counts[state] ?? 0])) as Omit<
          JobCounts,
          'paused'
        >;
        return { name: queue.name, counts: { ...byState, paused: paused ? byState.waiting : 0 }, paused };
      }),
    );
  }

  async list(queueName: string, state: ListableJobState, limit: number, offset: number): Promise<JobPage> {
    const queue = this.queue(queueName);
    const [jobs, total] = await Promise.all([
      queue.getJobs([state], offset, offset + limit - 1),
      queue.getJobCountByTypes(state),
    ]);
    // A job can finish between the two reads; the listing shows it in the state it was found in.
    const data = jobs.map((job) => this.view(job, queue.name, state));
    return { data, meta: { limit, offset, total } };
  }

  async get(id: string, queueName?: string): Promise<JobView> {
    const found = await this.find(id, queueName);
    const state = await found.getState();
    // Read again after the state, so a job seen as completed also shows its result.
    const job = ((await this.queue(found.queueName).getJob(id)) as Job | undefined) ?? found;
    return this.view(job, found.queueName, state);
  }

  /** Puts a failed job back in the waiting list; any other state is a 409. */
  async retry(id: string, queueName?: string): Promise<JobView> {
    const job = await this.find(id, queueName);
    const state = await job.getState();
    if (state !== 'failed') {
      throw new AppException(ErrorCode.Conflict, `Only failed jobs can be retried; job "${id}" is ${state}.`, {
        extensions: { state },
      });
    }
    // A fresh set of attempts, as if the job had just been queued.
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return this.get(id, job.queueName);
  }

  /** Removes a job that is not running; returns what it was. */
  async remove(id: string, queueName?: string): Promise<JobView> {
    const job = await this.find(id, queueName);
    const view = this.view(job, job.queueName, await job.getState());
    if (view.state === 'active') {
      throw new AppException(ErrorCode.Conflict, `Job "${id}" is running; remove it once it has finished.`, {
        extensions: { state: view.state },
      });
    }
    try {
      await job.remove();
    } catch (error) {
      // The job was picked up between the state check and the removal: it holds a lock now.
      throw new AppException(ErrorCode.Conflict, `Job "${id}" could not be removed: it started running.`, {
        cause: error,
      });
    }
    return view;
  }

  view(job: Job, queue: string, state: string): JobView {
    const stack = job.stacktrace?.at(-1);
    return {
      id: job.id ?? '',
      queue,
      name: job.name,
      state,
      data: job.data,
      progress: job.progress,
      result: job.returnvalue ?? null,
      failed_reason: job.failedReason || null,
      stacktrace: stack ? stack.split('\n').slice(0, STACK_LINES) : null,
      attempts_made: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      created_at: isoDate(job.timestamp),
      processed_at: isoDate(job.processedOn),
      finished_at: isoDate(job.finishedOn),
    };
  }

  /** The named queue, or a 400 listing the queues there are. */
  queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) {
      const names = [...this.queues.keys()];
      throw new AppException(ErrorCode.ValidationFailed, `No queue is named "${name}"; queues: ${names.join(', ')}.`, {
        errors: [
          { field: 'queue', code: 'unknown', message: fieldSentence('queue', `must be one of ${listOf(names)}`) },
        ],
      });
    }
    return queue;
  }

  /** The job with this id in the given queue, or in whichever queue holds it (a 409 when several do). */
  async find(id: string, queueName?: string): Promise<Job> {
    if (!JOB_ID.test(id)) throw notFound(id);
    const queues = queueName === undefined ? [...this.queues.values()] : [this.queue(queueName)];
    const found = (await Promise.all(queues.map((queue) => queue.getJob(id)))).filter(
      (job): job is Job => job !== undefined,
    );
    if (found.length === 0) throw notFound(id);
    if (found.length > 1) {
      const names = found.map((job) => job.queueName);
      throw new AppException(
        ErrorCode.Conflict,
        `Jobs with the id "${id}" exist in several queues (${names.join(', ')}); name one with ?queue=.`,
        { extensions: { queues: names } },
      );
    }
    return found[0] as Job;
  }
}
