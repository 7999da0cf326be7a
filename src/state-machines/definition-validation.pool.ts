import { Worker } from 'node:worker_threads';
import { AppError } from '../common/app-error.js';
import { workerEntry } from '../common/worker-entry.js';
import type { DefinitionCheckRequest, DefinitionCheckResponse } from './definition-validation.messages.js';
import type { DefinitionCheck, DefinitionPurpose } from './state-machine.definition.js';

/** How many workers, how long a queue, how long a wait. */
export interface DefinitionValidationPoolOptions {
  /** Worker threads at most, started on demand; each checks one definition at a time. */
  readonly maxWorkers: number;
  /** Definitions waiting for a worker at most; one more is refused as SERVICE_UNAVAILABLE. */
  readonly maxQueued: number;
  /**
   * Both how long a definition may wait for a worker (then SERVICE_UNAVAILABLE) and how long its
   * check may run (then the worker is terminated and the definition refused as too costly).
   */
  readonly timeoutMs: number;
}

interface Job {
  readonly request: DefinitionCheckRequest;
  readonly resolve: (check: DefinitionCheck) => void;
  readonly reject: (error: AppError) => void;
  timer: NodeJS.Timeout;
}

interface PoolWorker {
  readonly thread: Worker;
  job?: Job;
}

const BUSY_MESSAGE = 'The server is busy validating other definitions; try again shortly.';

/**
 * A few worker threads that check definitions (docs/testing.md R14): validating 10,000 states takes
 * hundreds of milliseconds of CPU, which on the event loop would stall every other request and
 * subscription of the process. Workers start on the first large definition and are kept for the
 * next; none keeps the process alive. The queue is bounded and every wait has a deadline, so a
 * caller always gets an answer.
 */
export class DefinitionValidationPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: DefinitionValidationPoolOptions) {}

  /** Checks a definition's JSON text on a worker thread. */
  check(text: string, purpose: DefinitionPurpose): Promise<DefinitionCheck> {
    if (this.closed) return Promise.reject(AppError.serviceUnavailable('The server is shutting down.'));
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(AppError.serviceUnavailable(BUSY_MESSAGE));
    }
    return new Promise((resolve, reject) => {
      const job: Job = {
        request: { id: this.nextId++, text, purpose },
        resolve,
        reject,
        timer: this.timer(() => this.expireQueued(job)),
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Terminates the workers; what still waits or runs is refused as SERVICE_UNAVAILABLE. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping = AppError.serviceUnavailable('The server is shutting down.');
    for (const job of this.queue.splice(0)) settled(job).reject(stopping);
    const workers = [...this.workers];
    this.workers.clear();
    for (const { job } of workers) if (job) settled(job).reject(stopping);
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
  }

  /** Hands queued jobs to idle workers, starting workers up to the limit. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = [...this.workers].find((candidate) => !candidate.job) ?? this.startWorker();
      if (!worker) return;
      const job = this.queue.shift()!;
      clearTimeout(job.timer);
      job.timer = this.timer(() => this.expireRunning(worker, job));
      worker.job = job;
      worker.thread.postMessage(job.request);
    }
  }

  private startWorker(): PoolWorker | undefined {
    if (this.workers.size >= this.options.maxWorkers) return undefined;
    const { url, options } = workerEntry(import.meta.url, 'definition-validation.worker');
    const worker: PoolWorker = { thread: new Worker(url, options) };
    // Idle workers wait for the next large definition without keeping the process alive.
    worker.thread.unref();
    worker.thread.on('message', (response: DefinitionCheckResponse) => {
      const job = worker.job;
      if (job?.request.id !== response.id) return;
      worker.job = undefined;
      settled(job).resolve(response.check);
      this.dispatch();
    });
    // A check that throws, or a worker that cannot start, fails its job as the server's fault.
    worker.thread.on('error', (error) => this.retire(worker, AppError.internal(error)));
    worker.thread.on('exit', (code) =>
      this.retire(worker, AppError.internal(new Error(`A definition validation worker exited with ${code}`))),
    );
    this.workers.add(worker);
    return worker;
  }

  /** Forgets a worker that died; its job fails with `error`, the queue moves on with a fresh one. */
  private retire(worker: PoolWorker, error: AppError): void {
    if (!this.workers.delete(worker)) return;
    const job = worker.job;
    worker.job = undefined;
    if (job) settled(job).reject(error);
    this.dispatch();
  }

  private expireQueued(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    job.reject(AppError.serviceUnavailable(BUSY_MESSAGE));
  }

  /** A check that overruns is stopped with its worker: nothing else can interrupt synchronous work. */
  private expireRunning(worker: PoolWorker, job: Job): void {
    if (worker.job !== job) return;
    this.workers.delete(worker);
    worker.job = undefined;
    void worker.thread.terminate();
    const seconds = this.options.timeoutMs / 1000;
    job.resolve({
      diagnostics: [
        {
          path: '$',
          message: `took more than ${seconds} s to validate: split it into smaller state machines`,
        },
      ],
    });
    this.dispatch();
  }

  private timer(onTimeout: () => void): NodeJS.Timeout {
    const timer = setTimeout(onTimeout, this.options.timeoutMs);
    timer.unref();
    return timer;
  }
}

/** The job, its deadline cleared: about to be answered. */
function settled(job: Job): Job {
  clearTimeout(job.timer);
  return job;
}
