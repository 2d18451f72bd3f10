// The subscription engine of one API process. It follows the realtime feed (FeedReader),
// matches each batch against the subscriptions of its connections (event-matcher), and hands
// messages to the connections' transports. Work is serialised: feed batches and resumes run
// one after the other, so a client catching up and the live feed never interleave or overlap.

import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SessionChecksService, type Principal, type Revocation } from '@stagecraft/auth';
import { SchemaCacheService } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import type { FeedItem } from '@stagecraft/events';
import { compiledSchemaFor, type CompiledSchema } from '@stagecraft/records';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { matchChanges, type MatchedChange, type Subscriber } from './event-matcher.js';
import { FeedReader, readFeedHead, readFeedItems } from './feed-reader.js';
import { RealtimeClient, type RealtimeTransport } from './realtime-client.js';
import { credentialKey, currentRoles } from './credential-check.js';
import { checkResume } from './resume-window.js';
import { parseSubscription, type Subscription } from './subscription.js';

export interface ConnectRequest {
  readonly principal: Principal | undefined;
  /** When the caller's access token expires (ms); undefined for API keys and anonymous callers. */
  readonly expiresAt: number | undefined;
  readonly address: string;
  readonly transport: RealtimeTransport;
  /** The position of the last event the client received before reconnecting. */
  readonly resumeFrom?: number;
}

/** What a refused connection's Retry-After says: limits free up when a connection closes. */
const LIMIT_RETRY_SECONDS = 5;

export interface RealtimeStats {
  readonly connections: number;
  readonly subscriptions: number;
  readonly delivered: number;
  readonly dropped: number;
}

