/**
 * Errors inside a state: turning what was thrown into an error with AWS's cause wording, and what
 * follows an error — a retry after backoff, a Catcher's next state, or the end of the run.
 */
import { errorMatches, errorOutput, type RaisedError } from '../error-matching.js';
import { RuntimeError, StatesError } from '../errors.js';
import { applyResultPath } from '../paths/result-path.js';
import { decideRetry } from '../retry.js';
import type { State } from '../states/state.js';
import type { Catcher, Retrier } from '../states/state-fields.js';
import { evaluateAssign, evaluateOutput } from './data-flow.js';
import type { StateStep } from './state-step.js';
import type { StepSession } from './step-session.js';

/** The error a throw inside the current state amounts to, its cause prefixed as AWS does. */
export function raisedFrom(session: StepSession, thrown: unknown): RaisedError {
  const error =
    thrown instanceof StatesError
      ? thrown
      : new RuntimeError(thrown instanceof Error ? thrown.message : String(thrown));
  const { stateName, enteredEventId } = session.run;
  const prefix = `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). `;
  return { error: error.name, cause: `${prefix}${error.cause}` };
}

/** Runs a piece of state logic, turning a throw into an `error` step. */
export async function guard(
  session: StepSession,
  run: () => Promise<StateStep> | StateStep,
): Promise<StateStep> {
  try {
    return await run();
  } catch (thrown) {
    return { kind: 'error', raised: raisedFrom(session, thrown) };
  }
}

function handlersOf(state: State): { Retry?: readonly Retrier[]; Catch?: readonly Catcher[] } {
  return state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map' ? state : {};
}

async function caught(session: StepSession, catcher: Catcher, raised: RaisedError): Promise<StateStep> {
  const errorOut = errorOutput(raised);
  const assigned = await evaluateAssign(session, catcher.Assign, {
    jsonpath: errorOut,
    errorOutput: errorOut,
  });
  const output =
    session.language === 'JSONata'
      ? await evaluateOutput(session, catcher.Output, errorOut, { errorOutput: errorOut })
      : applyResultPath(session.run.input, errorOut, catcher.ResultPath);
  return { kind: 'next', output, assigned, next: catcher.Next };
}

/**
 * Decides what follows an error in the current state: the first matching Retrier may schedule a
 * retry; otherwise the first matching Catcher moves on; otherwise the run fails.
 */
export async function handleError(session: StepSession, raised: RaisedError): Promise<StateStep> {
  const state = session.state;
  const { Retry, Catch } = handlersOf(state);
  const decision = decideRetry(Retry, raised, session.run.retryCounts, session.env.random);
  if (decision.kind === 'retry') {
    session.run.retryCounts = decision.retryCounts;
    const dueAt = session.env.now + decision.delayMs;
    return {
      kind: 'block',
      waiting: { kind: 'timer', purpose: 'retry', dueAt },
      effect: { kind: 'start-timer', purpose: 'retry', dueAt },
    };
  }
  if (state.Type === 'Map' || state.Type === 'Parallel')
    session.emit(`${state.Type}StateFailed`, {}, session.run.stateName);
  const catcher = Catch?.find((candidate) => errorMatches(candidate.ErrorEquals, raised));
  if (!catcher) return { kind: 'fail-run', error: raised.error, cause: raised.cause };
  const step = await guard(session, () => caught(session, catcher, raised));
  // A Catcher that itself fails ends the run: catching again could loop.
  return step.kind === 'error'
    ? { kind: 'fail-run', error: step.raised.error, cause: step.raised.cause }
    : step;
}
