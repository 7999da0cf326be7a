/**
 * The engine's queues and the jobs they carry. A job names what to look at (ids, a fence, a task
 * token), never a payload: its handler reads the current state under the execution's lock and
 * does nothing when the job turns out to be stale or a duplicate (docs/design.md §3 rule 3).
 */
import { defineQueue } from './queue.definition.js';

/** A job that advances one execution in one short transaction. */
export type TransitionJob =
  /** Step a run whose outcome the database tells: start, continue, a timer, a join, a redrive. */
  | { readonly kind: 'run'; readonly executionId: string; readonly runId: string; readonly fence: number }
  /** Run a builtin task or start a nested execution, and apply the result. */
  | { readonly kind: 'task'; readonly executionId: string; readonly token: string }
  /** A task's TimeoutSeconds or HeartbeatSeconds may have passed. */
  | { readonly kind: 'task-deadline'; readonly executionId: string; readonly token: string }
  /** The definition's TimeoutSeconds may have passed. */
  | { readonly kind: 'execution-timeout'; readonly executionId: string }
  /** A nested execution ended: apply its result to the parent's waiting task, if any. */
  | { readonly kind: 'child-ended'; readonly executionId: string; readonly childExecutionId: string }
  /** The parent of this execution was stopped: stop it too. */
  | { readonly kind: 'parent-stopped'; readonly executionId: string };

/** An HTTP Task to call; the call runs outside any transaction, its result is applied in one. */
export interface HttpTaskJob {
  readonly executionId: string;
  readonly token: string;
  /** The `traceparent` of the task's state, when the execution is traced: the call's span continues it. */
  readonly traceparent?: string;
}

/**
 * How long a transition job may run before pg-boss hands it to another worker, when it was
 * enqueued without a lease of its own (transitions give theirs: ENGINE_JOB_LEASE_SECONDS).
 */
const TRANSITION_EXPIRE_SECONDS = 60;

/**
 * Fast transitions: each job is one transaction on one execution. Retried with backoff on any
 * error (a lost connection, a deadlock); a retry of a job that did commit finds nothing to do.
 */
export const TRANSITION_QUEUE = defineQueue<TransitionJob>('stepgraph.transition', {
  retryLimit: 20,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 60,
  expireInSeconds: TRANSITION_EXPIRE_SECONDS,
  deleteAfterSeconds: 3600,
  notify: true,
});

/**
 * HTTP Tasks, on their own queue so that slow calls never hold up transitions. Retried: a task
 * runs at least once, and a result for an attempt that is no longer open is dropped.
 */
export const HTTP_TASK_QUEUE = defineQueue<HttpTaskJob>('stepgraph.http-task', {
  retryLimit: 10,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 60,
  deleteAfterSeconds: 3600,
  notify: true,
});

/** A batch of a bulk operation to run: its next PENDING items (src/engine/bulk). */
export interface BulkOperationJob {
  readonly operationId: string;
  /** How many batches had committed when this job was enqueued: a stale duplicate finds more. */
  readonly batch: number;
}

/**
 * Bulk stops and redrives, a batch per job, on their own queue so that a large operation never
 * holds up transitions. Retried: a batch that was cut short leaves its items PENDING, and every
 * item is acted on at most once (its state changes in its action's transaction).
 */
export const BULK_OPERATION_QUEUE = defineQueue<BulkOperationJob>('stepgraph.bulk', {
  retryLimit: 20,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 60,
  deleteAfterSeconds: 3600,
  notify: true,
});
