/**
 * Which errors mean "the database cannot be reached right now" (docs/testing.md R3), rather than "this
 * query is wrong". TypeORM, pg and pg-pool surface them in several shapes: a socket error
 * (`ECONNREFUSED`), an AggregateError of one per address tried, pg's own "Connection terminated",
 * pg-pool's acquisition timeout, or a server error whose SQLSTATE says the server is going away,
 * often wrapped by TypeORM (`QueryFailedError.driverError`) or by us (`{ cause }`).
 */

/** Socket error codes of a connection refused, cut or unanswered. */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or refuses new sessions: 57P01 admin shutdown (also
 * `pg_terminate_backend`), 57P02 crash shutdown, 57P03 cannot connect now (starting up or
 * recovering), 53300 too many connections. Class 08 (connection exception) is matched whole.
 */
const UNAVAILABLE_SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_EXCEPTION_CLASS = '08';

/**
 * Messages of pg and pg-pool that carry no code: a connection that ended under a query, a client
 * that lost its connection, a pool that found no connection in time (`connectionTimeoutMillis`),
 * and a query the database never answered (`query_timeout`, a black-holed connection).
 */
const UNAVAILABLE_MESSAGES: readonly RegExp[] = [
  /^Connection terminated\b/,
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
];

/** Causes followed at most: enough for TypeORM's and our own wrapping, and no cycle runs forever. */
const MAX_CAUSE_DEPTH = 8;

/**
 * Whether `error`, or an error it wraps (`driverError`, `cause`, the `errors` of an
 * AggregateError), says the database cannot be reached, so that the client may retry shortly.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: [unknown, number][] = [[error, 0]];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const [candidate, depth] = pending.pop()!;
    if (typeof candidate !== 'object' || candidate === null || seen.has(candidate)) continue;
    seen.add(candidate);
    if (saysUnavailable(candidate)) return true;
    if (depth >= MAX_CAUSE_DEPTH) continue;
    for (const wrapped of wrappedErrors(candidate)) pending.push([wrapped, depth + 1]);
  }
  return false;
}

function saysUnavailable(error: object): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (code.length === 5 && code.startsWith(CONNECTION_EXCEPTION_CLASS)) return true;
  }
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

function wrappedErrors(error: object): unknown[] {
  const { driverError, cause, errors } = error as {
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  return [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
}
