/**
 * Database connections that cannot hang forever (docs/testing.md R4): a connection whose peer stops
 * answering without closing (a black-holed network path) would otherwise keep its query waiting,
 * its pool slot taken and, on the server, its transaction's locks held.
 */
import type { Socket } from 'node:net';
import pg from 'pg';

/** pg's error for a query that got no answer within `query_timeout`. */
const READ_TIMEOUT_MESSAGE = 'Query read timeout';
/** The client gives up this long after the server's own statement timeout would have answered. */
const CLIENT_MARGIN_MS = 1000;

/**
 * pg connection settings for both pools (TypeORM's and pg-boss's): the server cancels a statement
 * and ends a transaction left idle after `timeoutMs` (freeing its locks even when its client is
 * gone without a word), and the client stops waiting shortly after and drops the connection.
 */
export function connectionTimeouts(timeoutMs: number): Record<string, unknown> {
  return {
    Client: DroppingClient,
    statement_timeout: timeoutMs,
    idle_in_transaction_session_timeout: timeoutMs,
    query_timeout: timeoutMs + CLIENT_MARGIN_MS,
  };
}

/**
 * A pg Client that destroys its socket when a query times out on the client side. pg itself only
 * fails that query: the connection stays busy with it, and TypeORM would hand it back to the pool
 * for the next transaction to hang on. Destroying the socket makes the client emit `error`, on
 * which both pools drop it.
 */
export class DroppingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    const dropOnTimeout = (error: unknown) => {
      if (error instanceof Error && error.message === READ_TIMEOUT_MESSAGE) this.drop();
    };
    this.query = ((...args: unknown[]) => {
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (error: unknown, result: unknown) => {
          dropOnTimeout(error);
          (callback as (error: unknown, result: unknown) => void)(error, result);
        };
      }
      const result = query(...args);
      // A promise-style call: watch it without handling it for the caller.
      if (result instanceof Promise) result.catch(dropOnTimeout);
      return result;
    }) as pg.Client['query'];
  }

  private drop(): void {
    (this as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
  }
}
