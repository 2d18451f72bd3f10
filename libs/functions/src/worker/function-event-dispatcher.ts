// Turns relayed record events into function runs: each function with an event trigger on the
// event's collection and action, whose condition the record meets, gets one job on the
// `functions` queue, keyed by function and event, so a batch handed over twice queues each run
// once. A batch costs one query for the listening functions, one for its events when a trigger
// names any of them, one per conditioned trigger and event, and one round trip to Redis for all
// its jobs.

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SchemaCacheService } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { RecordEventSinks, type RecordEvent, type RecordEventSink, type RelayedBatch } from '@stagecraft/events';
import { QueueName } from '@stagecraft/jobs';
import { compiledSchemaFor } from '@stagecraft/records';
import { eventMeetsCondition } from '@stagecraft/webhooks';
import type { JobsOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { EventTrigger } from '../function.types.js';
import { FunctionsRepository } from '../functions.repository.js';
import { EVENT_RUN_JOB, eventRunJobId, type EventRunJob } from './function-jobs.js';

@Injectable()
export class FunctionEventDispatcher implements RecordEventSink, OnModuleInit {
  private readonly logger = new Logger('Functions');

  constructor(
    private readonly sinks: RecordEventSinks,
    private readonly repository: FunctionsRepository,
    private readonly schemaCache: SchemaCacheService,
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Functions) private readonly queue: Queue<EventRunJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.sinks.add(this);
  }

  async accept(batch: RelayedBatch): Promise<void> {
    const listening = await this.repository.withTrigger('events');
    if (listening.length === 0) return;
    const jobs: { name: string; data: EventRunJob; opts: JobsOptions }[] = [];
    for (const ref of batch.refs) {
      for (const fn of listening) {
        const triggers = (fn.triggers.events ?? []).filter(
          (trigger) => trigger.collection === ref.collection && trigger.on.includes(ref.action),
        );
        if (triggers.length === 0) continue;
        const event = await batch.event(ref);
        if (!event) {
          this.logger.warn(`Function "${fn.name}": event ${ref.id} is no longer in the outbox, so not run`);
          continue;
        }
        if (!(await this.anyMet(fn.name, triggers, event))) continue;
        jobs.push({
          name: EVENT_RUN_JOB,
          data: { functionId: fn.id, functionName: fn.name, event },
          opts: this.jobOptions(eventRunJobId(fn.id, event.id)),
        });
      }
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs);
  }

  private jobOptions(jobId: string): JobsOptions {
    const limits = this.config.functions;
    return {
      jobId,
      attempts: limits.eventAttempts,
      backoff: { type: 'exponential', delay: limits.eventBackoffMs },
      // Kept a day: the same event handed over again meanwhile finds its job and is not rerun.
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      // The dead letters, kept as long as the invocation log.
      removeOnFail: { age: limits.logRetentionHours * 3600 },
    };
  }

  private async anyMet(name: string, triggers: readonly EventTrigger[], event: RecordEvent): Promise<boolean> {
    for (const trigger of triggers) {
      if (trigger.condition === null || (await this.meets(name, trigger.condition, event))) return true;
    }
    return false;
  }

  private async meets(name: string, condition: string, event: RecordEvent): Promise<boolean> {
    const schema = compiledSchemaFor(await this.schemaCache.current());
    const met = await eventMeetsCondition(this.dataSource, schema, condition, event);
    if (!(met instanceof Error)) return met;
    this.logger.warn(
      `Function "${name}": condition not evaluated for event ${event.id} on "${event.data.collection}", ` +
        `so not run: ${met.message}`,
    );
    return false;
  }
}
