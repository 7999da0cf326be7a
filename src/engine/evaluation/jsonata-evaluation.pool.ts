import {
  QueryEvaluationError,
  type Json,
  type JsonataEvaluation,
  type StatesError,
} from '../../asl/index.js';
import { workerEntry } from '../../common/worker-entry.js';
import { WorkerPool } from '../../common/worker-pool.js';
import type { JsonataEvaluationRequest, JsonataEvaluationResponse } from './jsonata-evaluation.messages.js';

/** How many threads, and how much time and memory one evaluation may take. */
export interface JsonataEvaluationPoolOptions {
  /** Worker threads at most, started on demand; each evaluates one expression at a time. */
  readonly maxWorkers: number;
  /** Wall-clock milliseconds from the request to the answer, waiting for a thread included. */
  readonly timeoutMs: number;
  readonly maxResultBytes: number;
  /** Heap of one worker thread: an evaluation that needs more ends with its thread. */
  readonly maxHeapMb: number;
}

/**
 * Past its time limit a worker stops the expression itself, between two evaluation steps; one
 * stuck inside a single step (a regular expression backtracking for minutes) gets this much longer
 * before its thread is terminated.
 */
const TERMINATE_GRACE_MS = 1000;

/**
 * A few worker threads that evaluate the JSONata expressions too long for the event loop
 * (evaluation-budget.ts). Every evaluation has a deadline, waiting for a thread included: past it
 * the evaluation fails with `States.QueryEvaluationError`, and a thread still busy with it is
 * terminated.
 */
export class JsonataEvaluationPool {
  private readonly pool: WorkerPool<JsonataEvaluationRequest, JsonataEvaluationResponse, Json>;

  constructor(private readonly options: JsonataEvaluationPoolOptions) {
    const { maxWorkers, timeoutMs, maxHeapMb } = options;
    const { url, options: workerOptions } = workerEntry(import.meta.url, 'jsonata-evaluation.worker');
    const outOfTime = ({ evaluation }: JsonataEvaluationRequest) =>
      budgetExceeded(evaluation, `its time budget of ${timeoutMs} ms`);
    this.pool = new WorkerPool<JsonataEvaluationRequest, JsonataEvaluationResponse, Json>({
      name: 'JSONata worker thread',
      entry: { url, options: { ...workerOptions, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } } },
      maxWorkers,
      queuedTimeoutMs: timeoutMs,
      // The budget counts from the request, the wait for a thread included.
      runningTimeoutMs: ({ since }) => Math.max(0, since + timeoutMs - Date.now()) + TERMINATE_GRACE_MS,
      answer: (response) =>
        'result' in response
          ? { result: response.result }
          : { error: new QueryEvaluationError(response.failure) },
      queuedTimeout: outOfTime,
      runningTimeout: (request) => ({ error: outOfTime(request) }),
      // A thread that ran out of heap was killed by its expression, which fails the state like any budget.
      workerDied: ({ evaluation }, error) =>
        (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? budgetExceeded(evaluation, `its memory budget of ${maxHeapMb} MB`)
          : error,
      closed: () => new Error('The JSONata evaluation threads are shut down.'),
      // What still waits or runs is rejected: its transaction rolls back.
      closing: () => new Error('The JSONata evaluation threads are shutting down.'),
    });
  }

  /** Evaluates on a worker thread; rejects with the QueryEvaluationError the state raises. */
  evaluate(evaluation: JsonataEvaluation): Promise<Json> {
    const { timeoutMs, maxResultBytes } = this.options;
    return this.pool.run((id) => ({ id, evaluation, timeoutMs, since: Date.now(), maxResultBytes }));
  }

  /** Terminates the workers; what still waits or runs is rejected (its transaction rolls back). */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The error of an evaluation stopped from outside, worded as evaluateJsonata words its own. */
function budgetExceeded({ expression, field }: JsonataEvaluation, budget: string): StatesError {
  return new QueryEvaluationError(
    `The JSONata expression '${expression}' specified for the field '${field}' exceeded ${budget}.`,
  );
}
