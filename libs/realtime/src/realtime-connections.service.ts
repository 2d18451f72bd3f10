// Managing an SSE connection by its client id from any API process: its subscriptions and a
// fresh token. The process holding the connection runs the call; any other forwards it there
// (connection-relay.ts), so a load balancer needs no sticky sessions. WebSocket connections are
// managed over their own socket and never need this.

import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import { ConnectionRelay, type CommandResult, type ConnectionCommand } from './connection-relay.js';
import { RealtimeHub } from './realtime-hub.service.js';
import { viewOf, type SubscriptionView } from './subscription.js';

@Injectable()
export class RealtimeConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly relay: ConnectionRelay;

  constructor(
    private readonly hub: RealtimeHub,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.relay = new ConnectionRelay(redis, config.redis, config.redis.prefix, (clientId, principal, command) =>
      this.runHere(clientId, principal, command),
    );
  }

  onModuleInit(): Promise<void> {
    return this.relay.start();
  }

  onApplicationShutdown(): void {
    this.relay.stop();
  }

  /** Adds subscriptions (all or none), as RealtimeHub.subscribe. */
  async subscribe(clientId: string, principal: Principal | undefined, requests: unknown): Promise<SubscriptionView[]> {
    return [...((await this.run(clientId, principal, { op: 'subscribe', requests })) ?? [])];
  }

  async list(clientId: string, principal: Principal | undefined): Promise<SubscriptionView[]> {
    return [...((await this.run(clientId, principal, { op: 'list' })) ?? [])];
  }

  async unsubscribe(clientId: string, principal: Principal | undefined, subscriptionId: string): Promise<void> {
    await this.run(clientId, principal, { op: 'unsubscribe', subscriptionId });
  }

  /** The connection lasts until the new credential expires (it must name the same caller). */
  async renew(
    clientId: string,
    principal: Principal,
    renewed: { readonly principal: Principal; readonly expiresAt?: number },
  ): Promise<void> {
    await this.run(clientId, principal, { op: 'renew', principal: renewed.principal, expiresAt: renewed.expiresAt });
  }

  private async run(
    clientId: string,
    principal: Principal | undefined,
    command: ConnectionCommand,
  ): Promise<CommandResult> {
    const here = await this.runHere(clientId, principal, command);
    return here === undefined ? this.relay.forward(clientId, principal, command) : here.result;
  }

  private async runHere(
    clientId: string,
    principal: Principal | undefined,
    command: ConnectionCommand,
  ): Promise<{ readonly result: CommandResult } | undefined> {
    if (!this.hub.holds(clientId)) return undefined;
    const client = this.hub.find(clientId, principal);
    switch (command.op) {
      case 'subscribe':
        return { result: (await this.hub.subscribe(client, command.requests)).map(viewOf) };
      case 'list':
        return { result: [...client.subscriptions.values()].map(viewOf) };
      case 'unsubscribe':
        this.hub.unsubscribe(client, command.subscriptionId);
        return { result: null };
      case 'renew':
        this.hub.renew(client, command.principal, command.expiresAt);
        return { result: null };
    }
  }
}
