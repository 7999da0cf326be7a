import type { ExecutionEvent } from '../executions/models/execution-event.model.js';
import type { ExecutionStatus } from '../executions/models/execution-status.enum.js';

/** The event types that end an execution; only a redrive (ExecutionRedriven) follows one. */
const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/** Whether an execution with this status has ended (for now: it may be redriven). */
export function isTerminalStatus(status: ExecutionStatus | undefined): boolean {
  return status !== undefined && status !== 'RUNNING';
}

/**
 * Whether the execution had ended as of `event`, given whether it had before: an ending event ends
 * it, ExecutionRedriven starts it again, any other event changes nothing.
 */
export function endedAfter(event: ExecutionEvent, endedBefore: boolean): boolean {
  if (TERMINAL_EVENT_TYPES.has(event.type)) return true;
  return event.type === 'ExecutionRedriven' ? false : endedBefore;
}

/**
 * How far an execution has moved along its life: each redrive starts a new round, and each round
 * ends once. Status notifications may arrive late or twice; one that does not move the execution
 * forward is stale.
 */
export function progressOf(execution: { status: ExecutionStatus; redriveCount: number }): number {
  return execution.redriveCount * 2 + (isTerminalStatus(execution.status) ? 1 : 0);
}
