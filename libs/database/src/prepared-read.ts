// One prepared read, as pg runs a query (pg's Query sends it and takes the answers), with its
// rows built by the statement's RowShape and handed over as an array. pg accepts any
// "submittable" object in client.query; pg-cursor and pg-query-stream are built the same way.
// Also skipped: the copy pg makes of a query's config (a property descriptor per option, on
// every query) and the parse of the command tag, which reads do not use.

import pg from 'pg';
import type { ColumnDescription, RowShape, RowShapes, TypeParsers } from './row-shapes.js';

type Callback = (error: Error | null, rows?: Record<string, unknown>[]) => void;

/** The parts of pg's Query this class uses or replaces (pg 8; not in its type definitions). */
interface QueryInternals {
  name?: string;
  values?: unknown[];
  callback?: Callback;
  _result: { _types?: TypeParsers; rows: Record<string, unknown>[] };
  _canceledDueToError: Error | false;
  handleRowDescription(message: { fields: ColumnDescription[] }): void;
  handleDataRow(message: { fields: (string | null)[] }): void;
  handleCommandComplete(message: unknown, connection: unknown): void;
  handleReadyForQuery(connection: unknown): void;
  handleError(error: Error, connection: unknown): void;
}

const PgQuery = pg.Query as unknown as new (text: string) => QueryInternals & pg.Submittable;

class PreparedRead extends PgQuery {
  /** The shape of this result's rows; undefined: pg builds them (see RowShape.of). */
  private shape: RowShape | undefined;
  private readonly built: Record<string, unknown>[] = [];

  constructor(
    name: string,
    text: string,
    values: readonly unknown[],
    private readonly shapes: RowShapes,
    callback: Callback,
  ) {
    super(text); // a string: pg copies no config
    this.name = name;
    this.values = values as unknown[];
    this.callback = callback;
  }

  override handleRowDescription(message: { fields: ColumnDescription[] }): void {
    this.shape = this.shapes.shapeOf(this.name as string, message.fields, this._result._types ?? pg.types);
    if (this.shape === undefined) super.handleRowDescription(message);
  }

  override handleDataRow(message: { fields: (string | null)[] }): void {
    if (this.shape === undefined) {
      super.handleDataRow(message);
      return;
    }
    if (this._canceledDueToError) return;
    try {
      this.built.push(this.shape.row(message.fields));
    } catch (error) {
      // As pg does: the error is reported once the server is ready again.
      this._canceledDueToError = error as Error;
    }
  }

  override handleCommandComplete(): void {
    // Nothing to read: a read's rows are counted by the array, and it asked for no row limit
    // (pg syncs here only for those).
  }

  override handleReadyForQuery(connection: unknown): void {
    if (this._canceledDueToError) {
      this.handleError(this._canceledDueToError, connection);
      return;
    }
    this.callback?.(null, this.shape === undefined ? this._result.rows : this.built);
  }
}

/** Runs `name` (prepared from `text` on first use on this connection) with `values`: its rows. */
export function preparedRead<T>(
  client: pg.PoolClient,
  shapes: RowShapes,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    client.query(
      new PreparedRead(name, text, values, shapes, (error, rows) =>
        error ? reject(error) : resolve(rows as unknown as T[]),
      ),
    );
  });
}
