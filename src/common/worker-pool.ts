import { Worker, type WorkerOptions } from 'node:worker_threads';

/** What the pool and its workers send each other carries the job's id, so answers find their job. */
export interface WorkerMessage {
  readonly id: number;
}

/** How a job ends: with a result (the promise resolves) or an error (it rejects). */
export type WorkerOutcome<Result> = { readonly result: Result } | { readonly error: Error };

/** What one use of the pool decides: its worker, its limits, and what each ending means to a job. */
export interface WorkerPoolOptions<Request extends WorkerMessage, Response extends WorkerMessage, Result> {
  /** What a thread is called in the error of its exit: `A ${name} exited with 1`. */
  readonly name: string;
  /** The worker's entry module and options (see workerEntry), `resourceLimits` included. */
  readonly entry: { readonly url: URL; readonly options: WorkerOptions };
  /** Worker threads at most, started on demand; each runs one job at a time. */
  readonly maxWorkers: number;
  /** Jobs waiting for a worker at most, and the refusal of one more; unbounded if absent. */
  readonly queueLimit?: { readonly maxQueued: number; busy(): Error };
  /** How long a job may wait for a worker, from when it was asked for. */
  readonly queuedTimeoutMs: number;
  /** How long a job may run once on a worker; past it the worker is terminated. */
  runningTimeoutMs(request: Request): number;
  /** What a worker's answer means. */
  answer(response: Response, request: Request): WorkerOutcome<Result>;
  /** What waiting past {@link queuedTimeoutMs} means. */
  queuedTimeout(request: Request): Error;
  /** What running past {@link runningTimeoutMs} means; the worker is terminated already. */
  runningTimeout(request: Request): WorkerOutcome<Result>;
  /** What the death of the worker running the job means: `error` is the thread's, or its exit's. */
  workerDied(request: Request, error: Error): Error;
  /** The refusal of a job asked for once the pool is closed. */
  closed(): Error;
  /** What closing means to the jobs still waiting or running. */
  closing(): Error;
}

interface Job<Request, Result> {
  readonly request: Request;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface PoolWorker<Request, Result> {
  readonly thread: Worker;
  job?: Job<Request, Result>;
}

/**
 * A few worker threads that take work too long for the event loop. Workers start on demand up to
 * a limit and are kept for the next job; none keeps the process alive. Every job has a deadline
 * while it waits for a worker and another while it runs, so a caller always gets an answer.
 */
export class WorkerPool<Request extends WorkerMessage, Response extends WorkerMessage, Result> {
  private readonly workers = new Set<PoolWorker<Request, Result>>();
  private readonly queue: Job<Request, Result>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions<Request, Response, Result>) {}

  /** Runs the job that `message` builds, given the job's id, on a worker thread. */
  run(message: (id: number) => Request): Promise<Result> {
    if (this.closed) return Promise.reject(this.options.closed());
    const { queueLimit } = this.options;
    if (queueLimit && this.queue.length >= queueLimit.maxQueued) return Promise.reject(queueLimit.busy());
    return new Promise((resolve, reject) => {
      const job: Job<Request, Result> = {
        request: message(this.nextId++),
        resolve,
        reject,
        timer: this.timer(() => this.expireQueued(job), this.options.queuedTimeoutMs),
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Terminates the workers; what still waits or runs fails with the `closing` error. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping = this.options.closing();
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
      job.timer = this.timer(
        () => this.expireRunning(worker, job),
        this.options.runningTimeoutMs(job.request),
      );
      worker.job = job;
      worker.thread.postMessage(job.request);
    }
  }

  private startWorker(): PoolWorker<Request, Result> | undefined {
    if (this.workers.size >= this.options.maxWorkers) return undefined;
    const { url, options } = this.options.entry;
    const worker: PoolWorker<Request, Result> = { thread: new Worker(url, options) };
    // Idle workers wait for the next job without keeping the process alive.
    worker.thread.unref();
    worker.thread.on('message', (response: Response) => {
      const job = worker.job;
      if (job?.request.id !== response.id) return;
      worker.job = undefined;
      settle(settled(job), this.options.answer(response, job.request));
      this.dispatch();
    });
    worker.thread.on('error', (error) => this.retire(worker, error));
    worker.thread.on('exit', (code) =>
      this.retire(worker, new Error(`A ${this.options.name} exited with ${code}`)),
    );
    this.workers.add(worker);
    return worker;
  }

  /** Forgets a worker that died; its job fails, the queue moves on with a fresh one. */
  private retire(worker: PoolWorker<Request, Result>, error: Error): void {
    if (!this.workers.delete(worker)) return;
    const job = worker.job;
    worker.job = undefined;
    if (job) settled(job).reject(this.options.workerDied(job.request, error));
    this.dispatch();
  }

  private expireQueued(job: Job<Request, Result>): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    job.reject(this.options.queuedTimeout(job.request));
  }

  /** A job that overruns is stopped with its worker: nothing else can interrupt synchronous work. */
  private expireRunning(worker: PoolWorker<Request, Result>, job: Job<Request, Result>): void {
    if (worker.job !== job) return;
    this.workers.delete(worker);
    worker.job = undefined;
    void worker.thread.terminate();
    settle(job, this.options.runningTimeout(job.request));
    this.dispatch();
  }

  private timer(onTimeout: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(onTimeout, ms);
    timer.unref();
    return timer;
  }
}

/** The job, its deadline cleared: about to be answered. */
function settled<Request, Result>(job: Job<Request, Result>): Job<Request, Result> {
  clearTimeout(job.timer);
  return job;
}

function settle<Result>(job: Job<unknown, Result>, outcome: WorkerOutcome<Result>): void {
  if ('result' in outcome) job.resolve(outcome.result);
  else job.reject(outcome.error);
}
