/** @stepgraph/worker: activity workers and task-token callbacks over Stepgraph's public API. */
export { createWorker } from './worker.js';
export { complete, fail, type CallbackOptions } from './callbacks.js';
export type { ReportOutcome } from './reporter.js';
export type { RetryOptions } from './backoff.js';
export {
  NetworkError,
  StepgraphApiError,
  TaskClosedError,
  WorkerShutdownError,
  type ApiErrorCode,
} from './errors.js';
export type { ActivityContext, ActivityHandler, Worker, WorkerErrorContext, WorkerOptions } from './types.js';
