// stagecraft.function_invocations: one row per invocation with its trigger, outcome, timing,
// memory and captured logs, written in batches and browsable per function; the worker's
// maintenance job deletes rows older than FUNCTIONS_LOG_RETENTION_HOURS.

import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { uuidV7 } from '@stagecraft/core';
import { DataSource } from 'typeorm';
import type { InvocationView, StoredOutcome, TriggerKind } from './function.types.js';
import type { InvocationResult } from './sandbox/protocol.js';

export interface InvocationRecord {
  readonly functionId: string;
  readonly version: number;
  readonly trigger: TriggerKind;
  readonly outcome: StoredOutcome;
  readonly status: number | null;
  readonly result: Pick<
    InvocationResult,
    'durationMs' | 'cpuMs' | 'memoryBytes' | 'cold' | 'error' | 'logs' | 'logsDropped'
  >;
  readonly callerId: string | null;
  readonly requestId: string | null;
  /** Event runs: the event, the try (from 1) and whether it was the last one allowed. */
  readonly eventId?: string;
  readonly attempt?: number;
  readonly deadLettered?: boolean;
}

export interface InvocationQuery {
  readonly outcome?: StoredOutcome;
  readonly trigger?: TriggerKind;
  readonly deadLettered?: boolean;
  readonly limit: number;
  readonly offset: number;
}

interface InvocationRow extends Omit<InvocationView, 'created_at' | 'memory_bytes'> {
  created_at: Date;
  memory_bytes: string;
}

/** Rows written per INSERT at most (19 parameters each, far under PostgreSQL's 65,535). */
const BATCH_MAX = 500;
/** How long a logged invocation may wait for its batch. */
const FLUSH_AFTER_MS = 50;
const INSERTED =
  'id, function_id, version_number, trigger, outcome, status, duration_ms, cpu_ms, memory_bytes, cold, ' +
  'error, logs, logs_dropped, caller_id, request_id, event_id, attempt, dead_lettered, created_at';
/** The column types, in INSERTED's order: VALUES rows are typed by their casts. */
const CASTS = [
  'uuid',
  'uuid',
  'integer',
  'text',
  'text',
  'integer',
  'real',
  'real',
  'bigint',
  'boolean',
  'jsonb',
  'jsonb',
  'integer',
  'uuid',
  'text',
  'uuid',
  'integer',
  'boolean',
  'timestamptz',
] as const;

function rowValues(entry: InvocationRecord, id: string, at: Date): unknown[] {
  const { result } = entry;
  return [
    id,
    entry.functionId,
    entry.version,
    entry.trigger,
    entry.outcome,
    entry.status,
    result.durationMs,
    result.cpuMs,
    result.memoryBytes,
    result.cold,
    result.error ? JSON.stringify(result.error) : null,
    JSON.stringify(result.logs),
    result.logsDropped,
    entry.callerId,
    entry.requestId,
    entry.eventId ?? null,
    entry.attempt ?? null,
    entry.deadLettered ?? false,
    at,
  ];
}

/**
 * Invocations are written in batches, off the invocation's path: a warm call takes a few
 * milliseconds, and a commit per call would double that. A batch commits without waiting for
 * its WAL flush (synchronous_commit off): a crash can lose the last moments of log, never data.
 * Reads of this process flush first, so what it just ran is listed.
 */
@Injectable()
export class InvocationLog implements OnApplicationShutdown {
  private readonly logger = new Logger('Functions');
  private pending: unknown[][] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** Queues the invocation for the log and answers it as the API shows it. */
  record(entry: InvocationRecord): InvocationView {
    const id = uuidV7();
    const at = new Date();
    this.pending.push(rowValues(entry, id, at));
    if (this.pending.length >= BATCH_MAX) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
    const { result } = entry;
    return {
      id,
      version: entry.version,
      trigger: entry.trigger,
      outcome: entry.outcome,
      status: entry.status,
      duration_ms: result.durationMs,
      cpu_ms: result.cpuMs,
      memory_bytes: result.memoryBytes,
      cold: result.cold,
      error: result.error ?? null,
      logs: result.logs,
      logs_dropped: result.logsDropped,
      caller_id: entry.callerId,
      request_id: entry.requestId,
      event_id: entry.eventId ?? null,
      attempt: entry.attempt ?? null,
      dead_lettered: entry.deadLettered ?? false,
      created_at: at.toISOString(),
    };
  }

  /** Writes what is queued; resolves once everything queued before the call is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    this.pending = [];
    // One batch at a time, in order.
    this.flushing = this.flushing.then(() => this.write(rows));
    return this.flushing;
  }

  private async write(rows: unknown[][]): Promise<void> {
    for (let start = 0; start < rows.length; start += BATCH_MAX) {
      const batch = rows.slice(start, start + BATCH_MAX);
      const placeholders = batch
        .map((_, row) => `(${CASTS.map((cast, column) => `$${row * CASTS.length + column + 1}::${cast}`).join(', ')})`)
        .join(', ');
      try {
        await this.dataSource.transaction(async (db) => {
          await db.query('SET LOCAL synchronous_commit TO OFF');
          // A function deleted meanwhile (here or on another instance) takes its rows along.
          await db.query(
            `INSERT INTO stagecraft.function_invocations (${INSERTED})
             SELECT v.* FROM (VALUES ${placeholders}) AS v (${INSERTED})
              WHERE EXISTS (SELECT 1 FROM stagecraft.functions f WHERE f.id = v.function_id)`,
            batch.flat(),
          );
        });
      } catch (error) {
        // The log is for looking back; a database away now must not fail the calls themselves.
        this.logger.warn(`${batch.length} function invocation(s) could not be logged: ${String(error)}`);
      }
    }
  }

  /** Newest first, with the total matching the filters. */
  async list(functionId: string, query: InvocationQuery): Promise<{ data: InvocationView[]; total: number }> {
    await this.flush();
    const params: unknown[] = [functionId];
    const conditions = ['function_id = $1'];
    if (query.outcome) conditions.push(`outcome = $${params.push(query.outcome)}`);
    if (query.trigger) conditions.push(`trigger = $${params.push(query.trigger)}`);
    if (query.deadLettered !== undefined) conditions.push(`dead_lettered = $${params.push(query.deadLettered)}`);
    const where = conditions.join(' AND ');
    const [rows, counts] = await Promise.all([
      this.dataSource.query<InvocationRow[]>(
        `SELECT id, version_number AS version, trigger, outcome, status, duration_ms, cpu_ms, memory_bytes, cold,
                error, logs, logs_dropped, caller_id, request_id, event_id, attempt, dead_lettered, created_at
           FROM stagecraft.function_invocations WHERE ${where}
          ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.limit, query.offset],
      ),
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM stagecraft.function_invocations WHERE ${where}`,
        params,
      ),
    ]);
    return {
      data: rows.map((row) => ({
        ...row,
        memory_bytes: Number(row.memory_bytes),
        created_at: row.created_at.toISOString(),
      })),
      total: counts[0]?.total ?? 0,
    };
  }
}
