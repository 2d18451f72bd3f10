// Records that this worker is alive, on an interval, in stagecraft.worker_heartbeats; the
// API's readiness check reads it. The row is removed on a clean shutdown.

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DataSource } from 'typeorm';

@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly logger = new Logger(HeartbeatService.name);
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | undefined;
  private lastSuccessAt: number | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.worker.heartbeatIntervalMs);
  }

  // Module destruction runs before the connection pool closes at application shutdown.
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.dataSource
      .query('DELETE FROM stagecraft.worker_heartbeats WHERE worker_id = $1', [this.workerId])
      .catch(() => undefined);
  }

  /** True while the latest heartbeats reach PostgreSQL. */
  isHealthy(now = Date.now()): boolean {
    return this.lastSuccessAt !== undefined && now - this.lastSuccessAt <= this.config.worker.heartbeatMaxAgeMs;
  }

  private async beat(): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO stagecraft.worker_heartbeats (worker_id, hostname, pid, started_at, beat_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (worker_id) DO UPDATE SET beat_at = now()`,
        [this.workerId, hostname(), process.pid, this.startedAt],
      );
      this.lastSuccessAt = Date.now();
    } catch (error) {
      this.logger.warn(`Heartbeat not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
