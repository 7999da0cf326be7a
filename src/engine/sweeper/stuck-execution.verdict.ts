/**
 * What to do with an execution that broke the invariant "a RUNNING execution has at least one
 * pending job, timer, task token, activity task or running child", read from its running runs.
 * Pure: the sweeper reads the runs under the execution's lock and carries the verdict out.
 */
import type { StuckAction } from './stuck-execution.reports.js';

/** The broken invariant, as a failed execution's cause states it. */
export const STUCK_INVARIANT =
  'a RUNNING execution must have a pending job, timer, task token, activity task or running child';

/** A running run of a stuck execution, as the sweeper reads it. */
export interface StuckRun {
  readonly id: string;
  readonly fence: number;
  readonly stateName: string;
  /** `state.waiting.kind`; null when the run is ready to start. */
  readonly waitingFor: string | null;
  readonly redrivePending: boolean;
  /** Of the run's latest fan-out: every child succeeded. */
  readonly childrenSucceeded: boolean;
  /** Of the run's latest fan-out: a child is RUNNING (it is judged on its own). */
  readonly childRunning: boolean;
  /** Of the run's latest fan-out: a child FAILED. */
  readonly childFailed: boolean;
}

/** A repair re-enqueues a `run` job for each run whose next step its own row tells. */
export type StuckVerdict =
  | {
      readonly action: Extract<StuckAction, 'repaired'>;
      readonly reason: string;
      readonly runs: readonly StuckRun[];
    }
  | { readonly action: Extract<StuckAction, 'failed'>; readonly reason: string };

type RunVerdict = { readonly ready: string } | { readonly broken: string } | undefined;

function runVerdict(run: StuckRun): RunVerdict {
  const where = `run ${run.id} in state "${run.stateName}"`;
  if (run.redrivePending) return { ready: `${where} was to be redriven but had no job` };
  switch (run.waitingFor) {
    case null:
    case 'continue':
      return { ready: `${where} was ready to step but had no job` };
    case 'timer':
      // Its due time is in the run's own state: a `run` job fires it, or re-arms it when early.
      return { ready: `${where} had lost its timer` };
    case 'children':
      if (run.childRunning) return undefined;
      if (run.childrenSucceeded || run.childFailed)
        return { ready: `${where} was never woken to join its ended children` };
      return { broken: `${where} waits for children none of which runs` };
    case 'task':
      return { broken: `${where} waits for a task attempt that is no longer open` };
    default:
      return { broken: `${where} waits for "${run.waitingFor}", which nothing delivers` };
  }
}

/** Repair when every stuck run's next step is known; otherwise fail, naming what was broken. */
export function stuckVerdict(runs: readonly StuckRun[]): StuckVerdict {
  if (runs.length === 0) return { action: 'failed', reason: 'none of its runs is running' };
  const ready: StuckRun[] = [];
  const readyReasons: string[] = [];
  for (const run of runs) {
    const verdict = runVerdict(run);
    if (verdict === undefined) continue;
    if ('broken' in verdict) return { action: 'failed', reason: verdict.broken };
    ready.push(run);
    readyReasons.push(verdict.ready);
  }
  if (ready.length === 0) return { action: 'failed', reason: 'no running run has a step to take' };
  return {
    action: 'repaired',
    reason: `${readyReasons.join('; ')}: its run job was enqueued again`,
    runs: ready,
  };
}

/** The `States.Runtime` cause of an execution the sweeper fails. */
export function stuckCause(reason: string): string {
  return `Stuck execution: ${STUCK_INVARIANT}, and this one had none (${reason})`;
}
