// Runs a deployed function for a trigger: hands its module and input to the sandbox pool,
// answers its `ctx` calls (records with the caller's rights, or an admin's when the function
// says so; its granted secrets; fetch to its allowed hosts) and logs the invocation.

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException } from '@stagecraft/core';
import { RecordsService, type RawListQuery } from '@stagecraft/records';
import { SafeHttpClient } from '@stagecraft/webhooks';
import { resolve } from 'node:path';
import { FetchRefused, functionFetch } from './function-fetch.js';
import { FunctionSecretsService } from './function-secrets.service.js';
import type { InvocationView, StoredOutcome, TriggerKind } from './function.types.js';
import type { DeployedFunction } from './functions.repository.js';
import { InvocationLog } from './invocation-log.js';
import type { BridgeError, InvocationResult } from './sandbox/protocol.js';
import { SandboxPool } from './sandbox/sandbox-pool.js';

/** Idle warm isolates each sandbox host keeps. */
const MAX_IDLE_ISOLATES = 64;

export interface TriggerInput {
  readonly trigger: TriggerKind;
  /** HTTP triggers: what the function sees as `ctx.request`. */
  readonly request?: unknown;
  /** Event and before-write triggers: the record event, or the write about to be made. */
  readonly event?: unknown;
  readonly principal: Principal | undefined;
  readonly requestId?: string;
  /** Scheduled runs: `ctx.schedule`. */
  readonly schedule?: unknown;
  /** Event runs: the event's id, which try this is and whether it is the last one allowed. */
  readonly eventId?: string;
  readonly attempt?: number;
  readonly lastAttempt?: boolean;
  /** A shorter wall-time cap than the function's own (before-write hooks). */
  readonly timeoutMs?: number;
  /** Before-write hooks: the collection whose write waits on them, which `ctx.records` may not write. */
  readonly guardedCollection?: string;
}

export interface RunResult extends InvocationResult {
  /** The invocation as logged. */
  readonly invocation: InvocationView;
}

/** Told of every invocation once it is logged (metrics). */
export type InvocationObserver = (invocation: InvocationView) => void;

const WRITES = new Set(['records.create', 'records.update', 'records.delete']);

/** A thrown value from a `ctx` call, as the function sees it. */
export class BridgeRefused extends Error {}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new BridgeRefused(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function asName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new BridgeRefused(`${what} must be a non-empty string`);
  return value;
}

/** List options as the REST API's query string has them: strings. */
function listQuery(value: unknown): RawListQuery {
  const query: Record<string, string> = {};
  for (const [key, option] of Object.entries(asObject(value, 'the list options'))) {
    if (option === undefined || option === null) continue;
    if (typeof option !== 'string' && typeof option !== 'number' && typeof option !== 'boolean') {
      throw new BridgeRefused(`the list option "${key}" must be a string or a number`);
    }
    query[key] = String(option);
  }
  return query;
}

