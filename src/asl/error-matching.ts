/**
 * Whether a Retrier's or Catcher's `ErrorEquals` covers an error, with the wildcards' AWS rules:
 * `States.ALL` matches everything except the terminal errors (`States.Runtime`,
 * `States.DataLimitExceeded`); `States.TaskFailed` matches every error a task reported except
 * `States.Timeout`; a name that is never handleable (`States.Runtime`) matches nothing.
 */
import { errorHandling, STATES_ALL } from './errors.js';

/** An error as Retry and Catch see it. */
export interface RaisedError {
  /** The error name; a Fail state may leave it out. */
  readonly error?: string;
  readonly cause?: string;
  /** True when a task (the Task state's resource) reported it, rather than the interpreter. */
  readonly fromTask?: boolean;
}

const TASK_FAILED = 'States.TaskFailed';
const TIMEOUT = 'States.Timeout';

/** True when `errorEquals` covers `raised`. */
export function errorMatches(errorEquals: readonly string[], raised: RaisedError): boolean {
  const handling = errorHandling(raised.error);
  if (!handling.handleable) return false;
  return errorEquals.some((name) => {
    if (name === STATES_ALL) return handling.matchedByAll;
    if (name === TASK_FAILED && raised.fromTask && raised.error !== TIMEOUT) return true;
    return name === raised.error;
  });
}

/** The error output a Catcher hands on: AWS binds an empty string for a missing name or cause. */
export function errorOutput(raised: RaisedError): { Error: string; Cause: string } {
  return { Error: raised.error ?? '', Cause: raised.cause ?? '' };
}
