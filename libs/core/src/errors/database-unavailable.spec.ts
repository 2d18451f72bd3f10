import { AppException } from './app-exception.js';
import { databaseUnavailable, describeCause, isDatabaseConnectionFailure } from './database-unavailable.js';
import { ErrorCode } from './error-code.js';

/** What pg's DatabaseError carries: a SQLSTATE and the server's message. */
const pgError = (code: string, message = 'server said no'): Error => Object.assign(new Error(message), { code });
/** TypeORM's QueryFailedError: the driver's error under driverError, its members copied on top. */
const queryFailed = (driverError: Error & { code?: string }): Error =>
  Object.assign(new Error(driverError.message), { code: driverError.code, driverError, query: 'SELECT 1' });
const socketError = (code: string): Error => Object.assign(new Error(`read ${code}`), { code, syscall: 'read' });

describe('isDatabaseConnectionFailure', () => {
  it.each([
    ['pg_terminate_backend (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a crash of another backend (57P02)', pgError('57P02')],
    ['the server starting up or shutting down (57P03)', pgError('57P03', 'the database system is starting up')],
    ['the database dropped (57P04)', pgError('57P04')],
    ['an idle session timeout (57P05)', pgError('57P05')],
    ['connection failure (08006)', pgError('08006')],
    ['connection does not exist (08003)', pgError('08003')],
    ['cannot establish a connection (08001)', pgError('08001')],
    ['a protocol violation (08P01)', pgError('08P01')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['ECONNRESET', socketError('ECONNRESET')],
    ['ECONNREFUSED', socketError('ECONNREFUSED')],
    ['EPIPE', socketError('EPIPE')],
    ['ETIMEDOUT', socketError('ETIMEDOUT')],
    ['the socket ending mid-query', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a wait for a pooled connection timing out', new Error('timeout exceeded when trying to connect')],
    ['a client already known dead', new Error('Client has encountered a connection error and is not queryable')],
    ['a closed client', new Error('Client was closed and is not queryable')],
    ['QueryFailedError around 57P01', queryFailed(pgError('57P01'))],
    ['QueryFailedError around a terminated socket', queryFailed(new Error('Connection terminated unexpectedly'))],
  ])('recognises %s', (_label, error) => {
    expect(isDatabaseConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', pgError('23505')],
    ['a statement timeout or cancel (57014): the session survives', pgError('57014')],
    ['a serialization failure (40001)', pgError('40001')],
    ['a syntax error (42601)', queryFailed(pgError('42601'))],
    ['a SQLSTATE that only starts like one (0800)', pgError('0800')],
    ['a coded error whose message merely reads like a lost connection', pgError('XX000', 'Connection terminated')],
    ['an ordinary error', new Error('something else')],
    ['a domain exception, even one caused by a lost connection', databaseUnavailable(pgError('57P01'), 'no')],
    [
      "another client's socket error wrapped as a cause",
      new Error('hook.example could not be resolved', { cause: socketError('ENOTFOUND') }),
    ],
    ['a string', 'ECONNRESET'],
    ['undefined', undefined],
    ['null', null],
  ])('leaves alone %s', (_label, error) => {
    expect(isDatabaseConnectionFailure(error)).toBe(false);
  });
});

describe('databaseUnavailable', () => {
  it('is a 503 DATABASE_UNAVAILABLE with Retry-After and the cause kept for the logs', () => {
    const cause = pgError('57P01');
    const problem = databaseUnavailable(cause, 'no');
    expect(problem).toBeInstanceOf(AppException);
    expect(problem).toMatchObject({ status: 503, code: ErrorCode.DatabaseUnavailable });
    expect(problem.options.headers).toEqual({ 'retry-after': '2' });
    expect(problem.options.cause).toBe(cause);
    expect(problem.detail).toMatch(/nothing was changed/);
  });

  it('says a change may have been saved when that is unknown', () => {
    expect(databaseUnavailable(pgError('57P01'), 'unknown').detail).toMatch(/may or may not have been saved/);
  });
});

describe('describeCause', () => {
  it('keeps the message and code, never the stack', () => {
    expect(describeCause(pgError('57P01', 'terminating connection'))).toEqual({
      message: 'terminating connection',
      code: '57P01',
    });
    expect(describeCause('plain')).toEqual({ message: 'plain' });
    expect(describeCause(undefined)).toBeUndefined();
  });
});
