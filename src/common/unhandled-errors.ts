/**
 * Errors nothing handles: a job handler or a periodic run of the engine that throws unexpectedly,
 * an API request that ends in a 500, an uncaught exception of the process. A workflow's own
 * failures (States.* errors, Retry, Catch) are its normal behaviour and never reach this.
 * The engine and the transports report through {@link UNHANDLED_ERROR_REPORTER}, which the
 * observability module provides, so that none of them depends on observability.
 */

/** Where an unhandled error surfaced: the label of `stepgraph_errors_total`, a fixed set. */
export const ERROR_SOURCES = [
  'transition_job',
  'http_task_job',
  'bulk_operation_job',
  'scheduler',
  'sweeper',
  'history_retention',
  'queue',
  'http',
  'graphql',
  'process',
] as const;

export type ErrorSource = (typeof ERROR_SOURCES)[number];

/** What a report says about where the error happened, beside the trace id of the active span. */
export interface ErrorReportContext {
  readonly source: ErrorSource;
  readonly executionId?: string;
  /** The state the failing step started from, when known (see {@link noteFailingState}). */
  readonly stateName?: string;
  /** An API error's request, whose id its client received. */
  readonly requestId?: string;
}

/** Logs an unhandled error once, counts it and sends it to the error tracker when one is configured. */
export interface UnhandledErrorReporter {
  reportError(error: unknown, context: ErrorReportContext): void;
}

export const UNHANDLED_ERROR_REPORTER = Symbol('UNHANDLED_ERROR_REPORTER');

/** What the reports count in /metrics (`stepgraph_errors_total{source}`). */
export interface UnhandledErrorMetrics {
  unhandledError(source: ErrorSource): void;
}

export const UNHANDLED_ERROR_METRICS = Symbol('UNHANDLED_ERROR_METRICS');

/** The state each error in flight was thrown in; weak, so an error forgotten is forgotten here too. */
const failingStates = new WeakMap<object, string>();

/**
 * Remembers that `error` was thrown while stepping `stateName`, for the report made where it is
 * caught (a job handler knows the execution, not the state). The innermost state noted wins.
 */
export function noteFailingState(error: unknown, stateName: string): void {
  if (typeof error === 'object' && error !== null && !failingStates.has(error))
    failingStates.set(error, stateName);
}

/** Runs `work`, noting `stateName` on whatever it throws (see {@link noteFailingState}). */
export async function withFailingState<T>(stateName: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    noteFailingState(error, stateName);
    throw error;
  }
}

/** The state `error` was thrown in, when {@link noteFailingState} noted one. */
export function failingStateOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? failingStates.get(error) : undefined;
}
