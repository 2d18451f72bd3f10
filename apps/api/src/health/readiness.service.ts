// Readiness: PostgreSQL answers, Redis answers, and a worker has written a heartbeat
// recently. PostgreSQL and the heartbeat are read in one query.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

export type CheckStatus = 'up' | 'down';
export interface CheckResult {
  status: CheckStatus;
  error?: string;
  [detail: string]: unknown;
}
export interface Readiness {
  ready: boolean;
  checks: { postgres: CheckResult; redis: CheckResult; worker: CheckResult };
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

@Injectable()
export class ReadinessService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const checks = { postgres: database.postgres, redis, worker: database.worker };
    return { ready: Object.values(checks).every((c) => c.status === 'up'), checks };
  }

  private async checkDatabase(): Promise<{ postgres: CheckResult; worker: CheckResult }> {
    try {
      const rows: { age_ms: number | null }[] = await withTimeout(
        this.dataSource.query(
          `SELECT (extract(epoch FROM now() - max(beat_at)) * 1000)::float8 AS age_ms FROM stagecraft.worker_heartbeats`,
        ),
        'PostgreSQL',
      );
      const ageMs = rows[0]?.age_ms ?? null;
      const maxAgeMs = this.config.worker.heartbeatMaxAgeMs;
      const worker: CheckResult =
        ageMs === null
          ? { status: 'down', error: 'no worker has ever reported a heartbeat' }
          : ageMs > maxAgeMs
            ? { status: 'down', error: `last worker heartbeat ${Math.round(ageMs)} ms ago (limit ${maxAgeMs} ms)` }
            : { status: 'up', lastHeartbeatMsAgo: Math.round(ageMs) };
      return { postgres: { status: 'up' }, worker };
    } catch (error) {
      const down: CheckResult = { status: 'down', error: reason(error) };
      return { postgres: down, worker: { status: 'down', error: 'unknown while PostgreSQL is down' } };
    }
  }

  private async checkRedis(): Promise<CheckResult> {
    try {
      await withTimeout(this.redis.ping(), 'Redis');
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: reason(error) };
    }
  }
}
