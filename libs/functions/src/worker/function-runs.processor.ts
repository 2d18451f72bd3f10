// Consumes the `functions` queue: runs a function for a record event or a schedule tick in the
// sandbox, with no caller (so `ctx.records` has anonymous rights unless the function runs as
// admin). A failed event run throws so BullMQ tries it again with backoff; after its last try,
// or at once when the function rejected it (`ctx.reject`), the job stays failed: the dead
// letter, marked in the invocation log. A worker killed mid-run leaves a stalled job that
// another worker takes up: the run is repeated with the same event id, its idempotency key.

import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { DeployedFunctions } from '../deployed-functions.js';
import { FunctionRunner } from '../function-runner.service.js';
import type { StoredOutcome } from '../function.types.js';
import { EVENT_RUN_JOB, SCHEDULED_RUN_JOB, type EventRunJob, type ScheduledRunJob } from './function-jobs.js';

export interface RunSummary {
  readonly outcome: StoredOutcome | 'skipped';
  readonly invocation?: string;
}

// Declared a processor by FunctionsWorkerModule.forRoot, whose worker options come from configuration.
@Injectable()
export class FunctionRunsProcessor extends WorkerHost {
  constructor(
    private readonly deployed: DeployedFunctions,
    private readonly runner: FunctionRunner,
  ) {
    super();
  }

  async process(job: Job): Promise<RunSummary> {
    if (job.name === EVENT_RUN_JOB) return this.runForEvent(job as Job<EventRunJob>);
    if (job.name === SCHEDULED_RUN_JOB) return this.runScheduled(job as Job<ScheduledRunJob>);
    throw new UnrecoverableError(`The functions queue has no handler for "${job.name}"`);
  }

  private async runForEvent(job: Job<EventRunJob>): Promise<RunSummary> {
    const { functionId, functionName, event } = job.data;
    const fn = await this.deployed.find(functionName);
    // Deleted (or deleted and made again) since the event: nothing of it is left to run.
    if (!fn || fn.id !== functionId) return { outcome: 'skipped' };
    // Tries started, stalls included: a run cut off by a killed worker counts as one.
    const attempt = Math.max(job.attemptsStarted, job.attemptsMade + 1);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await this.runner.run(fn, {
      trigger: 'event',
      event,
      eventId: event.id,
      attempt,
      lastAttempt,
      principal: undefined,
    });
    const summary = `${result.outcome}: ${result.error?.message ?? result.rejection?.message ?? ''} (invocation ${result.invocation.id})`;
    if (result.outcome === 'rejected') throw new UnrecoverableError(summary);
    if (result.outcome !== 'ok') throw new Error(summary);
    return { outcome: 'ok', invocation: result.invocation.id };
  }

  private async runScheduled(job: Job<ScheduledRunJob>): Promise<RunSummary> {
    const { functionId, functionName } = job.data;
    const fn = await this.deployed.find(functionName);
    const schedule = fn?.triggers.schedule;
    if (!fn || fn.id !== functionId || !schedule) return { outcome: 'skipped' };
    const result = await this.runner.run(fn, {
      trigger: 'schedule',
      // The tick this job was made for, as its scheduler stamped it.
      schedule: { ...schedule, at: new Date(job.opts.prevMillis ?? job.timestamp).toISOString() },
      principal: undefined,
    });
    // A missed tick is not made up: the next one runs on time instead.
    return { outcome: result.outcome, invocation: result.invocation.id };
  }
}
