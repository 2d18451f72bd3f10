// This process's cached schema. A change made by any process bumps the schema version and
// is announced on Redis pub/sub; on the announcement (or after a lost Redis connection, when
// announcements may have been missed) the cache is marked stale and the next reader reloads
// it before serving, so no request runs on metadata older than the last announcement.

import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { createRedis, REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import type { CollectionDefinition } from '@stagecraft/schema';
import { DataSource } from 'typeorm';
import { loadCollections, readSchemaVersion } from './metadata.repository.js';
import { createSnapshot, type SchemaSnapshot } from './schema-snapshot.js';

@Injectable()
export class SchemaCacheService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SchemaCacheService.name);
  private snapshot: SchemaSnapshot | undefined;
  private loading: Promise<SchemaSnapshot> | undefined;
  private stale = true;
  private subscriber: Redis | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get channel(): string {
    return `${this.config.redis.prefix}:schema-changed`;
  }

  async onModuleInit(): Promise<void> {
    const subscriber = createRedis(this.config.redis, {
      connectionName: 'stagecraft-schema-cache',
      enableOfflineQueue: true,
    });
    subscriber.on('error', () => undefined);
    // Announcements sent while disconnected are lost: reload after every (re)connection.
    subscriber.on('ready', () => this.markStale());
    subscriber.on('message', (_channel: string, message: string) => {
      if (!this.snapshot || Number(message) !== this.snapshot.version) this.markStale();
    });
    this.subscriber = subscriber;
    await subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn(`Schema announcements unavailable until Redis answers: ${String(error)}`);
    });
    await this.current();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /**
   * The snapshot held, when it is current (no change announced since it loaded, no reload
   * under way): what `current()` would resolve to at once. For the hot path, which then takes
   * no promise; undefined means calling `current()`.
   */
  currentIfHeld(): SchemaSnapshot | undefined {
    return this.stale || this.loading ? undefined : this.snapshot;
  }

  /** The current snapshot; reloads first when a change was announced since the last load. */
  current(): Promise<SchemaSnapshot> {
    if (this.loading) {
      // A reader during a reload waits for it: `stale` is already cleared, but the snapshot
      // held is the old one. And a reload that started before the latest change may bring old
      // metadata: after it, look again (stale is set anew by a change made meanwhile).
      return this.loading.then(() => this.current());
    }
    if (!this.stale && this.snapshot) return Promise.resolve(this.snapshot);
    this.loading = this.reload().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * A collection by name. A miss may mean the announcement of its creation is still in
   * flight, so a miss compares the stored version (one small query) and reloads if behind.
   */
  async find(name: string): Promise<CollectionDefinition | undefined> {
    const snapshot = await this.current();
    const found = snapshot.byName.get(name);
    if (found) return found;
    const stored = await readSchemaVersion(this.dataSource);
    if (stored === snapshot.version) return undefined;
    this.markStale();
    return (await this.current()).byName.get(name);
  }

  /**
   * The snapshot of at least `version` (read from the database by the caller, say under the
   * schema lock): the cached one when it is that recent, else a reload.
   */
  async atVersion(version: number): Promise<SchemaSnapshot> {
    const snapshot = await this.current();
    if (snapshot.version >= version) return snapshot;
    this.markStale();
    return this.current();
  }

  /** The version of the snapshot held now (0 before the first load), without waiting for a reload. */
  heldVersion(): number {
    return this.snapshot?.version ?? 0;
  }

  /**
   * Whether a schema change committed after `version`; the cache then holds it. For a query
   * that failed on a column or table its snapshot named: a rename or drop committed under it.
   */
  async changedSince(version: number): Promise<boolean> {
    const stored = await readSchemaVersion(this.dataSource);
    if (stored <= version) return false;
    await this.atVersion(stored);
    return true;
  }

  /** Called by the process that made a change, after its commit. */
  async changed(version: number): Promise<void> {
    this.markStale();
    await this.redis.publish(this.channel, String(version)).catch((error: unknown) => {
      this.logger.warn(
        `Schema change ${version} not announced (Redis: ${String(error)}); other instances reload on reconnect`,
      );
    });
  }

  private markStale(): void {
    this.stale = true;
  }

  private async reload(): Promise<SchemaSnapshot> {
    // Cleared before reading, so an announcement arriving during the read triggers another.
    this.stale = false;
    try {
      const snapshot = await this.dataSource.transaction('REPEATABLE READ', async (manager) =>
        createSnapshot(await readSchemaVersion(manager), await loadCollections(manager)),
      );
      this.snapshot = snapshot;
      return snapshot;
    } catch (error) {
      this.stale = true;
      throw error;
    }
  }
}
