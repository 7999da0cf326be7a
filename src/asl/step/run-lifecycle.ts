/**
 * Creating an execution's root run, and stopping a run from outside (a stopped execution, a timed
 * out execution, or a sibling of a failed branch or iteration).
 */
import type { StateMachineDefinition } from '../definition.js';
import { failureDetails, mapIterationDetails, type HistoryEventType } from '../events.js';
import type { Json } from '../json.js';
import { StepSession } from './step-session.js';
import type { Effect, RunState, StepEnv, StepResult } from './step.types.js';

/** The root run of a new execution, ready for `step(..., { kind: 'start' }, ...)`. */
export function initialRun(definition: StateMachineDefinition, input: Json): RunState {
  return {
    path: [],
    stateName: definition.StartAt,
    input,
    variables: {},
    enteredEventId: 0,
    enteredTime: '',
    lastEventId: 0,
    retryCounts: [],
    waiting: null,
  };
}

/** Why a run is stopped from outside. */
export interface AbortReason {
  /**
   * What the root run records: `aborted` ExecutionAborted, `timed-out` ExecutionTimedOut, `failed`
   * ExecutionFailed (the engine found the execution broken and fails it, e.g. its sweeper).
   */
  readonly kind: 'aborted' | 'timed-out' | 'failed';
  readonly error?: string;
  readonly cause?: string;
}

const ROOT_END_EVENTS: Readonly<Record<AbortReason['kind'], HistoryEventType>> = {
  aborted: 'ExecutionAborted',
  'timed-out': 'ExecutionTimedOut',
  failed: 'ExecutionFailed',
};

function abortedStateEvent(session: StepSession): HistoryEventType | undefined {
  const waiting = session.run.waiting;
  if (waiting === null || waiting.kind === 'continue') return undefined;
  const type = session.state.Type;
  if (type === 'Task' || type === 'Wait' || type === 'Parallel' || type === 'Map')
    return `${type}StateAborted`;
  return undefined;
}

/**
 * Stops `run`: records the abort of the state it waits in, then MapIterationAborted for an
 * iteration or the root's end event ({@link AbortReason}). The driver stops a run's children
 * (deepest first) before the run itself; the returned `run` is always `null`.
 */
export function abortRun(
  definition: StateMachineDefinition,
  run: RunState,
  reason: AbortReason,
  env: StepEnv,
): StepResult {
  const session = new StepSession(definition, run, env);
  const stateEvent = abortedStateEvent(session);
  if (stateEvent) session.emit(stateEvent, {}, run.stateName);
  const last = run.path.at(-1);
  if (run.path.length === 0) {
    const type = ROOT_END_EVENTS[reason.kind];
    session.emit(type, failureDetails(reason.error, reason.cause));
  } else if (last && 'iteration' in last) {
    session.emit('MapIterationAborted', mapIterationDetails(last.state, last.iteration), last.state);
  }
  const effect: Effect = {
    kind: 'run-failed',
    ...(reason.error === undefined ? {} : { error: reason.error }),
    ...(reason.cause === undefined ? {} : { cause: reason.cause }),
  };
  return { run: null, events: session.events, effect, transitions: 0, endedRun: run };
}
