// The `maintenance` queue: a repeatable job (every MAINTENANCE_INTERVAL_MS, one schedule
// shared by all workers) that deletes expired data: sent outbox events, finished webhook
// deliveries, used or expired email and refresh tokens, expired sessions, stale heartbeats,
// export files and leftover import uploads; it also releases file uploads never attached
// (UPLOAD_EXPIRY_HOURS), queues the removal of released files and removes strays. The schedule is set again whenever Redis comes
// back, since a Redis restarted without its data (or one away at start-up) has none.

import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { expireUploads, FileStore, removeExpiredResumableUploads, removeStrays } from '@stagecraft/files';
import { firstPendingJobs, QueueName, STALLED_JOB_OPTIONS } from '@stagecraft/jobs';
import { removeExpiredFiles } from '@stagecraft/transfer';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { FileReleasesService } from '../files/file-releases.service.js';
import { purges } from './purges.js';

export const MAINTENANCE_SCHEDULE = 'purge-expired';
export const MAINTENANCE_JOB = 'purge-expired';

export type MaintenanceResult = Record<string, number>;

// The relay marks events sent by PostgreSQL's clock just after queueing them by its own.
const CLOCK_SKEW_MARGIN_MS = 10 * 60_000;

@Processor(QueueName.Maintenance, STALLED_JOB_OPTIONS)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    @InjectQueue(QueueName.Events) private readonly events: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fileStore: FileStore,
    private readonly fileReleases: FileReleasesService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule();
    // The queue's backend, through which the schedule is written, says 'ready' again each time
    // its Redis connection comes back.
    this.queue.backend.on('ready', () => void this.schedule());
  }

  // Upserting is idempotent: every worker may do it, one schedule results. A schedule left by
  // an earlier configuration is replaced, or its already-planned run would keep the old pace.
  private async schedule(): Promise<void> {
    try {
      const every = this.config.maintenanceIntervalMs;
      const existing = await this.queue.getJobScheduler(MAINTENANCE_SCHEDULE);
      if (existing && existing.every !== every) await this.queue.removeJobScheduler(MAINTENANCE_SCHEDULE);
      await this.queue.upsertJobScheduler(
        MAINTENANCE_SCHEDULE,
        { every },
        { name: MAINTENANCE_JOB, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } } },
      );
    } catch (error) {
      this.logger.warn(`Maintenance not scheduled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async process(job: Job): Promise<MaintenanceResult> {
    const removed: MaintenanceResult = {};
    const context = { config: this.config, eventsQueuedSince: await this.eventsQueuedSince() };
    for (const purge of purges) {
      const [, count] = await this.dataSource.query<[unknown, number]>(purge.sql, purge.params(context));
      removed[purge.name] = count;
    }
    removed.files = await removeExpiredFiles(this.config.files.dir, this.config.files.exportRetentionHours * 3_600_000);
    removed.expiredUploads = await expireUploads(this.dataSource, this.config.files.uploadExpiryHours);
    removed.incompleteUploads = await removeExpiredResumableUploads(this.config);
    await this.fileReleases.queueRemoval();
    const strays = await removeStrays(this.dataSource, this.fileStore.storage, this.config.files.uploadExpiryHours);
    removed.strayFilesFound = strays.found;
    removed.strayFilesRemoved = strays.removed;
    this.logger.log(`Maintenance ${job.id ?? ''}: ${JSON.stringify(removed)}`);
    return removed;
  }

  /** When the oldest events job not yet dispatched was queued, less a margin for clock skew. */
  private async eventsQueuedSince(): Promise<Date | null> {
    const times = (await firstPendingJobs(this.events)).map((job) => job.timestamp);
    return times.length > 0 ? new Date(Math.min(...times) - CLOCK_SKEW_MARGIN_MS) : null;
  }
}
