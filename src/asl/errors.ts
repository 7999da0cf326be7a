/**
 * Errors of the Amazon States Language. Every error an execution can raise is a `StatesError`
 * whose `name` is the ASL error name (`States.Timeout`, or a task's own `Error` string) and whose
 * `cause` is the human-readable text AWS records as `Cause`.
 */

/** How a predefined error behaves in `Retry` and `Catch`. */
export interface ErrorHandling {
  /** `States.ALL` in a Retrier or Catcher matches it. */
  readonly matchedByAll: boolean;
  /** A Retrier or Catcher that names it explicitly matches it. */
  readonly handleable: boolean;
}

/** Base class of every error raised while running ASL. */
export class StatesError extends Error {
  /** The `Cause` text recorded in history and returned as the execution's cause. */
  override readonly cause: string;

  constructor(name: string, cause = '') {
    super(cause ? `${name}: ${cause}` : name);
    this.name = name;
    this.cause = cause;
  }

  /** How `Retry` and `Catch` may treat this error. Errors raised by tasks are fully handleable. */
  get handling(): ErrorHandling {
    return { matchedByAll: true, handleable: true };
  }

  /** The error output that a Catcher places by its `ResultPath`. */
  toErrorOutput(): { Error: string; Cause: string } {
    return { Error: this.name, Cause: this.cause };
  }
}

/** How each predefined error name behaves in `Retry` and `Catch`, by name. */
const predefinedHandling = new Map<string, ErrorHandling>();

/** Declares a predefined `States.*` error class. */
function predefined(name: string, handling: ErrorHandling): new (cause?: string) => StatesError {
  const handlingOf = handling;
  predefinedHandling.set(name, handling);
  return class extends StatesError {
    constructor(cause = '') {
      super(name, cause);
    }
    override get handling(): ErrorHandling {
      return handlingOf;
    }
  };
}

const handleable: ErrorHandling = { matchedByAll: true, handleable: true };

/** Data exceeded the 256 KiB limit. Terminal: `States.ALL` does not match it. */
export const DataLimitExceeded = predefined('States.DataLimitExceeded', {
  matchedByAll: false,
  handleable: true,
});
/** An unprocessable runtime fault, e.g. a path that matches nothing. Never retried nor caught. */
export const RuntimeError = predefined('States.Runtime', { matchedByAll: false, handleable: false });
/** A task ran longer than `TimeoutSeconds`. */
export const TimeoutError = predefined('States.Timeout', handleable);
/** A task sent no heartbeat for longer than `HeartbeatSeconds`. */
export const HeartbeatTimeout = predefined('States.HeartbeatTimeout', handleable);
/** A task failed. */
export const TaskFailed = predefined('States.TaskFailed', handleable);
/** No Choice rule matched and the Choice state has no `Default`. */
export const NoChoiceMatched = predefined('States.NoChoiceMatched', handleable);
/** An intrinsic function failed. */
export const IntrinsicFailure = predefined('States.IntrinsicFailure', handleable);
/** A `Parameters` field could not be evaluated. */
export const ParameterPathFailure = predefined('States.ParameterPathFailure', handleable);
/** `ResultPath` could not be applied to the state's input. */
export const ResultPathMatchFailure = predefined('States.ResultPathMatchFailure', handleable);
/** A Parallel branch failed. */
export const BranchFailed = predefined('States.BranchFailed', handleable);
/** A JSONata expression could not be evaluated. */
export const QueryEvaluationError = predefined('States.QueryEvaluationError', handleable);
/** The caller lacked permission to run a task. */
export const Permissions = predefined('States.Permissions', handleable);
/** Distributed Map's failure tolerance was exceeded. */
export const ExceedToleratedFailureThreshold = predefined(
  'States.ExceedToleratedFailureThreshold',
  handleable,
);

/**
 * An intrinsic function call that does not parse (`States.Format('a'`, an unknown `States.Foo()`).
 * Definition validation reports it before any run; met at run time it is a `States.Runtime` failure.
 * `cause` says what is wrong; `position` is the 0-based offset in `expression` where it was found.
 */
export class IntrinsicSyntaxError extends RuntimeError {
  constructor(
    cause: string,
    readonly expression: string,
    readonly position: number,
  ) {
    super(cause);
  }
}

/** Map state items could not be read (reserved for `ItemReader`, which inline Map does not use). */
export const ItemReaderFailed = predefined('States.ItemReaderFailed', handleable);

/** The wildcard error name that matches every error whose `handling.matchedByAll` is true. */
export const STATES_ALL = 'States.ALL';

/**
 * How an error known only by name (a task's or a child run's failure) behaves in `Retry` and
 * `Catch`: a predefined `States.*` name keeps its rules, any other name is fully handleable.
 */
export function errorHandling(name: string | undefined): ErrorHandling {
  return (name !== undefined && predefinedHandling.get(name)) || handleable;
}
