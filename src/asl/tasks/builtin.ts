/**
 * What the builtin task resources do (docs/design.md §4), as pure descriptions both drivers carry out:
 * the durable engine sleeps through a job, the in-memory driver advances its virtual clock.
 */
import { isJsonObject, type Json } from '../json.js';
import type { BuiltinTask } from '../resources.js';
import { assertNever } from '../states/state.js';

/** How a task attempt ends: succeed with `output` or fail, after `delayMs` of work (0 when absent). */
export type TaskResult =
  | { readonly kind: 'succeed'; readonly output: Json; readonly delayMs?: number }
  | { readonly kind: 'fail'; readonly error: string; readonly cause?: string; readonly delayMs?: number };

/** The error a builtin fails with when its parameters name none. */
export const DEFAULT_BUILTIN_ERROR = 'States.TaskFailed';
const MS_PER_SECOND = 1000;

function parameter(input: Json, name: string): Json | undefined {
  return isJsonObject(input) ? input[name] : undefined;
}

function failure(input: Json): TaskResult {
  const error = parameter(input, 'error');
  const cause = parameter(input, 'cause');
  return {
    kind: 'fail',
    error: typeof error === 'string' ? error : DEFAULT_BUILTIN_ERROR,
    ...(typeof cause === 'string' ? { cause } : {}),
  };
}

function sleep(input: Json): TaskResult {
  const seconds = parameter(input, 'seconds');
  if (typeof seconds !== 'number' || !(seconds >= 0)) {
    return {
      kind: 'fail',
      error: DEFAULT_BUILTIN_ERROR,
      cause: 'builtin:sleep needs a non-negative number "seconds".',
    };
  }
  return { kind: 'succeed', output: input, delayMs: Math.round(seconds * MS_PER_SECOND) };
}

function flaky(input: Json, attempt: number): TaskResult {
  const failures = parameter(input, 'failures');
  const count = typeof failures === 'number' ? failures : 0;
  return attempt < count ? failure(input) : { kind: 'succeed', output: input };
}

/**
 * The result of a builtin task on its effective input. `attempt` counts the earlier attempts of
 * the same state in the same execution: the TaskScheduled events already recorded for that state
 * name (state names are unique across a whole state machine).
 */
export function runBuiltinTask(name: BuiltinTask, input: Json, attempt: number): TaskResult {
  switch (name) {
    case 'echo':
      return { kind: 'succeed', output: input };
    case 'fail':
      return failure(input);
    case 'sleep':
      return sleep(input);
    case 'flaky':
      return flaky(input, attempt);
    default:
      return assertNever(name);
  }
}