@Injectable()
export class FunctionRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('Functions');
  private readonly pool: SandboxPool;
  private readonly http: SafeHttpClient;
  private readonly observers: InvocationObserver[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly records: RecordsService,
    private readonly secrets: FunctionSecretsService,
    private readonly log: InvocationLog,
  ) {
    this.pool = new SandboxPool({
      entry: resolve(config.functions.sandboxEntry),
      processes: config.functions.sandboxProcesses,
      maxIdleIsolates: MAX_IDLE_ISOLATES,
      nice: config.functions.sandboxNice,
    });
    this.http = new SafeHttpClient({
      timeoutMs: config.functions.fetchTimeoutMs,
      responseMaxBytes: config.functions.fetchMaxBytes,
      allowedNetworks: config.functions.fetchAllowedNetworks,
    });
  }

  observe(observer: InvocationObserver): void {
    this.observers.push(observer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.http.close();
    await this.pool.close();
  }

  /** Runs the function and logs the run; `status` is the HTTP status answered, if any. */
  async run(
    fn: DeployedFunction,
    input: TriggerInput,
    status?: (result: InvocationResult) => number | null,
  ): Promise<RunResult> {
    const limits = this.config.functions;
    const principal = input.principal;
    const caller = principal ? { id: principal.id, kind: principal.kind, role: principal.role } : null;
    const result = await this.pool.invoke({
      versionId: fn.versionId,
      functionName: fn.name,
      code: fn.compiled,
      memoryMb: Math.min(fn.settings.memory_mb, limits.maxMemoryMb),
      timeoutMs: Math.min(fn.settings.timeout_ms, limits.maxTimeoutMs, input.timeoutMs ?? Infinity),
      input: {
        trigger: input.trigger,
        request: input.request,
        event: input.event,
        attempt: input.attempt,
        schedule: input.schedule,
        caller,
        function: { name: fn.name, version: fn.version.number },
      },
      bridge: (op, args) => this.answer(fn, principal, op, args, input.guardedCollection),
      describeError: (error) => this.describe(fn, error),
    });
    const invocation = this.log.record({
      functionId: fn.id,
      version: fn.version.number,
      trigger: input.trigger,
      outcome: result.outcome satisfies StoredOutcome,
      status: status ? status(result) : null,
      // A rejection is logged as the function's error, so the log shows what it said.
      result: result.rejection
        ? { ...result, error: { name: 'Rejection', message: result.rejection.message } }
        : result,
      callerId: principal?.kind === 'user' ? principal.id : null,
      requestId: input.requestId ?? null,
      eventId: input.eventId,
      attempt: input.attempt,
      // An event run is given up after its last try, or at once when it rejects the event.
      deadLettered:
        input.eventId !== undefined &&
        result.outcome !== 'ok' &&
        (input.lastAttempt === true || result.outcome === 'rejected'),
    });
    for (const observer of this.observers) observer(invocation);
    return { ...result, invocation };
  }

  /** The rights `ctx.records` acts with. */
  private recordsPrincipal(fn: DeployedFunction, caller: Principal | undefined): Principal | undefined {
    return fn.settings.run_as_admin ? { kind: 'api_key', id: fn.id, role: 'admin' } : caller;
  }

  private async answer(
    fn: DeployedFunction,
    caller: Principal | undefined,
    op: string,
    args: readonly unknown[],
    guardedCollection: string | undefined,
  ): Promise<unknown> {
    const principal = this.recordsPrincipal(fn, caller);
    // The hook's write holds its collection's hook lock: a write there would wait on itself.
    if (guardedCollection !== undefined && WRITES.has(op) && args[0] === guardedCollection) {
      throw new BridgeRefused(`a before-write hook cannot write to "${guardedCollection}", the collection it guards`);
    }
    switch (op) {
      case 'records.list':
        return this.records.list(principal, asName(args[0], 'the collection'), listQuery(args[1]));
      case 'records.get': {
        const options = asObject(args[2], 'the options');
        return this.records.get(principal, asName(args[0], 'the collection'), asName(args[1], 'the id'), {
          fields: typeof options.fields === 'string' ? options.fields : undefined,
          expand: typeof options.expand === 'string' ? options.expand : undefined,
        });
      }
      case 'records.create':
        return this.records.create(principal, asName(args[0], 'the collection'), args[1]);
      case 'records.update':
        return this.records.update(principal, asName(args[0], 'the collection'), asName(args[1], 'the id'), args[2]);
      case 'records.delete':
        await this.records.delete(principal, asName(args[0], 'the collection'), asName(args[1], 'the id'));
        return null;
      case 'secrets.get': {
        const name = asName(args[0], 'the secret name');
        if (!fn.settings.secrets.includes(name)) {
          throw new BridgeRefused(`this function may not read the secret "${name}" (add it to settings.secrets)`);
        }
        const value = await this.secrets.read(name);
        if (value === undefined) throw new BridgeRefused(`no function secret is named "${name}"`);
        return value;
      }
      case 'fetch':
        return functionFetch(
          this.http,
          asName(args[0], 'the URL'),
          asObject(args[1], 'the fetch options'),
          fn.settings.allowed_hosts,
          this.config.functions.fetchMaxBytes,
        );
      default:
        throw new BridgeRefused(`ctx has no operation "${op}"`);
    }
  }

  private describe(fn: DeployedFunction, error: unknown): BridgeError {
    if (error instanceof AppException) {
      return { message: error.detail, status: error.status, code: error.code, errors: error.options.errors };
    }
    if (error instanceof BridgeRefused || error instanceof FetchRefused) return { message: error.message };
    this.logger.error(`A ctx call of the function "${fn.name}" failed: ${String(error)}`);
    return { message: 'the call failed on the server', status: 500, code: 'INTERNAL_ERROR' };
  }
}
