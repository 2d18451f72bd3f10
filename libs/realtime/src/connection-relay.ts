// A realtime connection lives in the API process that accepted it, but the calls that manage an
// SSE connection (its subscriptions, a fresh token) are separate requests, which a load balancer
// without sticky sessions may send to any process. A call for a connection this process does
// not hold is published to every process over Redis; the one holding it runs the call and
// replies with the result or the problem, the others reply that they do not hold it. PUBLISH
// says how many processes listened, so a call for a connection nobody holds is answered (404)
// as soon as each of them has said so.

import { randomUUID } from 'node:crypto';
import type { Principal } from '@stagecraft/auth';
import { AppException, ErrorCode, type FieldError } from '@stagecraft/core';
import { createRedis, type RedisTarget } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import type { SubscriptionView } from './subscription.js';

export type ConnectionCommand =
  | { readonly op: 'subscribe'; readonly requests: unknown }
  | { readonly op: 'list' }
  | { readonly op: 'unsubscribe'; readonly subscriptionId: string }
  | { readonly op: 'renew'; readonly principal: Principal; readonly expiresAt?: number };

/** Runs a command on a connection of this process; undefined when it holds no such connection. */
export type CommandRunner = (
  clientId: string,
  principal: Principal | undefined,
  command: ConnectionCommand,
) => Promise<{ readonly result: CommandResult } | undefined>;

/** What a command answers: the connection's subscriptions, or nothing. */
export type CommandResult = readonly SubscriptionView[] | null;

interface Call {
  readonly id: string;
  readonly from: string;
  readonly clientId: string;
  readonly principal: Principal | null;
  readonly command: ConnectionCommand;
}

interface Problem {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
}

type Reply =
  | { readonly id: string; readonly held: false }
  | { readonly id: string; readonly held: true; readonly result?: CommandResult; readonly problem?: Problem };

interface Pending {
  /** How many processes got the call (known once PUBLISH answers). */
  listeners?: number;
  /** How many said they do not hold the connection. */
  notHeld: number;
  finish(reply: Reply | undefined): void;
}

/** Long enough for a busy process to answer; a process that died meanwhile is not waited for. */
const REPLY_TIMEOUT_MS = 3000;

export class ConnectionRelay {
  private readonly instance = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private subscriber: Redis | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly target: RedisTarget,
    private readonly prefix: string,
    private readonly runHere: CommandRunner,
  ) {}

  private get callChannel(): string {
    return `${this.prefix}:realtime:calls`;
  }

  private replyChannel(instance: string): string {
    return `${this.prefix}:realtime:replies:${instance}`;
  }

  async start(): Promise<void> {
    const subscriber = createRedis(this.target, {
      connectionName: 'stagecraft-realtime-relay',
      enableOfflineQueue: true,
    });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.callChannel) void this.answer(JSON.parse(message) as Call);
      else this.settle(JSON.parse(message) as Reply);
    });
    this.subscriber = subscriber;
    await subscriber.subscribe(this.callChannel, this.replyChannel(this.instance));
  }

  stop(): void {
    this.subscriber?.disconnect();
    for (const pending of [...this.pending.values()]) pending.finish(undefined);
  }

  /** Runs the command where the connection is; a 404 when no process holds it (for this caller). */
  async forward(
    clientId: string,
    principal: Principal | undefined,
    command: ConnectionCommand,
  ): Promise<CommandResult> {
    const call: Call = { id: randomUUID(), from: this.instance, clientId, principal: principal ?? null, command };
    const reply = await new Promise<Reply | 'unreachable' | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), REPLY_TIMEOUT_MS);
      const finish = (answer: Reply | 'unreachable' | undefined): void => {
        clearTimeout(timer);
        this.pending.delete(call.id);
        resolve(answer);
      };
      const pending: Pending = { notHeld: 0, finish };
      this.pending.set(call.id, pending);
      this.publisher.publish(this.callChannel, JSON.stringify(call)).then(
        (listeners) => {
          pending.listeners = listeners;
          if (pending.notHeld >= listeners) finish(undefined);
        },
        () => finish('unreachable'),
      );
    });
    if (reply === 'unreachable') {
      throw new AppException(
        ErrorCode.ServiceUnavailable,
        'The realtime connection is held by another API process, which cannot be reached while Redis is away; retry shortly.',
      );
    }
    if (!reply?.held) throw new AppException(ErrorCode.NotFound, `No realtime connection ${clientId} of yours.`);
    if (reply.problem) {
      throw new AppException(reply.problem.code, reply.problem.detail, { errors: reply.problem.errors });
    }
    return reply.result ?? null;
  }

  private async answer(call: Call): Promise<void> {
    let reply: Reply;
    try {
      const outcome =
        call.from === this.instance
          ? undefined
          : await this.runHere(call.clientId, call.principal ?? undefined, call.command);
      reply = outcome ? { id: call.id, held: true, result: outcome.result } : { id: call.id, held: false };
    } catch (error) {
      const problem: Problem =
        error instanceof AppException
          ? { code: error.code, detail: error.detail, errors: error.options.errors }
          : { code: ErrorCode.Internal, detail: 'The realtime connection could not be changed.' };
      reply = { id: call.id, held: true, problem };
    }
    await this.publisher.publish(this.replyChannel(call.from), JSON.stringify(reply)).catch(() => undefined);
  }

  /** The holder's reply settles the call; otherwise it ends once every listener said no. */
  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.held) return pending.finish(reply);
    pending.notHeld += 1;
    if (pending.listeners !== undefined && pending.notHeld >= pending.listeners) pending.finish(reply);
  }
}
