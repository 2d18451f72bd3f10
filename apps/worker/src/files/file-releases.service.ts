// Starts file removal when files are released. The ledger trigger sends NOTIFY
// stagecraft_files when a write releases files, and PostgreSQL delivers it only once that
// write has committed, so bytes are never removed before the change is durable. A short poll
// for released rows covers notifications missed while the listening connection was down.

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { ChannelListener } from '@stagecraft/events';
import { FILES_CHANNEL } from '@stagecraft/files';
import { QueueName } from '@stagecraft/jobs';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { REMOVE_FILES_JOB } from './files.processor.js';

const POLL_INTERVAL_MS = 30_000;
/**
 * Releases within this window share one job. Coalesced here rather than by BullMQ's
 * deduplication, which would also swallow a release arriving while the job runs (after it
 * looked for rows): every release after the window opens leads to a job that looks again.
 */
const COALESCE_MS = 100;

@Injectable()
export class FileReleasesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FileReleasesService.name);
  private readonly listener: ChannelListener;
  private poll: NodeJS.Timeout | undefined;
  private coalescing: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Files) private readonly queue: Queue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.listener = new ChannelListener(
      config,
      FILES_CHANNEL,
      () => this.requestRemoval(),
      (message) => this.logger.warn(message),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    this.poll = setInterval(() => void this.removeIfReleased(), POLL_INTERVAL_MS);
    this.poll.unref();
    await this.removeIfReleased();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.poll);
    clearTimeout(this.coalescing);
    await this.listener.stop();
  }

  /** Queues a removal run shortly (releases close together share it). */
  requestRemoval(): void {
    if (this.coalescing !== undefined) return;
    this.coalescing = setTimeout(() => {
      this.coalescing = undefined;
      void this.queueRemoval();
    }, COALESCE_MS);
  }

  /** A removal run, tried again with backoff so a store that is down gets its files removed later. */
  async queueRemoval(): Promise<void> {
    await this.queue
      .add(
        REMOVE_FILES_JOB,
        {},
        {
          attempts: 8,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { count: 50 },
          removeOnFail: { count: 50 },
        },
      )
      .catch((error: unknown) => this.logger.warn(`File removal not queued: ${(error as Error).message}`));
  }

  private async removeIfReleased(): Promise<void> {
    try {
      const rows: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM "stagecraft"."stored_files" WHERE state = 'orphaned' LIMIT 1`,
      );
      if (rows.length > 0) this.requestRemoval();
    } catch (error) {
      this.logger.warn(`Released files not checked: ${(error as Error).message}`);
    }
  }
}
