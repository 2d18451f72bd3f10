// Reads survive one lost connection: a read changes nothing, so when its connection fails
// before it returned any data it runs once more, on a connection checked to be alive. A
// second failure is a 503 DATABASE_UNAVAILABLE (the database is down, not one connection).

import { databaseUnavailable, isDatabaseConnectionFailure } from '@stagecraft/core';
import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { discardDeadIdleConnections, isConnectTimeout, masterPool } from './connection-pool.js';

/**
 * Runs `attempt` (a read that checks out its own connection and releases a failed one with
 * the error) and, after a connection failure, runs it once more (not after a connect timeout,
 * which a second try would only repeat). Only for work that returns its data at the end: a
 * stream that already handed rows on cannot be repeated. A promise chain rather than an async
 * function: every read on the hot path runs through here, and each async layer is a few more
 * promises per request.
 */
export function withReadRetry<T>(pool: Pool, attempt: () => Promise<T>): Promise<T> {
  return attempt().catch((error: unknown) => {
    if (!isDatabaseConnectionFailure(error)) throw error;
    if (isConnectTimeout(error)) throw databaseUnavailable(error, 'no');
    return discardDeadIdleConnections(pool).then(() =>
      attempt().catch((second: unknown) => {
        throw isDatabaseConnectionFailure(second) ? databaseUnavailable(second, 'no') : second;
      }),
    );
  });
}

/**
 * The rows of one read-only statement (`SELECT …` with no side effects), outside any
 * transaction, retried once after a connection failure. For hot reads outside the records
 * path, such as the session check every signed-in request makes.
 */
export function readRows<T extends QueryResultRow>(
  dataSource: DataSource,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  const pool = masterPool(dataSource);
  return withReadRetry(pool, async () => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      return (await client.query<T>(text, values as unknown[])).rows;
    } catch (error) {
      if (isDatabaseConnectionFailure(error)) failure = error as Error;
      throw error;
    } finally {
      client.release(failure); // with an error the pool closes the connection instead of reusing it
    }
  });
}
