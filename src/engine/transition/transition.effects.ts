/**
 * What the engine does with a step's effect, and what outcome a run is due when a job (rather
 * than the step before it) wakes it.
 */
import type { Effect, Outcome, StepResult } from '../../asl/index.js';
import type { RunRecord } from './run.record.js';
import { childEnded, fork, joinOutcome } from './run.fan-out.js';
import type { Transition } from './transition.js';
import { scheduleTask } from '../tasks/task.attempts.js';

type RunEnd = Extract<Effect, { kind: 'run-succeeded' | 'run-failed' }>;

/** Carries out the effect of the step that just advanced `run`. */
export async function carryOutEffect(
  transition: Transition,
  run: RunRecord,
  result: StepResult,
): Promise<void> {
  const effect = result.effect;
  switch (effect.kind) {
    case 'run-task':
      scheduleTask(transition, run, effect.task, result.events);
      return;
    case 'start-timer':
      // A timer already due (Wait 0) fires in this transaction, after what is already queued.
      if (effect.dueAt <= transition.nowMs) transition.push(run, { kind: 'timer-fired' });
      else transition.wake(run, effect.dueAt);
      return;
    case 'fork':
      fork(transition, run, effect.children, effect.maxConcurrency);
      return;
    case 'continue':
      transition.wake(run);
      return;
    case 'none':
      return;
    case 'run-succeeded':
    case 'run-failed':
      await runEnded(transition, run, effect);
      return;
  }
}

async function runEnded(transition: Transition, run: RunRecord, effect: RunEnd): Promise<void> {
  if (effect.kind === 'run-succeeded') {
    run.status = 'SUCCEEDED';
    run.output = effect.output;
  } else {
    run.status = 'FAILED';
    run.error = effect.error ?? null;
    run.cause = effect.cause ?? null;
  }
  transition.runs.touch(run);
  if (run.parentRunId !== null) {
    await childEnded(transition, run);
    return;
  }
  if (effect.kind === 'run-succeeded') transition.endExecution('SUCCEEDED', { output: effect.output });
  else transition.endExecution('FAILED', { error: effect.error, cause: effect.cause });
}

/**
 * The outcome a running run is due, read from the database: its start, a continue after the
 * inline cap, a timer that has fired (re-armed if the job came early), its join, or its redrive.
 * Nothing when it waits for a task or for children still running.
 */
export async function dueOutcome(transition: Transition, run: RunRecord): Promise<Outcome | undefined> {
  const waiting = run.state.waiting;
  if (run.redrivePending) {
    const resume = waiting?.kind === 'children' && run.currentFork > 0 ? 'children' : 'state';
    return { kind: 'redrive', resume };
  }
  if (waiting === null) return { kind: 'start' };
  switch (waiting.kind) {
    case 'continue':
      return { kind: 'continue' };
    case 'timer':
      if (waiting.dueAt <= transition.nowMs) return { kind: 'timer-fired' };
      transition.wake(run, waiting.dueAt);
      return undefined;
    case 'children':
    case 'task': {
      const outcome = waiting.kind === 'children' ? await joinOutcome(transition, run) : undefined;
      // A wake-up that finds nothing due: forget it, or the sweeper would keep re-sending it.
      if (!outcome && run.wakeAtMs !== null) {
        run.wakeAtMs = null;
        transition.runs.touch(run);
      }
      return outcome;
    }
  }
}
