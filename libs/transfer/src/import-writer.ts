// Writes validated rows batch by batch on one connection. all_or_nothing: one transaction for
// the whole file. skip_invalid: one transaction per batch. Either way a batch the database
// refuses (a unique or foreign-key violation) is retried row by row under savepoints, so
// only the offending rows are refused, each with the field at fault.

import { actorLabel } from '@stagecraft/auth';
import { AppException } from '@stagecraft/core';
import { translateDatabaseError, type CompiledCollection } from '@stagecraft/records';
import type { QueryRunner } from 'typeorm';
import { batchInsert, columnPlans, linkInserts, type ColumnPlan, type PreparedRow } from './batch-insert.js';
import type { ImportTally } from './import-tally.js';
import type { ImportMode, JobActor, RowError } from './transfer-job.js';

export interface WriterOptions {
  readonly mode: ImportMode;
  readonly emit_events: boolean;
  readonly actor: JobActor;
}

export class ImportWriter {
  private readonly plans: ColumnPlan[];
  private readonly createdBy: string | null;
  private open = false;

  constructor(
    private readonly runner: QueryRunner,
    private readonly collection: CompiledCollection,
    private readonly options: WriterOptions,
    private readonly tally: ImportTally,
    /** Called after each commit, saying whether its rows emitted events (to wake the outbox relay). */
    private readonly onCommitted: (emittedEvents: boolean) => void = () => undefined,
  ) {
    this.plans = columnPlans(collection);
    this.createdBy = options.actor.kind === 'user' ? options.actor.id : null;
  }

  /** all_or_nothing opens its one transaction here. */
  async start(): Promise<void> {
    if (this.options.mode === 'all_or_nothing') await this.begin();
  }

  async write(rows: readonly PreparedRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.options.mode === 'all_or_nothing') return this.insertBatch(rows);
    await this.begin();
    await this.insertBatch(rows);
    await this.end(true);
  }

  /** all_or_nothing: commits when every row was valid, else rolls everything back. */
  async finish(commit: boolean): Promise<void> {
    if (this.open) await this.end(commit);
  }

  /** After an unexpected failure: leave no transaction open on the connection. */
  async abort(): Promise<void> {
    if (this.open) await this.end(false).catch(() => undefined);
  }

  private async begin(): Promise<void> {
    await this.runner.query('BEGIN');
    this.open = true;
    // The outbox trigger stays silent unless events were asked for; then they name the importer.
    await this.runner.query(
      `SELECT set_config('stagecraft.events', $1, true), set_config('stagecraft.actor', $2, true)`,
      [this.options.emit_events ? 'on' : 'off', actorLabel(this.options.actor)],
    );
  }

  private async end(commit: boolean): Promise<void> {
    this.open = false;
    await this.runner.query(commit ? 'COMMIT' : 'ROLLBACK');
    if (commit) this.onCommitted(this.options.emit_events);
  }

  private async insertBatch(rows: readonly PreparedRow[]): Promise<void> {
    await this.runner.query('SAVEPOINT import_batch');
    try {
      await this.insert(rows);
      await this.runner.query('RELEASE SAVEPOINT import_batch');
      this.tally.inserted += rows.length;
      return;
    } catch (error) {
      if (this.refusal(error) === undefined) throw error;
      await this.runner.query('ROLLBACK TO SAVEPOINT import_batch');
    }
    for (const row of rows) await this.insertOne(row);
  }

  private async insertOne(row: PreparedRow): Promise<void> {
    await this.runner.query('SAVEPOINT import_row');
    try {
      await this.insert([row]);
      await this.runner.query('RELEASE SAVEPOINT import_row');
      this.tally.inserted += 1;
    } catch (error) {
      const refusal = this.refusal(error);
      if (refusal === undefined) throw error;
      await this.runner.query('ROLLBACK TO SAVEPOINT import_row');
      this.tally.refuse(rowErrors(row.row, refusal));
    }
  }

  private async insert(rows: readonly PreparedRow[]): Promise<void> {
    const statement = batchInsert(this.collection, this.plans, rows, this.createdBy);
    await this.runner.query(statement.sql, statement.params);
    for (const links of linkInserts(this.collection, rows)) await this.runner.query(links.sql, links.params);
  }

  /** The problem a database refusal of the data stands for; undefined for anything else (a real failure). */
  private refusal(error: unknown): AppException | undefined {
    const translated = translateDatabaseError(error, this.collection);
    return translated instanceof AppException ? translated : undefined;
  }
}

/** A refused row's errors as the report lists them. */
export function rowErrors(row: number, problem: AppException): RowError[] {
  const errors = problem.options.errors ?? [];
  if (errors.length === 0) return [{ row, field: null, message: problem.detail }];
  return errors.map((error) => ({ row, field: error.field, message: error.message }));
}
