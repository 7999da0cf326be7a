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

interface StateRun {
  status: StateStatus;
  /** The state's work failed since it was entered: an exit now means a Catcher took it. */
  failed: boolean;
}

/** Statuses by state name; a state missing from the map has NOT_STARTED. */
export type StateStatuses = ReadonlyMap<string, StateStatus>;

const FAILURES = /^(Task|Activity)(Failed|TimedOut)$|^(Parallel|Map)StateFailed$/;
const SCHEDULED = /^(Task|Activity)Scheduled$/;

/** Folds events into the state statuses. Events must come in seq order; apply more with {@link applyEvents}. */
export class StatusBook {
  private readonly runs = new Map<string, StateRun>();

  apply(event: StatusEvent): void {
    const { type, stateName } = event;
    if (type === 'ExecutionFailed' || type === 'ExecutionTimedOut') return this.endRunning('FAILED');
    if (type === 'ExecutionAborted') return this.endRunning('ABORTED');
    if (!stateName) return;
    const run = this.runs.get(stateName);
    if (type === 'FailStateEntered') {
      this.runs.set(stateName, { status: 'FAILED', failed: true });
    } else if (type.endsWith('StateEntered')) {
      this.runs.set(stateName, { status: 'RUNNING', failed: false });
    } else if (!run) {
      return;
    } else if (type.endsWith('StateExited')) {
      run.status = run.failed ? 'CAUGHT' : 'SUCCEEDED';
    } else if (type.endsWith('StateAborted')) {
      run.status = 'ABORTED';
    } else if (FAILURES.test(type)) {
      run.failed = true;
      run.status = 'FAILED';
    } else if (SCHEDULED.test(type) && run.failed) {
      // Scheduled again after a failure: a Retrier took it. Success clears the mark.
      run.status = 'RETRYING';
    } else if (type === 'TaskSucceeded' || type === 'ActivitySucceeded') {
      run.failed = false;
      run.status = 'RUNNING';
    }
  }

  statuses(): StateStatuses {
    return new Map([...this.runs].map(([name, run]) => [name, run.status]));
  }

  /** The execution ended: whatever still runs ended with it. */
  private endRunning(status: StateStatus): void {
    for (const run of this.runs.values()) {
      if (run.status === 'RUNNING' || run.status === 'RETRYING') run.status = run.failed ? 'FAILED' : status;
    }
  }
}

/** The statuses after `events`, from scratch. */
export function statusesOf(events: Iterable<StatusEvent>): StateStatuses {
  const book = new StatusBook();
  for (const event of events) book.apply(event);
  return book.statuses();
}
