/**
 * The first move of a step: what the outcome means for the run's current state, checked against
 * what the run was waiting for.
 */
import { assertNever, type State } from '../states/state.js';
import { mapSucceeded } from '../states/map.state.js';
import { parallelSucceeded } from '../states/parallel.state.js';
import { recordActivityStarted } from '../states/task.events.js';
import { taskFailed, taskSucceeded } from '../states/task.state.js';
import { completeWait } from '../states/wait.state.js';
import { guard } from './failure.js';
import { redriveRun } from './redrive.js';
import { recordRunStarted } from './run-end.js';
import { runState } from './state-dispatch.js';
import type { StateStep } from './state-step.js';
import type { StepSession } from './step-session.js';
import { enterCurrentState } from './enter-state.js';
import type { Outcome, Waiting } from './step.types.js';

/** Refuses an outcome that does not fit the run: a driver bug, never a workflow error. */
function expectWaiting(
  session: StepSession,
  outcome: Outcome,
  kinds: readonly (Waiting['kind'] | null)[],
): void {
  const waiting = session.run.waiting?.kind ?? null;
  if (!kinds.includes(waiting)) {
    throw new Error(
      `Outcome '${outcome.kind}' does not fit run '${session.run.stateName}' waiting for '${waiting ?? 'start'}'.`,
    );
  }
}

function stateOfType<T extends State['Type']>(
  session: StepSession,
  types: readonly T[],
): Extract<State, { Type: T }> {
  const state = session.state;
  if (!(types as readonly string[]).includes(state.Type)) {
    throw new Error(`State '${session.run.stateName}' is a ${state.Type}, not one of ${types.join(', ')}.`);
  }
  return state as Extract<State, { Type: T }>;
}

function timerFired(session: StepSession): Promise<StateStep> {
  const waiting = session.run.waiting;
  if (waiting?.kind === 'timer' && waiting.purpose === 'wait') {
    return guard(session, () => completeWait(session, stateOfType(session, ['Wait'])));
  }
  stateOfType(session, ['Task', 'Parallel', 'Map']);
  return guard(session, () => runState(session));
}

function childrenSucceeded(
  session: StepSession,
  outputs: Extract<Outcome, { kind: 'children-succeeded' }>['outputs'],
) {
  const state = stateOfType(session, ['Parallel', 'Map']);
  return guard(session, () =>
    state.Type === 'Map' ? mapSucceeded(session, state, outputs) : parallelSucceeded(session, state, outputs),
  );
}

/** Applies `outcome` to the current state; `undefined` when the run just keeps waiting. */
export async function begin(session: StepSession, outcome: Outcome): Promise<StateStep | undefined> {
  switch (outcome.kind) {
    case 'start':
      expectWaiting(session, outcome, [null]);
      recordRunStarted(session);
      return enterCurrentState(session);
    case 'continue':
      expectWaiting(session, outcome, ['continue']);
      return enterCurrentState(session);
    case 'task-succeeded':
      expectWaiting(session, outcome, ['task']);
      return guard(session, () => taskSucceeded(session, stateOfType(session, ['Task']), outcome.output));
    case 'task-failed':
      expectWaiting(session, outcome, ['task']);
      return taskFailed(session, stateOfType(session, ['Task']), outcome.error, outcome.cause);
    case 'task-started':
      expectWaiting(session, outcome, ['task']);
      recordActivityStarted(session, outcome.workerName);
      return undefined;
    case 'timer-fired':
      expectWaiting(session, outcome, ['timer']);
      return timerFired(session);
    case 'children-succeeded':
      expectWaiting(session, outcome, ['children']);
      return childrenSucceeded(session, outcome.outputs);
    case 'child-failed':
      expectWaiting(session, outcome, ['children']);
      return { kind: 'error', raised: { error: outcome.error, cause: outcome.cause } };
    case 'redrive':
      return redriveRun(session, outcome.resume);
    default:
      return assertNever(outcome);
  }
}
