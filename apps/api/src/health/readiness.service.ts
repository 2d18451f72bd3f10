// Readiness: PostgreSQL answers, Redis answers, and a worker has written a heartbeat
// recently. PostgreSQL and the heartbeat are read in one query. A change of state is logged
// once (a warning naming what went down, an info line when all is up again), not every probe.

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, within } from '@stagecraft/core';
import { readRows } from '@stagecraft/database';
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
  return within(promise, CHECK_TIMEOUT_MS, `${what} did not answer within ${CHECK_TIMEOUT_MS} ms`);
}

function reason(error: unknown): string {
  // A read that failed twice is a 503 problem; its cause says what actually happened.
  const failure = error instanceof AppException && error.options.cause !== undefined ? error.options.cause : error;
  return failure instanceof Error ? failure.message : String(failure);
}

/** The names of the checks that are down, e.g. "redis, worker"; empty when ready. */
function downList(checks: Readiness['checks']): string {
  return Object.entries(checks)
    .filter(([, check]) => check.status === 'down')
    .map(([name]) => name)
    .join(', ');
}

@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('Readiness');
  /** What was down at the last probe; undefined before the first. */
  private lastDown: string | undefined;
  /** Set when the process starts shutting down: load balancers stop sending new work first. */
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** From now on readiness fails, before connections are closed (main.ts, on SIGTERM). */
  beginShutdown(): void {
    this.stopping = true;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  async check(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const checks = { postgres: database.postgres, redis, worker: database.worker };
    this.logChange(checks);
    return { ready: Object.values(checks).every((c) => c.status === 'up'), checks };
  }

  /**
   * Probes come every few seconds from each orchestrator and load balancer; what an operator
   * needs is when the set of failing dependencies changes, with the reason, once. The reasons
   * themselves are not compared: they vary from probe to probe while a dependency stays down.
   */
  private logChange(checks: Readiness['checks']): void {
    const down = downList(checks);
    const before = this.lastDown;
    this.lastDown = down;
    if (down === before || (down === '' && before === undefined)) return;
    if (down === '') {
      this.logger.log({ msg: `Ready again: PostgreSQL, Redis and the worker answer (${before} recovered)` });
      return;
    }
    const reasons = Object.fromEntries(
      Object.entries(checks)
        .filter(([, check]) => check.status === 'down')
        .map(([name, check]) => [name, check.error ?? 'down']),
    );
    this.logger.warn({ msg: `Not ready: ${down} down`, down: reasons });
  }

  private async checkDatabase(): Promise<{ postgres: CheckResult; worker: CheckResult }> {
    try {
      const rows = await withTimeout(
        readRows<{ age_ms: number | null }>(
          this.dataSource,
          `SELECT (extract(epoch FROM now() - max(beat_at)) * 1000)::float8 AS age_ms FROM stagecraft.worker_heartbeats`,
          [],
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
