/** The public types of @stepgraph/worker. */
import type { RetryOptions } from './backoff.js';

/** What a handler gets besides its input. */
export interface ActivityContext {
  /** The activity the task came from. */
  readonly activity: string;
  /** The task's token: what sendTaskSuccess / sendTaskFailure / sendTaskHeartbeat take. */
  readonly taskToken: string;
  /** The state's HeartbeatSeconds, or null: the worker heartbeats every third of it on its own. */
  readonly heartbeatSeconds: number | null;
  /**
   * The W3C `traceparent` of the task's state when the server traces the execution, else null:
   * make it the parent of the handler's spans (e.g. `propagation.extract` of OpenTelemetry), or
   * send it on, so the work joins the execution's trace.
   */
  readonly traceparent: string | null;
  /**
   * Aborted when the task's result would no longer count: the server closed the task (it timed
   * out or its execution stopped; reason: a `Worker.TaskClosed` error) or the worker's drain
   * deadline passed (reason: a `Worker.Shutdown` error). Pass it to fetch and the like.
   */
  readonly signal: AbortSignal;
  /**
   * Sends a heartbeat now (the automatic ones go on). Never rejects: a network failure is left to
   * the next heartbeat, and a closed task aborts {@link signal}.
   */
  heartbeat(): Promise<void>;
}

/**
 * Runs one task: returns its output (any JSON value; `undefined` is null) or throws. A thrown
 * error's `name` becomes the ASL error that Retry and Catch match, its `message` the cause.
 */
export type ActivityHandler<TInput = unknown, TOutput = unknown> = {
  // Method syntax so that a handler declaring its input's type still fits an activities map.
  handle(input: TInput, ctx: ActivityContext): TOutput | Promise<TOutput>;
}['handle'];

/** Why the worker calls {@link WorkerOptions.onError}: a problem of its own, never a handler's throw. */
export interface WorkerErrorContext {
  readonly activity: string;
  /** Set when the problem concerns one task. */
  readonly taskToken?: string;
  /** What the worker was doing: polling, heartbeating or reporting. */
  readonly during: 'poll' | 'heartbeat' | 'report';
}

export interface WorkerOptions {
  /** The service's base URL, e.g. `http://localhost:3000`. */
  readonly url: string;
  /** An API key with the `worker` role (or any token allowed to poll and answer tasks). */
  readonly apiKey: string;
  /** The handlers, by activity name (the NAME of `activity:NAME` or its ARN). */
  readonly activities: Readonly<Record<string, ActivityHandler>>;
  /** How many tasks run at once, polls included: never more. Default 1. */
  readonly concurrency?: number;
  /** Recorded with each task it takes (ActivityStarted). Default `<hostname>-<pid>`. */
  readonly workerName?: string;
  /** How long one poll waits for a task on the server, 1 to 60 seconds. Default 20. */
  readonly pollWaitSeconds?: number;
  /** How long {@link Worker.stop} lets in-flight tasks finish. Default 30,000. */
  readonly shutdownTimeoutMs?: number;
  /** Signals that start the drain (once; a second one ends the process as usual). Default SIGTERM, SIGINT. */
  readonly stopOnSignals?: readonly NodeJS.Signals[];
  /** Backoff for reports that failed on the network. */
  readonly retry?: RetryOptions;
  /** The worker's own problems (the API unreachable, a report given up). Default: a line on stderr. */
  readonly onError?: (error: unknown, context: WorkerErrorContext) => void;
}

export interface Worker {
  /** Tasks taken and not yet reported. */
  readonly inFlight: number;
  /** Resolves once the worker has stopped: after {@link stop} or a signal, every task reported. */
  readonly done: Promise<void>;
  /**
   * Stops polling, lets in-flight tasks finish until the deadline, then reports the rest failed
   * with `Worker.Shutdown` so that the state's Retry can hand them to another worker. Resolves when
   * every task is reported; calling it again returns the same promise.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}
