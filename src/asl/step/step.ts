/**
 * The step function: advances one run from an outcome to its next blocking boundary, running Pass,
 * Choice, Succeed, Fail and all input/output processing inline, and returns the updated run, the
 * history events to append and the one effect the driver must carry out (docs/design.md §3 rule 1).
 */
import type { StateMachineDefinition } from '../definition.js';
import { RuntimeError } from '../errors.js';
import { stateExitedDetails } from '../events.js';
import { exceedsPayloadLimit, oversizedResult } from '../payload-limits.js';
import { enterCurrentState } from './enter-state.js';
import { handleError } from './failure.js';
import { begin } from './outcome-dispatch.js';
import { failRun, succeedRun } from './run-end.js';
import type { StateStep } from './state-step.js';
import { StepSession } from './step-session.js';
import {
  DEFAULT_MAX_EXECUTION_TRANSITIONS,
  DEFAULT_MAX_INLINE_TRANSITIONS,
  type Effect,
  type Outcome,
  type RunState,
  type StepEnv,
  type StepResult,
} from './step.types.js';

/** Records the Exited event, commits the assignments and names the next state (none at the end). */
function exitState(
  session: StepSession,
  completed: Extract<StateStep, { kind: 'next' }>,
): string | undefined {
  const { run } = session;
  const state = session.state;
  if (state.Type !== 'Fail') {
    session.emit(
      `${state.Type}StateExited`,
      stateExitedDetails(run.stateName, completed.output, completed.assigned),
      run.stateName,
    );
  }
  if (completed.assigned) run.variables = { ...run.variables, ...completed.assigned };
  if (completed.next !== undefined) return completed.next;
  return 'Next' in state ? state.Next : undefined;
}

/** Checks the transition caps before entering another state; returns what to do instead, if anything. */
function capped(session: StepSession, next: string): StateStep | undefined {
  const { env } = session;
  const total = (env.executionTransitions ?? 0) + session.transitions;
  const maxTotal = env.maxExecutionTransitions ?? DEFAULT_MAX_EXECUTION_TRANSITIONS;
  if (total >= maxTotal) {
    const cause = `The execution reached the limit of ${maxTotal} state transitions before entering the state '${next}'; a loop in the state machine may have no exit.`;
    return { kind: 'fail-run', error: new RuntimeError().name, cause };
  }
  // After an evaluation off the driver's thread, which may have taken seconds, the driver gets its
  // transaction back before another state can take as long.
  const spent =
    session.offloaded || session.transitions >= (env.maxInlineTransitions ?? DEFAULT_MAX_INLINE_TRANSITIONS);
  if (!spent) return undefined;
  return { kind: 'block', waiting: { kind: 'continue' }, effect: { kind: 'continue' } };
}

/** Follows state steps until the run blocks or ends. */
async function advance(session: StepSession, first: StateStep): Promise<Effect> {
  let current = first;
  let dataLimitRaised = false;
  for (;;) {
    switch (current.kind) {
      case 'block':
        session.run.waiting = current.waiting;
        return current.effect;
      case 'fail-run':
        return failRun(session, current.error, current.cause);
      case 'error':
        current = await handleError(session, current.raised);
        break;
      case 'next': {
        if (exceedsPayloadLimit(current.output)) {
          const raised = oversizedResult(session.run.stateName);
          // A Catcher's output may be oversized too; a second time the run fails rather than loops.
          current = dataLimitRaised ? { kind: 'fail-run', ...raised } : { kind: 'error', raised };
          dataLimitRaised = true;
          break;
        }
        const next = exitState(session, current);
        if (next === undefined) return succeedRun(session, current.output);
        session.run.stateName = next;
        session.run.input = current.output;
        dataLimitRaised = false;
        current = capped(session, next) ?? (await enterCurrentState(session));
      }
    }
  }
}

/**
 * Advances `run` by `outcome`. Pure but for `env` (time, randomness, token factory): the same
 * arguments always give the same result.
 */
export async function step(
  definition: StateMachineDefinition,
  run: RunState,
  outcome: Outcome,
  env: StepEnv,
): Promise<StepResult> {
  const session = new StepSession(definition, run, env);
  const first = await begin(session, outcome);
  const effect: Effect = first === undefined ? { kind: 'none' } : await advance(session, first);
  const ended = effect.kind === 'run-succeeded' || effect.kind === 'run-failed';
  return {
    run: ended ? null : { ...session.run },
    events: session.events,
    effect,
    transitions: session.transitions,
    ...(ended ? { endedRun: { ...session.run } } : {}),
    ...(session.offloaded ? { offloaded: true as const } : {}),
  };
}