@Injectable()
export class RealtimeHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RealtimeHub.name);
  private readonly clients = new Map<string, RealtimeClient>();
  private readonly perOwner = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();
  private readonly feed: FeedReader;
  private work: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopRevocations: (() => void) | undefined;
  private delivered = 0;
  private dropped = 0;
  /** Set by metrics: seconds from a change's commit to its delivery. */
  onDelivery: ((seconds: number) => void) | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly cache: SchemaCacheService,
    private readonly sessions: SessionChecksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.feed = new FeedReader(db, config.redis, config.redis.prefix, (items) => this.enqueue(() => this.live(items)));
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
    this.heartbeat = setInterval(() => this.beat(), this.config.realtime.heartbeatSeconds * 1000);
    this.stopRevocations = this.sessions.onRevoked((revocation) => this.revoke(revocation));
  }

  /**
   * Connections end with a hint to reconnect (to another process) before the HTTP server waits
   * for them to close and before the database pool closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    this.stopRevocations?.();
    // No new batches; the one being sent finishes, then every connection gets the hint.
    await this.feed.stop();
    await this.work;
    for (const client of [...this.clients.values()])
      this.end(client, 'shutdown', 'The server is restarting; reconnect.');
  }

  stats(): RealtimeStats {
    let subscriptions = 0;
    for (const client of this.clients.values()) subscriptions += client.subscriptions.size;
    return { connections: this.clients.size, subscriptions, delivered: this.delivered, dropped: this.dropped };
  }

  /** Throws the 429 a new connection of this caller from this address would get. */
  admit(principal: Principal | undefined, address: string): void {
    const { maxConnectionsPerUser, maxConnectionsPerIp } = this.config.realtime;
    const owner = principal ? `${principal.kind}:${principal.id}` : undefined;
    const refuse = (detail: string): AppException =>
      new AppException(ErrorCode.RateLimited, detail, { headers: { 'Retry-After': String(LIMIT_RETRY_SECONDS) } });
    if (owner !== undefined && (this.perOwner.get(owner) ?? 0) >= maxConnectionsPerUser) {
      throw refuse(`At most ${maxConnectionsPerUser} realtime connections per user; close one first.`);
    }
    if ((this.perAddress.get(address) ?? 0) >= maxConnectionsPerIp) {
      throw refuse(`At most ${maxConnectionsPerIp} realtime connections per address; close one first.`);
    }
  }

  /** A new connection, within the per-user and per-address limits (else 429). */
  connect(request: ConnectRequest): RealtimeClient {
    this.admit(request.principal, request.address);
    const owner = request.principal ? `${request.principal.kind}:${request.principal.id}` : undefined;
    const resuming = request.resumeFrom !== undefined;
    const client = new RealtimeClient(randomUUID(), request.principal, request.address, request.transport, {
      position: request.resumeFrom ?? this.feed.head,
      resuming,
    });
    this.clients.set(client.id, client);
    if (owner !== undefined) this.perOwner.set(owner, (this.perOwner.get(owner) ?? 0) + 1);
    this.perAddress.set(request.address, (this.perAddress.get(request.address) ?? 0) + 1);
    client.send({ type: 'connect', position: client.position, clientId: client.id });
    client.expireAt(request.expiresAt, () =>
      this.end(client, 'token_expired', 'The access token expired; reconnect with a new one.'),
    );
    return client;
  }

  /** The transport closed (the client went away). */
  disconnect(client: RealtimeClient): void {
    if (!this.clients.delete(client.id)) return;
    client.closed = true;
    client.expireAt(undefined, () => undefined);
    const owner = client.ownerKey;
    if (owner !== undefined) decrement(this.perOwner, owner);
    decrement(this.perAddress, client.address);
  }

  /** Whether this process holds the connection (whoever opened it). */
  holds(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  /** The connection `clientId`, if `principal` is the one that opened it. */
  find(clientId: string, principal: Principal | undefined): RealtimeClient {
    const client = this.clients.get(clientId);
    const same =
      client !== undefined && client.principal?.kind === principal?.kind && client.principal?.id === principal?.id;
    if (!client || !same) throw new AppException(ErrorCode.NotFound, `No realtime connection ${clientId} of yours.`);
    return client;
  }

  /**
   * Adds subscriptions (all or none: one bad one is a 400 naming it). The first subscriptions of
   * a resuming client replay what it missed before the live feed continues.
   */
  async subscribe(client: RealtimeClient, requests: unknown): Promise<Subscription[]> {
    if (!Array.isArray(requests) || requests.length === 0) {
      throw new AppException(ErrorCode.ValidationFailed, 'Send a list of at least one subscription.', {
        errors: [
          {
            field: 'subscriptions',
            code: 'required',
            message: fieldSentence('subscriptions', 'must be a list of at least one subscription'),
          },
        ],
      });
    }
    const max = this.config.realtime.maxSubscriptions;
    if (client.subscriptions.size + requests.length > max) {
      throw new AppException(ErrorCode.ValidationFailed, `At most ${max} subscriptions per connection.`, {
        errors: [
          { field: 'subscriptions', code: 'too_many', message: `A connection holds at most ${max} subscriptions.` },
        ],
      });
    }
    // A collection created a moment ago on another process may be new to this one's cache.
    for (const request of requests as unknown[]) {
      const topic =
        typeof request === 'object' && request !== null ? (request as { topic?: unknown }).topic : undefined;
      if (typeof topic === 'string') await this.cache.find(topic.split('/')[0] ?? '');
    }
    const schema = await this.schema();
    const added = requests.map((request: unknown, index) =>
      parseSubscription(
        request,
        schema,
        client.principal,
        `s${client.subscriptions.size + index + 1}`,
        `subscriptions[${index}]`,
      ),
    );
    const ids = new Set(added.map((subscription) => subscription.id));
    if (ids.size < added.length || added.some((subscription) => client.subscriptions.has(subscription.id))) {
      throw new AppException(ErrorCode.Conflict, 'A subscription with this id already exists on the connection.');
    }
    for (const subscription of added) client.subscriptions.set(subscription.id, subscription);
    if (client.state === 'resuming') void this.enqueue(() => this.resume(client));
    return added;
  }

  unsubscribe(client: RealtimeClient, subscriptionId: string): void {
    if (!client.subscriptions.delete(subscriptionId)) {
      throw new AppException(ErrorCode.NotFound, `No subscription ${subscriptionId} on this connection.`);
    }
  }

  /** A new credential for an open connection: it must name the same caller (else 403). */
  renew(client: RealtimeClient, principal: Principal, expiresAt: number | undefined): void {
    if (client.principal?.kind !== principal.kind || client.principal.id !== principal.id) {
      throw new AppException(ErrorCode.Forbidden, 'The new credential names another caller than the connection.');
    }
    client.principal = principal;
    client.expireAt(expiresAt, () =>
      this.end(client, 'token_expired', 'The access token expired; reconnect with a new one.'),
    );
  }

  /** Closes a connection from the server side. */
  end(client: RealtimeClient, reason: Parameters<RealtimeClient['close']>[0], detail: string): void {
    client.close(reason, detail);
    this.disconnect(client);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.work = this.work.then(task).catch((error: unknown) => {
      this.logger.error(`Realtime delivery failed: ${String(error)}`);
    });
    return this.work;
  }

  private async schema(): Promise<CompiledSchema> {
    return compiledSchemaFor(await this.cache.current());
  }

  /** A feed batch for every live client, from where each one is (a resumed client may be ahead). */
  private async live(items: readonly FeedItem[]): Promise<void> {
    const last = items.at(-1)?.position;
    if (last === undefined) return;
    const byStart = new Map<number, RealtimeClient[]>();
    for (const client of this.clients.values()) {
      if (client.state !== 'live' || client.position >= last) continue;
      const group = byStart.get(client.position);
      if (group) group.push(client);
      else byStart.set(client.position, [client]);
    }
    for (const [start, clients] of byStart) {
      await this.deliver(
        items.filter((item) => item.position > start),
        clients,
      );
      for (const client of clients) client.position = last;
    }
  }

  /** Replays what a reconnecting client missed, or tells it to start over when that is too old. */
  private async resume(client: RealtimeClient): Promise<void> {
    if (client.closed || client.state !== 'resuming') return;
    const head = this.feed.head;
    // Another process may have sent the client events this one has not read yet: it waits.
    const verdict =
      client.position > head
        ? await this.aheadOfThisProcess(client.position)
        : await checkResume(this.db, client.position, head, this.config.realtime);
    if (verdict !== 'ok') {
      client.position = head;
      client.state = 'live';
      client.send({ type: 'reset', position: head, reason: verdict });
      return;
    }
    while (client.position < head && !this.isClosed(client)) {
      const items = await readFeedItems(this.db, client.position, head);
      const last = items.at(-1);
      if (last === undefined) break;
      await this.deliver(items, [client]);
      client.position = last.position;
    }
    client.state = 'live';
  }

  /** Read through a method: the client may close while a replay awaits. */
  private isClosed(client: RealtimeClient): boolean {
    return client.closed;
  }

  private async aheadOfThisProcess(position: number): Promise<'ok' | 'unknown_position'> {
    return position <= (await readFeedHead(this.db)) ? 'ok' : 'unknown_position';
  }

  /** Matches `items` against the clients' subscriptions and sends what each may see, in order. */
  private async deliver(items: readonly FeedItem[], clients: readonly RealtimeClient[]): Promise<void> {
    const byCollection = new Map<string, Subscriber<RealtimeClient>[]>();
    for (const client of clients) {
      for (const subscription of client.subscriptions.values()) {
        const list = byCollection.get(subscription.collectionId);
        const subscriber = { owner: client, principal: client.principal, subscription };
        if (list) list.push(subscriber);
        else byCollection.set(subscription.collectionId, [subscriber]);
      }
    }
    if (byCollection.size === 0) return;
    const positions = new Map<string, number[]>();
    for (const item of items) {
      if (item.collectionId === null || !byCollection.has(item.collectionId)) continue;
      const list = positions.get(item.collectionId);
      if (list) list.push(item.position);
      else positions.set(item.collectionId, [item.position]);
    }
    if (positions.size === 0) return;

    const schema = await this.schema();
    const changes: MatchedChange<RealtimeClient>[] = [];
    await Promise.all(
      [...positions].map(async ([collectionId, collectionPositions]) => {
        const collection = [...schema.collections.values()].find((item) => item.definition.id === collectionId);
        if (!collection) return;
        const result = await matchChanges(
          this.db,
          schema,
          collection,
          collectionPositions,
          byCollection.get(collectionId) ?? [],
        );
        changes.push(...result.changes);
        for (const { subscriber, reason } of result.dropped) {
          const { owner: client, subscription } = subscriber;
          if (client.subscriptions.delete(subscription.id)) {
            client.send({ type: 'unsubscribed', subscription: subscription.id, reason });
          }
        }
      }),
    );
    changes.sort((a, b) => a.position - b.position);
    const now = Date.now();
    for (const change of changes) this.send(change, now);
  }

  private send(change: MatchedChange<RealtimeClient>, now: number): void {
    const { owner: client, subscription } = change.subscriber;
    if (client.closed) return;
    client.send({
      type: 'change',
      position: change.position,
      subscription: subscription.id,
      topic: subscription.topic,
      action: change.action,
      id: change.recordId,
      ...(change.record ? { record: change.record } : {}),
    });
    this.delivered += 1;
    this.onDelivery?.((now - change.committedAt.getTime()) / 1000);
    if (client.transport.bufferedBytes() > this.config.realtime.maxBufferBytes) {
      this.dropped += 1;
      this.end(client, 'slow_consumer', 'The connection fell too far behind; reconnect to resume.');
    }
  }

  /** Heartbeats also carry the position, so a reconnect resumes from here even after a quiet spell. */
  private beat(): void {
    for (const client of this.clients.values()) client.send({ type: 'heartbeat', position: client.position });
    void this.recheck([...this.clients.values()]);
  }

  /** Connections of the sessions or users named: checked again, closed if no longer valid. */
  private revoke(revocation: Revocation): void {
    const sessions = new Set(revocation.sessions ?? []);
    const users = new Set((revocation.users ?? []).map((id) => id.toLowerCase()));
    const named = [...this.clients.values()].filter((client) => {
      const principal = client.principal;
      if (principal?.kind !== 'user') return false;
      return (
        (principal.sessionId !== undefined && sessions.has(principal.sessionId)) ||
        users.has(principal.id.toLowerCase())
      );
    });
    void this.recheck(named);
  }

  /** Closes connections whose credential is no longer valid; follows role changes of the others. */
  private async recheck(clients: readonly RealtimeClient[]): Promise<void> {
    const signedIn = clients.filter((client) => client.principal !== undefined);
    if (signedIn.length === 0) return;
    let roles: Map<string, Principal['role']>;
    try {
      roles = await currentRoles(
        this.db,
        signedIn.map((client) => client.principal as Principal),
      );
    } catch (error) {
      this.logger.warn(`Realtime credentials not re-checked: ${String(error)}`);
      return;
    }
    for (const client of signedIn) {
      const principal = client.principal as Principal;
      const role = roles.get(credentialKey(principal));
      if (role === undefined) this.end(client, 'session_revoked', 'The session or API key is no longer valid.');
      else if (role !== principal.role) client.principal = { ...principal, role };
    }
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const count = (counts.get(key) ?? 0) - 1;
  if (count <= 0) counts.delete(key);
  else counts.set(key, count);
}
