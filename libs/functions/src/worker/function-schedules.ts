// Keeps one BullMQ job scheduler per function with a schedule trigger, and none for any other:
// BullMQ then makes one job per tick, whatever the number of workers. Every worker syncs at
// start and after each function change it hears of (its own or announced over Redis); syncs
// are idempotent, and a scheduler is only rewritten when its pattern or zone changed, so its
// next tick is not disturbed.

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '@stagecraft/jobs';
import { DeployedFunctions } from '../deployed-functions.js';
import { FunctionsRepository } from '../functions.repository.js';
import { SCHEDULED_RUN_JOB, schedulerId, type ScheduledRunJob } from './function-jobs.js';

const SCHEDULER_PREFIX = schedulerId('');

@Injectable()
export class FunctionSchedules implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Functions');
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = false;

  constructor(
    private readonly repository: FunctionsRepository,
    private readonly deployed: DeployedFunctions,
    @InjectQueue(QueueName.Functions) private readonly queue: Queue<ScheduledRunJob>,
  ) {}

  onApplicationBootstrap(): void {
    this.deployed.onChange(() => void this.sync());
    // Not awaited: with Redis away the sync waits for it, and the worker starts regardless.
    void this.sync();
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /** One sync at a time; a change heard during one makes one more. */
  sync(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.syncOnce()
      .catch((error: unknown) => this.logger.warn(`Function schedules not synced: ${String(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.sync();
        }
      });
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    const wanted = new Map(
      (await this.repository.withTrigger('schedule')).flatMap((fn) =>
        fn.triggers.schedule ? [[schedulerId(fn.id), { fn, schedule: fn.triggers.schedule }] as const] : [],
      ),
    );
    const existing = await this.queue.getJobSchedulers();
    for (const scheduler of existing) {
      const id = scheduler.id ?? scheduler.key;
      if (!id.startsWith(SCHEDULER_PREFIX)) continue;
      const want = wanted.get(id);
      if (!want) {
        await this.queue.removeJobScheduler(id);
      } else if (scheduler.pattern === want.schedule.cron && (scheduler.tz ?? null) === want.schedule.timezone) {
        wanted.delete(id);
      }
    }
    for (const [id, { fn, schedule }] of wanted) {
      await this.queue.upsertJobScheduler(
        id,
        { pattern: schedule.cron, ...(schedule.timezone && { tz: schedule.timezone }) },
        {
          name: SCHEDULED_RUN_JOB,
          data: { functionId: fn.id, functionName: fn.name },
          opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        },
      );
    }
  }
}
