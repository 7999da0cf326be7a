/**
 * Whole-execution transitions: resuming a run a job woke, stopping, timing out and redriving an
 * execution. Each runs inside one transition on the locked execution.
 */
import type { AbortReason } from '../asl/index.js';
import { runningChildren } from './execution.repository.js';
import type { ExecutionStatus } from '../common/execution-status.js';
import { abortTree } from './transition.children.js';
import type { Transition } from './transition.js';

const MS_PER_SECOND = 1000;
/** Statuses an execution can be redriven from (AWS's RedriveExecution). */
export const REDRIVABLE_STATUSES: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** A `run` job: queues whatever the run is due, unless the job is stale (the run moved on since). */
export async function resumeRun(transition: Transition, runId: string, fence: number): Promise<void> {
  const run = await transition.runs.get(runId);
  if (run.status === 'RUNNING' && run.fence === fence) transition.push(run);
}

/** Arms the definition's TimeoutSeconds from now (a start or a redrive). */
export function armExecutionTimeout(transition: Transition, fromMs: number): void {
  const seconds = transition.definition.TimeoutSeconds;
  if (seconds === undefined) return;
  const atMs = fromMs + seconds * MS_PER_SECOND;
  transition.execution.timeoutAtMs = atMs;
  transition.jobs.transition({ kind: 'execution-timeout', executionId: transition.execution.id }, atMs);
}

async function abortRoot(transition: Transition, reason: AbortReason): Promise<void> {
  const root = await transition.runs.root();
  if (root.status === 'RUNNING') await abortTree(transition, root, reason);
}

/**
 * Stops a running execution: aborts every open run, deepest first, cancels their tasks and
 * timers (by status and fence), and stops the executions it started. False when it is not running.
 */
export async function stopExecution(
  transition: Transition,
  reason: { readonly error?: string; readonly cause?: string },
): Promise<boolean> {
  if (transition.execution.status !== 'RUNNING') return false;
  await abortRoot(transition, { kind: 'aborted', ...reason });
  transition.endExecution('ABORTED', reason);
  transition.executionsToStop.push(...(await runningChildren(transition.manager, transition.execution.id)));
  return true;
}

/** An execution-timeout job: ends the execution TIMED_OUT if its deadline passed, else re-arms. */
export async function timeoutExecution(transition: Transition): Promise<void> {
  const execution = transition.execution;
  if (execution.status !== 'RUNNING' || execution.timeoutAtMs === null) return;
  if (execution.timeoutAtMs > transition.nowMs) {
    transition.jobs.transition(
      { kind: 'execution-timeout', executionId: execution.id },
      execution.timeoutAtMs,
    );
    return;
  }
  const error = 'States.Timeout';
  await abortRoot(transition, { kind: 'timed-out', error });
  transition.endExecution('TIMED_OUT', { error });
}

/**
 * Redrives a failed, timed-out or aborted execution: the root run resumes in the state it ended
 * in; a Parallel or Map state there redrives its unsuccessful branches or iterations and keeps the
 * successful ones. False when the execution cannot be redriven.
 */
export async function redriveExecution(transition: Transition): Promise<boolean> {
  const execution = transition.execution;
  if (!REDRIVABLE_STATUSES.includes(execution.status)) return false;
  execution.status = 'RUNNING';
  execution.output = undefined;
  execution.error = null;
  execution.cause = null;
  execution.stoppedAtMs = null;
  execution.redriveCount += 1;
  execution.redrivenAtMs = transition.nowMs;
  transition.announceStatus = true;
  armExecutionTimeout(transition, transition.nowMs);
  const root = await transition.runs.root();
  root.status = 'RUNNING';
  root.error = null;
  root.cause = null;
  root.redrivePending = root.state.waiting !== null;
  transition.runs.touch(root);
  transition.push(root);
  return true;
}
