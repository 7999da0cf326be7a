/**
 * Retry policy: given a state's Retriers, an error and the attempts already spent, decide whether
 * to retry and after how long. The first Retrier whose `ErrorEquals` matches decides alone; once
 * its `MaxAttempts` are spent the error goes on to `Catch`.
 */
import { errorMatches, type RaisedError } from './error-matching.js';
import type { Retrier } from './states/state-fields.js';

/** `IntervalSeconds` when a Retrier leaves it out. */
export const DEFAULT_INTERVAL_SECONDS = 1;
/** `MaxAttempts` when a Retrier leaves it out. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** `BackoffRate` when a Retrier leaves it out. */
export const DEFAULT_BACKOFF_RATE = 2;

/** The verdict: retry after `delayMs` (with the updated per-Retrier counts), or give up. */
export type RetryDecision =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly retryCounts: number[] }
  | { readonly kind: 'give-up' };

/** The wait before retry number `attempt` (0-based) of a Retrier, in milliseconds. */
export function backoffMs(retrier: Retrier, attempt: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
  const rate = retrier.BackoffRate ?? DEFAULT_BACKOFF_RATE;
  let seconds = interval * rate ** attempt;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return Math.round(seconds * 1000);
}

/**
 * Decides what to do about `raised`. `retryCounts[i]` is how many retries Retrier `i` has made for
 * the current state entry; the returned counts include the new one.
 */
export function decideRetry(
  retriers: readonly Retrier[] | undefined,
  raised: RaisedError,
  retryCounts: readonly number[],
  random: () => number,
): RetryDecision {
  const index = (retriers ?? []).findIndex((retrier) => errorMatches(retrier.ErrorEquals, raised));
  if (index < 0) return { kind: 'give-up' };
  const retrier = (retriers as readonly Retrier[])[index] as Retrier;
  const spent = retryCounts[index] ?? 0;
  if (spent >= (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return { kind: 'give-up' };
  const counts = [...retryCounts];
  while (counts.length <= index) counts.push(0);
  counts[index] = spent + 1;
  return { kind: 'retry', delayMs: backoffMs(retrier, spent, random), retryCounts: counts };
}
