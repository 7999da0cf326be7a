import { Worker } from 'node:worker_threads';
import {
  QueryEvaluationError,
  type Json,
  type JsonataEvaluation,
  type StatesError,
} from '../../asl/index.js';
import { workerEntry } from '../../common/worker-entry.js';
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

interface Job {
  readonly evaluation: JsonataEvaluation;
  /** When the evaluation was asked for (epoch ms): its time budget counts from then. */
  readonly since: number;
  readonly resolve: (result: Json) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface PoolWorker {
  readonly thread: Worker;
  job?: { readonly id: number; readonly job: Job };
}

/**
 * Past its time limit a worker stops the expression itself, between two evaluation steps; one
 * stuck inside a single step (a regular expression backtracking for minutes) gets this much longer
 * before its thread is terminated.
 */
const TERMINATE_GRACE_MS = 1000;

/**
 * A few worker threads that evaluate the JSONata expressions too long for the event loop
 * (evaluation-budget.ts). Workers start on the first such expression and are kept for the next;
 * none keeps the process alive. Every evaluation has a deadline, waiting for a thread included:
 * past it the evaluation fails with `States.QueryEvaluationError`, and a thread still busy with it
 * is terminated, since nothing else can interrupt synchronous work.
 */
export class JsonataEvaluationPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: JsonataEvaluationPoolOptions) {}

  /** Evaluates on a worker thread; rejects with the QueryEvaluationError the state raises. */
  evaluate(evaluation: JsonataEvaluation): Promise<Json> {
    if (this.closed) return Promise.reject(new Error('The JSONata evaluation threads are shut down.'));
    return new Promise((resolve, reject) => {
      const job: Job = {
        evaluation,
        since: Date.now(),
        resolve,
        reject,
        timer: this.timer(() => this.expireQueued(job), this.options.timeoutMs),
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Terminates the workers; what still waits or runs is rejected (its transaction rolls back). */
  async close(): Promise<void> {
    this.closed = true;
    const stopping = new Error('The JSONata evaluation threads are shutting down.');
    for (const job of this.queue.splice(0)) settled(job).reject(stopping);
    const workers = [...this.workers];
    this.workers.clear();
    for (const { job } of workers) if (job) settled(job.job).reject(stopping);
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
  }

  /** Hands queued jobs to idle workers, starting workers up to the limit. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = [...this.workers].find((candidate) => !candidate.job) ?? this.startWorker();
      if (!worker) return;
      const job = this.queue.shift()!;
      clearTimeout(job.timer);
      const left = Math.max(0, job.since + this.options.timeoutMs - Date.now());
      const id = this.nextId++;
      job.timer = this.timer(() => this.expireRunning(worker, job), left + TERMINATE_GRACE_MS);
      worker.job = { id, job };
      const request: JsonataEvaluationRequest = {
        id,
        evaluation: job.evaluation,
        timeoutMs: this.options.timeoutMs,
        since: job.since,
        maxResultBytes: this.options.maxResultBytes,
      };
      worker.thread.postMessage(request);
    }
  }

  private startWorker(): PoolWorker | undefined {
    if (this.workers.size >= this.options.maxWorkers) return undefined;
    const { url, options } = workerEntry(import.meta.url, 'jsonata-evaluation.worker');
    const thread = new Worker(url, {
      ...options,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
    });
    const worker: PoolWorker = { thread };
    // Idle workers wait for the next long expression without keeping the process alive.
    thread.unref();
    thread.on('message', (response: JsonataEvaluationResponse) => {
      const running = worker.job;
      if (running?.id !== response.id) return;
      worker.job = undefined;
      const job = settled(running.job);
      if ('result' in response) job.resolve(response.result);
      else job.reject(new QueryEvaluationError(response.failure));
      this.dispatch();
    });
    thread.on('error', (error) => this.retire(worker, error));
    thread.on('exit', (code) =>
      this.retire(worker, new Error(`A JSONata worker thread exited with ${code}`)),
    );
    this.workers.add(worker);
    return worker;
  }

  /**
   * Forgets a worker that died; its job fails and the queue moves on with a fresh one. A thread
   * that ran out of heap was killed by its expression, which fails the state like any budget.
   */
  private retire(worker: PoolWorker, error: Error): void {
    if (!this.workers.delete(worker)) return;
    const running = worker.job;
    worker.job = undefined;
    if (running) {
      const job = settled(running.job);
      const outOfMemory = (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      job.reject(
        outOfMemory ? budgetExceeded(job, `its memory budget of ${this.options.maxHeapMb} MB`) : error,
      );
    }
    this.dispatch();
  }

  private expireQueued(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    job.reject(budgetExceeded(job, `its time budget of ${this.options.timeoutMs} ms`));
  }

  private expireRunning(worker: PoolWorker, job: Job): void {
    if (worker.job?.job !== job) return;
    this.workers.delete(worker);
    worker.job = undefined;
    void worker.thread.terminate();
    job.reject(budgetExceeded(job, `its time budget of ${this.options.timeoutMs} ms`));
    this.dispatch();
  }

  private timer(onTimeout: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(onTimeout, ms);
    timer.unref();
    return timer;
  }
}

/** The error of an evaluation stopped from outside, worded as evaluateJsonata words its own. */
function budgetExceeded(job: Job, budget: string): StatesError {
  const { expression, field } = job.evaluation;
  return new QueryEvaluationError(
    `The JSONata expression '${expression}' specified for the field '${field}' exceeded ${budget}.`,
  );
}

/** The job, its deadline cleared: about to be answered. */
function settled(job: Job): Job {
  clearTimeout(job.timer);
  return job;
}
