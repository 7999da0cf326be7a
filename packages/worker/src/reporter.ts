/**
 * Reports a task's answer exactly once as the server sees it. A network failure leaves it unknown
 * whether the server applied the answer, so the same answer is sent again with backoff; the server
 * keeps the first answer of a task and refuses any later one with CONFLICT ("task is no longer
 * open"), which therefore means done, not failed: either an earlier attempt of this very report
 * reached the server and only its answer was lost, or the task was already closed (timed out, its
 * execution stopped, answered elsewhere). Either way nothing is left to report.
 */
import type { Connection } from './api-client.js';
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryOptions } from './backoff.js';
import { isRetryable, StepgraphApiError } from './errors.js';
import { sendTaskAnswer, type TaskAnswer } from './task-api.js';

/** `accepted`: this report closed the task. `already-closed`: the task was closed (see above). */
export type ReportOutcome = 'accepted' | 'already-closed';

export interface ReportOptions {
  readonly retry?: RetryOptions;
  /** Called before each new attempt with the error that made the previous one fail. */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

/** Sends `answer` for `taskToken` until the server has it; rejects on an error a retry cannot fix. */
export async function reportAnswer(
  connection: Connection,
  taskToken: string,
  answer: TaskAnswer,
  options: ReportOptions = {},
): Promise<ReportOutcome> {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sendTaskAnswer(connection, taskToken, answer);
      return 'accepted';
    } catch (error) {
      if (error instanceof StepgraphApiError && error.code === 'CONFLICT') return 'already-closed';
      const delay = backoffDelay(attempt, retry);
      if (!isRetryable(error) || Date.now() - startedAt + delay > retry.maxElapsedMs) throw error;
      options.onRetry?.(error, attempt);
      await sleep(delay);
    }
  }
}
