/**
 * Each state's status, read from an execution's history events in seq order. A state that runs
 * more than once (a loop, a Map's iterations, a redrive) shows what its latest run did.
 */

export const STATE_STATUSES = [
  'NOT_STARTED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'CAUGHT',
  'RETRYING',
  'ABORTED',
] as const;

export type StateStatus = (typeof STATE_STATUSES)[number];

/** What of a history event the status needs. */
export interface StatusEvent {
  readonly seq: number;
  readonly type: string;
  readonly stateName?: string | null;
}

/** One run of a state: its status, and whether its work failed since it was entered. */
export interface StateRun {
  status: StateStatus;
  /** The state's work failed since it was entered: an exit now means a Catcher took it. */
  failed: boolean;
}

/** Statuses by state name; a state missing from the map has NOT_STARTED. */
export type StateStatuses = ReadonlyMap<string, StateStatus>;

const FAILURES = /^(Task|Activity)(Failed|TimedOut)$|^(Parallel|Map)StateFailed$/;
const SCHEDULED = /^(Task|Activity)Scheduled$/;
const SUCCEEDED = /^(Task|Activity)Succeeded$|^(Parallel|Map)StateSucceeded$/;

/**
 * The run of a state after one of its events: a new run when the event enters the state, `run`
 * changed in place otherwise; `undefined` for an event about a state never entered.
 */
export function advanceRun(run: StateRun | undefined, type: string): StateRun | undefined {
  if (type === 'FailStateEntered') return { status: 'FAILED', failed: true };
  if (type.endsWith('StateEntered')) return { status: 'RUNNING', failed: false };
  if (!run) return undefined;
  if (type.endsWith('StateExited')) {
    run.status = run.failed ? 'CAUGHT' : 'SUCCEEDED';
  } else if (type.endsWith('StateAborted')) {
    run.status = 'ABORTED';
  } else if (FAILURES.test(type)) {
    run.failed = true;
    run.status = 'FAILED';
  } else if (SCHEDULED.test(type) && run.failed) {
    // Scheduled again after a failure: a Retrier took it. Success clears the mark.
    run.status = 'RETRYING';
  } else if (SUCCEEDED.test(type)) {
    // Its work succeeded after all (a retry, or a redrive resuming a Map's iterations).
    run.failed = false;
    run.status = 'RUNNING';
  }
  return run;
}

/** How the end of the execution (`type`) ends a run still going, if it does. */
export function endOfExecution(type: string): StateStatus | undefined {
  if (type === 'ExecutionFailed' || type === 'ExecutionTimedOut') return 'FAILED';
  if (type === 'ExecutionAborted') return 'ABORTED';
  return undefined;
}

/** The execution ended with `status`: `run`, if still going, ended with it. */
export function endRun(run: StateRun, status: StateStatus): void {
  if (run.status === 'RUNNING' || run.status === 'RETRYING') run.status = run.failed ? 'FAILED' : status;
}

/** Folds events into the state statuses. Events must come in seq order; apply more with {@link applyEvents}. */
export class StatusBook {
  private readonly runs = new Map<string, StateRun>();

  apply(event: StatusEvent): void {
    const { type, stateName } = event;
    const ended = endOfExecution(type);
    if (ended) {
      for (const run of this.runs.values()) endRun(run, ended);
      return;
    }
    if (!stateName) return;
    const run = advanceRun(this.runs.get(stateName), type);
    if (run) this.runs.set(stateName, run);
  }

  statuses(): StateStatuses {
    return new Map([...this.runs].map(([name, run]) => [name, run.status]));
  }
}

/** The statuses after `events`, from scratch. */
export function statusesOf(events: Iterable<StatusEvent>): StateStatuses {
  const book = new StatusBook();
  for (const event of events) book.apply(event);
  return book.statuses();
}
