// Tells a failure of the connection to PostgreSQL (a restart, a failover, a terminated
// session, a pool that cannot connect) from a statement the database refused, and turns
// the first kind into one 503 DATABASE_UNAVAILABLE problem with Retry-After.

import { AppException } from './app-exception.js';
import { ErrorCode } from './error-code.js';

/** A restart or failover takes seconds; clients are asked to wait this long before trying again. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATEs that mean the session failed, not the statement: class 08 (connection exception)
 * and the admin-shutdown family 57P (57P01 pg_terminate_backend or a fast shutdown, 57P02 a
 * crash of another backend, 57P03 starting up, shutting down or in recovery, 57P04 database
 * dropped, 57P05 idle session timeout), and 53300 (too many connections), which refuses a
 * connection. 57014 (statement timeout, cancel request) is left out: the session survives it.
 */
const SESSION_SQLSTATE = /^(08[0-9A-Z]{3}|57P[0-9A-Z]{2}|53300)$/;

/** Socket errors of the connection itself (Node's errno codes). */
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What pg and pg-pool say, with no code, when the socket ended, a connect attempt or the wait
 * for a pooled connection timed out, or a query was given to a client already known dead.
 */
const DRIVER_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout", or ended during shutdown
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/, // "Client has encountered a connection error …", "Client was closed …"
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
}

function matches(error: ErrorLike): boolean {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && (SESSION_SQLSTATE.test(code) || SOCKET_CODES.has(code))) return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return code === undefined && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Whether `error` (a pg or pg-pool error, or TypeORM's QueryFailedError around one) is a
 * failure of the database connection. A `cause` is not followed: pg's own errors say what
 * happened at the top, and a socket error some other client wrapped (a webhook's DNS lookup,
 * say) is not the database's.
 */
export function isDatabaseConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || error instanceof AppException) return false;
  const candidate = error as ErrorLike;
  const { driverError } = candidate;
  return matches(candidate) || (typeof driverError === 'object' && driverError !== null && matches(driverError));
}

/**
 * Whether a change the request sent may have been applied: `no` when the failure came before
 * the change could reach the server (or the request changed nothing), `unknown` when the
 * connection died after a statement was sent outside a transaction, so it may have committed.
 */
export type ChangeOutcome = 'no' | 'unknown';

const DETAIL: Record<ChangeOutcome, string> = {
  no: 'The database is unavailable right now (its connection failed); nothing was changed. Try again shortly.',
  unknown:
    'The connection to the database failed after the change was sent, so it may or may not have been saved. ' +
    'Read the record before repeating the change (an update with If-Match is safe to repeat).',
};

/** The 503 a connection failure answers, with Retry-After. */
export function databaseUnavailable(cause: unknown, changed: ChangeOutcome): AppException {
  return new AppException(ErrorCode.DatabaseUnavailable, DETAIL[changed], {
    headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    cause,
  });
}

/** The message and code of the failure underneath, for one log line without a stack. */
export function describeCause(cause: unknown): { message: string; code?: string } | undefined {
  if (cause === undefined || cause === null) return undefined;
  const { message, code } = (typeof cause === 'object' ? cause : { message: cause }) as ErrorLike;
  return {
    message: typeof message === 'string' ? message : JSON.stringify(message ?? null),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
