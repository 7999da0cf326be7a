/**
 * When to read an execution's waiting tasks (`Execution.waitingTasks`) again, from its live
 * events. Pure.
 */

/** The events that start or end a task's wait for its token. */
const TASK_WAIT_CHANGES = new Set([
  'TaskScheduled',
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'TaskStateAborted',
  'TaskSubmitFailed',
  'TaskStartFailed',
]);

export interface HistoryEventLike {
  readonly seq: number;
  readonly type: string;
}

/**
 * The seq of the latest event among `events` (seq order) that may have started or ended a wait,
 * 0 if none: the waiting tasks read once stay true until it changes.
 */
export function lastTaskWaitChange(events: readonly HistoryEventLike[]): number {
  return events.findLast((event) => TASK_WAIT_CHANGES.has(event.type))?.seq ?? 0;
}
