/** Exponential backoff with full jitter, for requests that failed on the network. */

export interface RetryOptions {
  /** The first wait, in milliseconds. Default 200. */
  readonly initialDelayMs?: number;
  /** The longest wait between two attempts. Default 10,000. */
  readonly maxDelayMs?: number;
  /** Give up once this long has passed since the first attempt. Default 300,000 (5 minutes). */
  readonly maxElapsedMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  maxElapsedMs: 300_000,
};

/** How long to wait before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(attempt: number, options: Required<RetryOptions>): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
  // Full jitter: workers that lost the server together do not come back together.
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
