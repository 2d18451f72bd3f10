// The worker's side of functions: runs for record events (handed over by the `events`
// consumer) and for schedules, both on the `functions` queue. Worker options depend on
// configuration, so the processor is declared here, at forRoot.

import { Processor } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import type { AppConfig } from '@stagecraft/config';
import { QueueName, STALLED_JOB_OPTIONS } from '@stagecraft/jobs';
import { FunctionsModule } from '../functions.module.js';
import { FunctionEventDispatcher } from './function-event-dispatcher.js';
import { FunctionRunsProcessor } from './function-runs.processor.js';
import { FunctionSchedules } from './function-schedules.js';

@Module({})
export class FunctionsWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    Processor(QueueName.Functions, { concurrency: config.functions.workerConcurrency, ...STALLED_JOB_OPTIONS })(
      FunctionRunsProcessor,
    );
    return {
      module: FunctionsWorkerModule,
      imports: [FunctionsModule, CollectionsModule],
      providers: [FunctionEventDispatcher, FunctionRunsProcessor, FunctionSchedules],
    };
  }
}
