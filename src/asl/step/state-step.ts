/**
 * What handling a state produced, before the step loop acts on it: move on, block, fail the run,
 * or raise an error for Retry and Catch to consider.
 */
import type { RaisedError } from '../error-matching.js';
import type { Json } from '../json.js';
import type { Effect, Waiting } from './step.types.js';

/** The result of entering or resuming a state. */
export type StateStep =
  /** The state completed with `output`; go to `next` (or the state's own `Next`), or end the run. */
  | {
      readonly kind: 'next';
      readonly output: Json;
      readonly assigned?: Readonly<Record<string, Json>>;
      readonly next?: string;
    }
  /** The state waits for the driver. */
  | { readonly kind: 'block'; readonly waiting: Waiting; readonly effect: Effect }
  /** A Fail state: the run fails with exactly this error and cause. */
  | { readonly kind: 'fail-run'; readonly error?: string; readonly cause?: string }
  /** The state failed; Retry and Catch decide what follows. */
  | { readonly kind: 'error'; readonly raised: RaisedError };
