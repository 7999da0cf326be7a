/** The errors of the worker library; each `name` is what it reports or throws as. */

/** A GraphQL error code of Stepgraph's API (`extensions.code`), or HTTP_<status> without one. */
export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | (string & {});

/** Codes that describe a passing condition of the server: the same request may succeed later. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'HTTP_429',
  'HTTP_500',
  'HTTP_502',
  'HTTP_503',
  'HTTP_504',
]);

/** The API answered with an error. */
export class StepgraphApiError extends Error {
  override readonly name = 'StepgraphApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }

  /** True when trying the same request again may succeed. */
  get transient(): boolean {
    return TRANSIENT_CODES.has(this.code);
  }
}

/** The request never got a complete answer (connection refused or cut, per-request timeout). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

/**
 * `ctx.signal`'s reason when the server closed the task under the handler: it timed out
 * (TimeoutSeconds, HeartbeatSeconds) or its execution stopped. Its result would be refused.
 */
export class TaskClosedError extends Error {
  override readonly name = 'Worker.TaskClosed';

  constructor() {
    super('The task is no longer open: it timed out or its execution stopped');
  }
}

/**
 * `ctx.signal`'s reason when the worker stopped before the handler finished; the task is reported
 * failed with this error name, so the state's Retry (or Catch) can take over.
 */
export class WorkerShutdownError extends Error {
  override readonly name = 'Worker.Shutdown';

  constructor() {
    super('The worker stopped before the task finished');
  }
}

/** Whether a failed request may be sent again. */
export function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof StepgraphApiError && error.transient);
}
