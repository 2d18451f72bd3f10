// Reads (and single-statement writes, see `write`) on the hot path as named prepared
// statements (reads' rows built by a function made for the statement, prepared-read.ts), so PostgreSQL parses a query shape
// once per connection and, once it judges a generic plan as good, stops planning it too (for
// a filtered, sorted page that is about a third of the database's work). A statement is named after a hash of its
// text, and the text holds no values (they are parameters), so every request of one shape
// reuses it. A connection that has prepared `maxPerConnection` shapes is retired, which
// frees its statements: the bound holds however many shapes clients invent. A read whose
// connection fails is retried once on a live one (retried-reads.ts).

import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isDatabaseConnectionFailure } from '@stagecraft/core';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { masterPool } from './connection-pool.js';
import { preparedRead } from './prepared-read.js';
import { withReadRetry } from './retried-reads.js';
import { RowShapes } from './row-shapes.js';

const MAX_PER_CONNECTION = 200;
/** Names remembered by text, so a request of a known shape hashes nothing; cleared when full. */
const MAX_NAMES = 2000;

/** PostgreSQL refuses a prepared statement whose result columns changed type since it was prepared. */
const RESULT_TYPE_CHANGED = '0A000';

@Injectable()
export class PreparedStatements {
  private readonly prepared = new WeakMap<PoolClient, Set<string>>();
  private readonly names = new Map<string, string>();
  /** How each statement's rows are built (row-shapes.ts). */
  private readonly shapes = new RowShapes();
  /** Texts renamed after a type change (see `query`); part of each new name. */
  private renames = 0;
  protected readonly maxPerConnection: number = MAX_PER_CONNECTION;

  constructor(private readonly dataSource: DataSource) {}

  /** The rows of `text` (a read) run with `values`; outside any transaction. */
  query<T extends QueryResultRow>(text: string, values: readonly unknown[]): Promise<T[]> {
    return withReadRetry(this.pool, () =>
      this.run<T>(this.nameOf(text), text, values).catch((error: unknown) => {
        // A schema change altered a column's type under the same text. Every pooled connection
        // that prepared it holds the old statement, so the text gets a new name: it is prepared
        // afresh wherever it runs next (the old ones go when their connections retire).
        if ((error as { code?: string }).code !== RESULT_TYPE_CHANGED) throw error;
        return this.run<T>(this.renamed(text), text, values);
      }),
    );
  }

  /**
   * Runs a write on the connection `manager` holds (inside its transaction, if one is open) as
   * a named prepared statement, so PostgreSQL neither parses nor plans it again: about a third
   * more creates per second than sending the text each time. Nothing is retried here (a write
   * may have committed). A connection that already holds `maxPerConnection` shapes runs new ones
   * unnamed. The caller puts whatever invalidates a shape (the schema version) in its text.
   */
  async write(
    manager: EntityManager,
    text: string,
    values: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; rowCount: number }> {
    const client = (manager.queryRunner as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
    if (!client) throw new Error('A prepared write needs a manager that holds a connection');
    const name = this.nameOf(text);
    const names = this.namesOn(client);
    const named = names.has(name) || names.size < this.maxPerConnection;
    if (named) names.add(name);
    const result = await client.query<Record<string, unknown>>(
      named ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] },
    );
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  /** A promise chain rather than an async function: every read runs through here. */
  private run<T extends QueryResultRow>(name: string, text: string, values: readonly unknown[]): Promise<T[]> {
    return this.pool.connect().then((client) => {
      const names = this.namesOn(client);
      names.add(name);
      const full = names.size >= this.maxPerConnection;
      return preparedRead<T>(client, this.shapes, name, text, values).then(
        (rows) => {
          client.release(full); // true: the pool closes the connection and opens a fresh one when needed
          return rows;
        },
        (error: unknown) => {
          const retire =
            full || (error as { code?: string }).code === RESULT_TYPE_CHANGED || isDatabaseConnectionFailure(error);
          client.release(retire);
          throw error;
        },
      );
    });
  }

  /** A new name for `text`, whose statement prepared under the old one no longer fits. */
  private renamed(text: string): string {
    this.renames += 1;
    const name = `${this.nameOf(text)}_${this.renames.toString(36)}`;
    this.names.set(text, name);
    return name;
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= MAX_NAMES) this.names.clear();
      name = `sc_${createHash('sha1').update(text).digest('base64url')}`;
      this.names.set(text, name);
    }
    return name;
  }

  private namesOn(client: PoolClient): Set<string> {
    let names = this.prepared.get(client);
    if (names === undefined) {
      names = new Set();
      this.prepared.set(client, names);
    }
    return names;
  }

  /** The pg pool TypeORM opened, so prepared reads share its connection limit. */
  private get pool(): Pool {
    return masterPool(this.dataSource);
  }
}
