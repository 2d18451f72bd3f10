// The pg pool under TypeORM: how it reports connections PostgreSQL closed (a restart, a
// failover, pg_terminate_backend), and how a retry gets connections known to be alive.

import { Logger } from '@nestjs/common';
import { describeCause } from '@stagecraft/core';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';

const logger = new Logger('Database');

/** A round trip on a healthy connection takes well under a millisecond on a LAN. */
const PING_TIMEOUT_MS = 1000;

/** The pg pool TypeORM opened, shared by everything that reads or writes outside TypeORM. */
export function masterPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Pool options for TypeORM. An idle connection PostgreSQL closes emits 'error' on the pool
 * (pg-pool has already discarded it); without a handler that event would end the process, and
 * with TypeORM's default one the line would go nowhere. A connection that breaks while checked
 * out emits 'error' on the client, which pg-pool leaves without a listener while it is lent
 * out: a no-op listener on every client keeps that from ending the process too (the query in
 * flight still fails, and the pool discards the client when it is released).
 */
export const poolOptions = {
  poolErrorHandler: (error: unknown): void => {
    logger.warn({
      msg: 'PostgreSQL closed an idle pooled connection; the pool opens a new one when needed',
      cause: describeCause(error),
    });
  },
  onConnect: (client: PoolClient): void => {
    client.on('error', () => undefined);
  },
};

/**
 * A connection that could not be had within the connect timeout (the server does not answer,
 * or every pooled connection stayed busy): trying again would double the wait, not help.
 */
export function isConnectTimeout(error: unknown): boolean {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  return (
    code === 'ETIMEDOUT' ||
    (typeof message === 'string' && /^(Connection terminated due to connection timeout|timeout exceeded)/.test(message))
  );
}

const sweeps = new WeakMap<Pool, Promise<void>>();

/**
 * Checks every idle connection with a round trip and discards the dead ones. A restart or a
 * failover ends every session at once, but the pool learns that one socket at a time, so
 * after one connection failed its idle neighbours are suspect: a retry that drew one of them
 * would fail the same way. Concurrent callers share one sweep.
 */
export function discardDeadIdleConnections(pool: Pool): Promise<void> {
  let sweep = sweeps.get(pool);
  if (sweep === undefined) {
    sweep = sweepIdle(pool).finally(() => sweeps.delete(pool));
    sweeps.set(pool, sweep);
  }
  return sweep;
}

async function sweepIdle(pool: Pool): Promise<void> {
  // Checked out together, since the pool hands out its idle connections before opening any.
  const clients = await Promise.all(
    Array.from({ length: pool.idleCount }, () => pool.connect().catch(() => undefined)),
  );
  await Promise.all(
    clients.map(async (client) => {
      if (client === undefined) return;
      try {
        await client.query({ text: 'SELECT 1', query_timeout: PING_TIMEOUT_MS } as QueryConfig); // pg reads query_timeout; its types omit it
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : true); // true or an error: the pool closes it
      }
    }),
  );
}
