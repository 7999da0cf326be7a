import net from 'node:net';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { AppError } from '../../src/common/app-error.js';
import { isDatabaseUnavailable } from '../../src/common/database-errors.js';

/** An error as PostgreSQL sends it: pg's DatabaseError with its SQLSTATE. */
function serverError(code: string, message: string): Error {
  return Object.assign(new pg.DatabaseError(message, 0, 'error'), { code, severity: 'FATAL' });
}

/** As TypeORM wraps a driver error thrown by a query. */
function failedQuery(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

/** A local TCP server that treats each connection with `onConnection`; closed after `use`. */
async function withServer<T>(onConnection: (socket: net.Socket) => void, use: (port: number) => Promise<T>) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use((server.address() as AddressInfo).port);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** What connecting pg to `port` rejects with. */
async function connectError(port: number, options: pg.PoolConfig = {}): Promise<unknown> {
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', max: 1, ...options });
  try {
    await pool.query('SELECT 1');
    throw new Error('the query succeeded');
  } catch (error) {
    return error;
  } finally {
    await pool.end();
  }
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection as pg reports it (the server down or restarting)', async () => {
    const port = await withServer(
      () => undefined,
      async (free) => free,
    );
    const error = await connectError(port);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('recognises a connection the server closed under pg ("Connection terminated unexpectedly")', async () => {
    const error = await withServer((socket) => socket.destroy(), connectError);
    expect((error as Error).message).toMatch(/^Connection terminated/);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("recognises pg-pool's connection timeout against a server that never answers", async () => {
    const error = await withServer(
      () => undefined,
      (port) => connectError(port, { connectionTimeoutMillis: 100 }),
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['08006', 'connection failure'],
    ['08001', 'could not connect to server'],
  ])('recognises SQLSTATE %s (%s), also wrapped by TypeORM', (code, message) => {
    expect(isDatabaseUnavailable(serverError(code, message))).toBe(true);
    expect(isDatabaseUnavailable(failedQuery(serverError(code, message)))).toBe(true);
  });

  it.each([
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a connect timeout', Object.assign(new Error('connect ETIMEDOUT 10.0.0.5:5432'), { code: 'ETIMEDOUT' })],
    ['the pool waited in vain', new Error('timeout exceeded when trying to connect')],
    ['an unanswered query (query_timeout)', new Error('Query read timeout')],
    [
      'a client whose connection failed',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'one refusal per address tried',
      new AggregateError([
        Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' }),
      ]),
    ],
    [
      'an outage wrapped as a cause',
      new Error('Could not read the session', {
        cause: failedQuery(new Error('Connection terminated unexpectedly')),
      }),
    ],
  ])('recognises %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    [
      'a unique violation',
      failedQuery(serverError('23505', 'duplicate key value violates unique constraint')),
    ],
    ['a syntax error', failedQuery(serverError('42601', 'syntax error at or near "SELEC"'))],
    [
      'a statement timeout',
      failedQuery(serverError('57014', 'canceling statement due to statement timeout')),
    ],
    ['a serialization failure', serverError('40001', 'could not serialize access')],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only mentions a connection', new Error('Unexpected "Connection terminated" in log')],
    ['a string', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('leaves %s alone', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('follows a cycle of causes without looping', () => {
    const error = new Error('outer');
    Object.assign(error, { cause: error });
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('makes AppError.from answer SERVICE_UNAVAILABLE, keeping the driver error as the cause only', () => {
    const driverError = serverError('57P01', 'terminating connection due to administrator command');
    const error = AppError.from(failedQuery(driverError));
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable; try again shortly.',
      retryAfterSeconds: 5,
    });
    expect((error.cause as QueryFailedError).driverError).toBe(driverError);
  });
});
