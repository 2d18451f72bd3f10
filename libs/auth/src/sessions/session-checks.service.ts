// Remembers, for a few seconds, that a session was found open and its user enabled, so an
// access token does not cost a database query on every request. Revocations evict at once:
// locally, and on every other API process through Redis pub/sub. Should an announcement be
// lost (Redis down), an entry still expires after AUTH_SESSION_CACHE_MS. Realtime listens to
// the same announcements to close the connections of revoked sessions.

import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { createRedis, REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import type { Role } from '../principal.js';

interface CheckedSession {
  readonly userId: string;
  readonly role: Role;
  readonly checkedAt: number;
}

export interface Revocation {
  sessions?: string[];
  users?: string[];
}

const MAX_ENTRIES = 50_000;

@Injectable()
export class SessionChecksService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionChecksService.name);
  private readonly checked = new Map<string, CheckedSession>();
  private subscriber: Redis | undefined;
  private readonly revocationListeners = new Set<(revocation: Revocation) => void>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get channel(): string {
    return `${this.config.redis.prefix}:sessions-revoked`;
  }

  // Subscribed even when nothing is cached: open realtime connections of a revoked session
  // are closed on every process (onRevoked).
  async onModuleInit(): Promise<void> {
    const subscriber = createRedis(this.config.redis, {
      connectionName: 'stagecraft-sessions',
      enableOfflineQueue: true,
    });
    subscriber.on('error', () => undefined);
    // Announcements missed while disconnected cannot be replayed: start afresh on reconnect.
    subscriber.on('ready', () => this.checked.clear());
    subscriber.on('message', (_channel: string, message: string) => this.evict(JSON.parse(message) as Revocation));
    this.subscriber = subscriber;
    await subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn(`Session revocations not shared until Redis answers: ${String(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** The role of a session known open within the cache window, else undefined. */
  recall(sessionId: string, userId: string, now = Date.now()): Role | undefined {
    const entry = this.checked.get(sessionId);
    if (!entry || entry.userId !== userId) return undefined;
    if (now - entry.checkedAt > this.config.auth.sessionCacheMs) {
      this.checked.delete(sessionId);
      return undefined;
    }
    return entry.role;
  }

  remember(sessionId: string, userId: string, role: Role): void {
    if (this.config.auth.sessionCacheMs === 0) return;
    if (this.checked.size >= MAX_ENTRIES) this.checked.delete(this.checked.keys().next().value as string);
    this.checked.set(sessionId, { userId, role, checkedAt: Date.now() });
  }

  /** Forget sessions (or every session of users) here and on every other process. */
  async revoked(revocation: Revocation): Promise<void> {
    this.evict(revocation);
    await this.redis.publish(this.channel, JSON.stringify(revocation)).catch((error: unknown) => {
      this.logger.warn(
        `Revocation not announced (Redis: ${String(error)}); other processes forget it within the cache window`,
      );
    });
  }

  /** Called for every revocation seen by this process (its own and, through Redis, others'). */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  private evict(revocation: Revocation): void {
    for (const listener of this.revocationListeners) listener(revocation);
    for (const sessionId of revocation.sessions ?? []) this.checked.delete(sessionId);
    if (revocation.users?.length) {
      const users = new Set(revocation.users.map((id) => id.toLowerCase()));
      for (const [sessionId, entry] of this.checked) {
        if (users.has(entry.userId.toLowerCase())) this.checked.delete(sessionId);
      }
    }
  }
}
