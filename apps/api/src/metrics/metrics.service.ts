// Prometheus metrics of this process: default process metrics, HTTP request durations
// labelled by route pattern (never the raw URL, to keep label cardinality bounded), and the
// event backlog, measured when scraped, realtime (realtime-metrics.ts), thumbnails
// (file-metrics.ts), the response cache (cache-metrics.ts) and functions (function-metrics.ts).

import { Injectable, Logger } from '@nestjs/common';
import { within } from '@stagecraft/core';
import { ThumbnailsService } from '@stagecraft/files';
import { FunctionRunner } from '@stagecraft/functions';
import { GraphqlService } from '@stagecraft/graphql';
import { EventBacklogService } from '@stagecraft/jobs';
import { RealtimeHub } from '@stagecraft/realtime';
import { ResponseCache } from '@stagecraft/records';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { registerCacheMetrics } from './cache-metrics.js';
import { registerFileMetrics } from './file-metrics.js';
import { registerFunctionMetrics } from './function-metrics.js';
import { registerGraphqlMetrics } from './graphql-metrics.js';
import { registerRealtimeMetrics } from './realtime-metrics.js';
import { RequestDurations } from './request-durations.js';

/** A scrape must answer even while PostgreSQL or Redis does not: the backlog is then NaN. */
const BACKLOG_TIMEOUT_MS = 2000;

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private backlogFailing = false;
  private readonly httpDurations = new RequestDurations();
  private readonly oldestEventAge = new Gauge({
    name: 'stagecraft_events_oldest_undelivered_age_seconds',
    help: 'Age of the oldest record event not yet handed to its consumers (outbox, events queue, untried webhook deliveries); 0 when none waits',
    registers: [this.registry],
  });
  private readonly eventBacklog = new Gauge({
    name: 'stagecraft_events_backlog',
    help: 'What waits, by stage: outbox (events not relayed), queue (events-queue jobs), deliveries (webhook deliveries not tried); counts stop at 100000',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly backlog: EventBacklogService,
    hub: RealtimeHub,
    thumbnails: ThumbnailsService,
    responseCache: ResponseCache,
    functions: FunctionRunner,
    graphql: GraphqlService,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(this.httpDurations.asMetric());
    registerRealtimeMetrics(this.registry, hub);
    registerFileMetrics(this.registry, thumbnails);
    registerCacheMetrics(this.registry, responseCache);
    registerFunctionMetrics(this.registry, functions);
    registerGraphqlMetrics(this.registry, graphql);
  }

  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.httpDurations.observe(method, route ?? '(unmatched)', statusCode, seconds);
  }

  async render(): Promise<string> {
    await this.measureBacklog();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async measureBacklog(): Promise<void> {
    try {
      const backlog = await within(
        this.backlog.measure(),
        BACKLOG_TIMEOUT_MS,
        `no answer within ${BACKLOG_TIMEOUT_MS} ms`,
      );
      this.oldestEventAge.set(backlog.oldest_undelivered_age_seconds);
      this.eventBacklog.set({ stage: 'outbox' }, backlog.outbox_unsent);
      this.eventBacklog.set({ stage: 'queue' }, backlog.queued_jobs);
      this.eventBacklog.set({ stage: 'deliveries' }, backlog.deliveries_untried);
      if (this.backlogFailing) this.logger.log('The event backlog is measured again');
      this.backlogFailing = false;
    } catch (error) {
      // Stale (or zero) figures would look healthy: NaN until they can be measured again.
      this.oldestEventAge.set(Number.NaN);
      for (const stage of ['outbox', 'queue', 'deliveries']) this.eventBacklog.set({ stage }, Number.NaN);
      if (!this.backlogFailing) {
        this.logger.warn(
          `The event backlog cannot be measured (${error instanceof Error ? error.message : String(error)}); /metrics shows NaN`,
        );
      }
      this.backlogFailing = true;
    }
  }
}
