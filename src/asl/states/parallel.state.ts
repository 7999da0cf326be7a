/**
 * The Parallel state, its fields and how it runs: each attempt starts one child run per branch on
 * the same input; when all succeed their outputs, in branch order, are the state's result. A failed
 * branch fails the state with the branch's own error.
 */
import type { Json, JsonObject } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-template.js';
import { evaluatePayloadTemplate } from '../payload-template.js';
import { completeWithResult, effectiveInput } from '../step/data-flow.js';
import type { StateStep } from '../step/state-step.js';
import type { StepSession } from '../step/step-session.js';
import { childRun } from './child-runs.js';
import type {
  AssignOutputFields,
  CommonFields,
  ErrorHandlingFields,
  InputOutputPathFields,
  ResultFields,
  StatesBlock,
  TransitionFields,
} from './state-fields.js';

/** A Parallel state. */
export interface ParallelState
  extends
    CommonFields,
    TransitionFields,
    InputOutputPathFields,
    ResultFields,
    AssignOutputFields,
    ErrorHandlingFields {
  readonly Type: 'Parallel';
  readonly Branches: readonly StatesBlock[];
  /** JSONPath: the branches' input template. */
  readonly Parameters?: JsonObject;
  /** JSONata: the branches' input. */
  readonly Arguments?: Json;
}

async function branchInput(session: StepSession, state: ParallelState): Promise<Json> {
  if (session.language === 'JSONata') {
    if (state.Arguments === undefined) return session.run.input;
    return evaluateJsonataTemplate(state.Arguments, 'Arguments', session.jsonataScope());
  }
  const input = effectiveInput(session, state);
  return state.Parameters ? evaluatePayloadTemplate(state.Parameters, session.pathScope(input)) : input;
}

/** Starts one attempt of a Parallel state: forks its branches. */
export async function attemptParallel(session: StepSession, state: ParallelState): Promise<StateStep> {
  const input = await branchInput(session, state);
  session.emit('ParallelStateStarted', {}, session.run.stateName);
  const children = state.Branches.map((branch, index) =>
    childRun(session, { state: session.run.stateName, branch: index }, branch.StartAt, input),
  );
  return {
    kind: 'block',
    waiting: { kind: 'children', count: children.length },
    effect: { kind: 'fork', children, maxConcurrency: 0 },
  };
}

/** Completes a Parallel state with its branches' outputs. */
export async function parallelSucceeded(
  session: StepSession,
  state: ParallelState,
  outputs: readonly Json[],
): Promise<StateStep> {
  session.emit('ParallelStateSucceeded', {}, session.run.stateName);
  return { kind: 'next', ...(await completeWithResult(session, state, [...outputs])) };
}
