// This process's cache of deployed functions by name, so a call does not read the function and
// its module from PostgreSQL every time. A deploy, change or delete through any instance
// announces the name on Redis and every instance drops its entry at once; entries also expire
// after ENTRY_TTL_MS, the bound on staleness should an announcement be lost (and all are dropped
// when the subscriber reconnects, since announcements sent meanwhile are lost).

import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { createRedis, REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import { FunctionsRepository, type DeployedFunction } from './functions.repository.js';

const ENTRY_TTL_MS = 5000;

interface Entry {
  readonly fn: DeployedFunction | undefined;
  readonly loadedAt: number;
}

@Injectable()
export class DeployedFunctions implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Functions');
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every change announced: a load that started before one is not kept. */
  private generation = 0;
  private subscriber: Redis | undefined;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly repository: FunctionsRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get channel(): string {
    return `${this.config.redis.prefix}:functions-changed`;
  }

  async onModuleInit(): Promise<void> {
    const subscriber = createRedis(this.config.redis, {
      connectionName: 'stagecraft-functions',
      enableOfflineQueue: true,
    });
    subscriber.on('error', () => undefined);
    subscriber.on('ready', () => this.forgetAll());
    subscriber.on('message', (_channel: string, name: string) => this.forget(name));
    this.subscriber = subscriber;
    await subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn(`Function change announcements unavailable until Redis answers: ${String(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits in the offline queue while Redis is away: then just drop the connection.
    if (this.subscriber?.status === 'ready') await this.subscriber.quit().catch(() => this.subscriber?.disconnect());
    else this.subscriber?.disconnect();
  }

  async find(name: string): Promise<DeployedFunction | undefined> {
    const entry = this.entries.get(name);
    if (entry && Date.now() - entry.loadedAt < ENTRY_TTL_MS) return entry.fn;
    const generation = this.generation;
    const loadedAt = Date.now();
    const fn = await this.repository.findByName(name);
    if (generation === this.generation) this.entries.set(name, { fn, loadedAt });
    return fn;
  }

  /** Told of every change here or announced, and of announcements possibly missed. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** After a change committed: dropped here at once, and announced to the other instances. */
  async changed(name: string): Promise<void> {
    this.forget(name);
    await this.redis.publish(this.channel, name).catch((error: unknown) => {
      this.logger.warn(`Could not announce the change of function "${name}": ${String(error)}`);
    });
  }

  private forget(name: string): void {
    this.generation += 1;
    this.entries.delete(name);
    for (const listener of this.listeners) listener();
  }

  private forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
    for (const listener of this.listeners) listener();
  }
}
