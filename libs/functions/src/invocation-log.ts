// stagecraft.function_invocations: one row per invocation with its trigger, outcome, timing,
// memory and captured logs, browsable per function; the worker's maintenance job deletes rows
// older than FUNCTIONS_LOG_RETENTION_HOURS.

import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
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
}

export interface InvocationQuery {
  readonly outcome?: StoredOutcome;
  readonly trigger?: TriggerKind;
  readonly limit: number;
  readonly offset: number;
}

interface InvocationRow extends Omit<InvocationView, 'created_at' | 'memory_bytes'> {
  created_at: Date;
  memory_bytes: string;
}

@Injectable()
export class InvocationLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the invocation and answers it as the API shows it. */
  async record(entry: InvocationRecord): Promise<InvocationView> {
    const id = uuidv7();
    const { result } = entry;
    const rows: { created_at: Date }[] = await this.dataSource.query(
      `INSERT INTO stagecraft.function_invocations
         (id, function_id, version_number, trigger, outcome, status, duration_ms, cpu_ms, memory_bytes, cold,
          error, logs, logs_dropped, caller_id, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING created_at`,
      [
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
      ],
    );
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
      created_at: (rows[0]?.created_at ?? new Date()).toISOString(),
    };
  }

  /** Newest first, with the total matching the filters. */
  async list(functionId: string, query: InvocationQuery): Promise<{ data: InvocationView[]; total: number }> {
    const params: unknown[] = [functionId];
    const conditions = ['function_id = $1'];
    if (query.outcome) conditions.push(`outcome = $${params.push(query.outcome)}`);
    if (query.trigger) conditions.push(`trigger = $${params.push(query.trigger)}`);
    const where = conditions.join(' AND ');
    const [rows, counts] = await Promise.all([
      this.dataSource.query<InvocationRow[]>(
        `SELECT id, version_number AS version, trigger, outcome, status, duration_ms, cpu_ms, memory_bytes, cold,
                error, logs, logs_dropped, caller_id, request_id, created_at
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
