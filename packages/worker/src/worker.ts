/**
 * createWorker: long-polls each activity, runs its handler with at most `concurrency` tasks (and
 * polls) at once, reports each task once, and drains on stop() or a signal (docs/worker.md).
 */
import { hostname } from 'node:os';
import type { Connection } from './api-client.js';
import { backoffDelay, sleep } from './backoff.js';
import { Slots } from './slots.js';
import { getActivityTask } from './task-api.js';
import { TaskRun, type TaskRunEnvironment } from './task-run.js';
import type { ActivityHandler, Worker, WorkerErrorContext, WorkerOptions } from './types.js';

const DEFAULTS = {
  concurrency: 1,
  pollWaitSeconds: 20,
  shutdownTimeoutMs: 30_000,
  stopOnSignals: ['SIGTERM', 'SIGINT'] as readonly NodeJS.Signals[],
};

/** Backoff of a poll that failed: the API down must not be hammered by every poller. */
const POLL_RETRY = { initialDelayMs: 500, maxDelayMs: 30_000, maxElapsedMs: Infinity };

/** AWS's limit on a worker name, which the API enforces. */
const MAX_WORKER_NAME_LENGTH = 80;

/** Starts a worker: it polls at once. */
export function createWorker(options: WorkerOptions): Worker {
  const settings = checkOptions(options);
  const connection: Connection = { url: options.url, apiKey: options.apiKey };
  const onError = options.onError ?? writeError;
  const env: TaskRunEnvironment = { connection, retry: options.retry, onError };
  const slots = new Slots(settings.concurrency);
  const polling = new AbortController();
  const runs = new Set<TaskRun>();

  const pollLoop = async (activity: string, handler: ActivityHandler): Promise<void> => {
    let failures = 0;
    while (await slots.acquire(polling.signal)) {
      let task;
      try {
        task = await getActivityTask(connection, activity, {
          workerName: settings.workerName,
          waitSeconds: settings.pollWaitSeconds,
          signal: polling.signal,
        });
        failures = 0;
      } catch (error) {
        slots.release();
        if (polling.signal.aborted) return;
        failures += 1;
        onError(error, { activity, during: 'poll' });
        await sleep(backoffDelay(failures, POLL_RETRY), polling.signal);
        continue;
      }
      if (!task) {
        slots.release();
        continue;
      }
      const run = new TaskRun(env, activity, task, handler);
      runs.add(run);
      void run.settled.then(() => {
        runs.delete(run);
        slots.release();
      });
    }
  };

  // `concurrency` pollers per activity, all drawing on the same slots.
  const loops = Object.entries(options.activities).flatMap(([activity, handler]) =>
    Array.from({ length: settings.concurrency }, () => pollLoop(activity, handler)),
  );

  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let stopping: Promise<void> | undefined;
  const onSignal = () => void stop();
  const stop = (stopOptions: { timeoutMs?: number } = {}): Promise<void> => {
    stopping ??= (async () => {
      polling.abort();
      await Promise.all(loops);
      const deadline = new AbortController();
      await Promise.race([
        Promise.all([...runs].map((run) => run.settled)),
        sleep(stopOptions.timeoutMs ?? settings.shutdownTimeoutMs, deadline.signal),
      ]);
      deadline.abort();
      await Promise.all([...runs].map((run) => run.shutdown()));
      for (const signal of settings.stopOnSignals) process.removeListener(signal, onSignal);
      resolveDone();
    })();
    return stopping;
  };
  for (const signal of settings.stopOnSignals) process.once(signal, onSignal);

  return {
    get inFlight() {
      return runs.size;
    },
    done,
    stop,
  };
}

function checkOptions(options: WorkerOptions) {
  const problems: string[] = [];
  if (!options.url) problems.push('url is required');
  if (!options.apiKey) problems.push('apiKey is required');
  const activities = Object.entries(options.activities ?? {});
  if (activities.length === 0) problems.push('activities must name at least one activity');
  for (const [name, handler] of activities) {
    if (typeof handler !== 'function') problems.push(`activities.${name} must be a function`);
  }
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    problems.push('concurrency must be a positive integer');
  const pollWaitSeconds = options.pollWaitSeconds ?? DEFAULTS.pollWaitSeconds;
  if (!Number.isInteger(pollWaitSeconds) || pollWaitSeconds < 1 || pollWaitSeconds > 60) {
    problems.push('pollWaitSeconds must be an integer from 1 to 60');
  }
  if (problems.length > 0) throw new TypeError(`createWorker: ${problems.join('; ')}`);
  return {
    concurrency,
    pollWaitSeconds,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs,
    stopOnSignals: options.stopOnSignals ?? DEFAULTS.stopOnSignals,
    workerName: (options.workerName ?? `${hostname()}-${process.pid}`).slice(0, MAX_WORKER_NAME_LENGTH),
  };
}

function writeError(error: unknown, context: WorkerErrorContext): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const task = context.taskToken ? ` task ${context.taskToken.slice(0, 12)}…` : '';
  process.stderr.write(`[stepgraph worker] ${context.activity}${task} (${context.during}): ${message}\n`);
}
