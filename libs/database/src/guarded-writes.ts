// Writes and lost connections: a write is repeated only when it provably did not commit;
// otherwise the caller gets a 503 DATABASE_UNAVAILABLE that says the change may have been saved.
//
// When may a write be repeated after its connection failed?
// - The connection could not be obtained (refused, timed out, the server starting up or
//   shutting down): nothing was sent. Repeat.
// - Inside an explicit transaction, before COMMIT was sent: PostgreSQL commits nothing until
//   it reads COMMIT, and a session that ends (or is ended) with a transaction open has it
//   rolled back. Repeat the whole transaction on a live connection.
// - An autocommit statement, or COMMIT itself, that was sent before the connection died: it
//   may have committed. The server may have committed and answered, and the answer was lost
//   (a reset drops data the client's kernel had not yet handed to pg); or, with synchronous
//   replication, a backend terminated while waiting for the standby reports FATAL 57P01 even
//   though the transaction already committed locally. Even the error "terminating connection
//   due to administrator command" is therefore no proof. Repeating it could save a record
//   twice, so the answer is a 503 and the client, who can look, decides.

import type { EventEmitter } from 'node:events';
import { databaseUnavailable, isDatabaseConnectionFailure } from '@stagecraft/core';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { discardDeadIdleConnections, isConnectTimeout, masterPool } from './connection-pool.js';

/** A connection failure inside a transaction before COMMIT was sent: rolled back for certain. */
class RolledBack extends Error {
  constructor(readonly failure: unknown) {
    super('connection lost before COMMIT');
  }
}

/** A query runner holding one connection, and what that connection reported when it failed. */
class Lease {
  private connectionError: unknown;
  private readonly onError = (error: unknown): void => {
    this.connectionError ??= error;
  };

  private constructor(
    private readonly dataSource: DataSource,
    readonly runner: QueryRunner,
    private readonly client: EventEmitter,
  ) {
    client.on('error', this.onError);
  }

  /** A connection from the pool; one more try when none could be had (nothing was sent), unless it timed out. */
  static async open(dataSource: DataSource): Promise<Lease> {
    for (let attempt = 1; ; attempt++) {
      const runner = dataSource.createQueryRunner();
      try {
        return new Lease(dataSource, runner, (await runner.connect()) as EventEmitter);
      } catch (error) {
        await runner.release();
        if (!isDatabaseConnectionFailure(error)) throw error;
        if (attempt === 2 || isConnectTimeout(error)) throw databaseUnavailable(error, 'no');
      }
    }
  }

  /**
   * The connection failure behind `error`, if that is what it is. When the connection fails
   * between two statements TypeORM releases the runner, and the next statement is refused
   * unsent ("query runner already released"): the failure is the connection's own error.
   */
  lost(error: unknown): unknown {
    if (isDatabaseConnectionFailure(error)) return error;
    if (this.runner.isReleased) return this.connectionError ?? error;
    return undefined;
  }

  /**
   * Gives the connection back; after a failure the pool closes it, and the idle connections
   * it came with are checked, so the next request does not draw another dead one.
   */
  async release(failure: unknown): Promise<void> {
    this.client.removeListener('error', this.onError);
    const postgres = this.runner as QueryRunner & { releasePostgresConnection?: (error?: unknown) => Promise<void> };
    if (failure === undefined || !postgres.releasePostgresConnection) await this.runner.release();
    else await postgres.releasePostgresConnection(failure);
    if (failure !== undefined) await discardDeadIdleConnections(masterPool(this.dataSource));
  }
}

/**
 * Runs `work`, whose statements each commit on their own, on one connection. Retried only
 * when no connection could be had; a failure after that is a 503 saying the change may
 * have been saved.
 */
export async function runAutocommit<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const lease = await Lease.open(dataSource);
  let failure: unknown;
  try {
    return await work(lease.runner.manager);
  } catch (error) {
    failure = lease.lost(error);
    if (failure === undefined) throw error;
    throw databaseUnavailable(failure, 'unknown');
  } finally {
    await lease.release(failure);
  }
}

/**
 * Runs `work` in a transaction; when the connection fails before COMMIT was sent, runs it once
 * more on a live connection. `work` must have no effect outside the database, since it may run
 * twice (its first run rolled back).
 */
export async function runTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await transactionOnce(dataSource, work);
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  try {
    return await transactionOnce(dataSource, work);
  } catch (error) {
    throw error instanceof RolledBack ? databaseUnavailable(error.failure, 'no') : error;
  }
}

async function transactionOnce<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const lease = await Lease.open(dataSource);
  const { runner } = lease;
  let committing = false;
  let failure: unknown;
  try {
    await runner.startTransaction();
    const result = await work(runner.manager);
    // Released by a connection failure since the last statement: COMMIT would not be sent.
    if (runner.isReleased) throw new Error('the connection failed before COMMIT');
    committing = true;
    await runner.commitTransaction();
    return result;
  } catch (error) {
    failure = lease.lost(error);
    if (failure !== undefined) throw committing ? databaseUnavailable(failure, 'unknown') : new RolledBack(failure);
    // A refused statement (or a refused COMMIT, which PostgreSQL has already rolled back).
    if (runner.isTransactionActive) {
      await runner.rollbackTransaction().catch((rollbackError: unknown) => {
        failure = rollbackError;
      });
    }
    throw error;
  } finally {
    await lease.release(failure);
  }
}
