/**
 * Redriving a run that failed or was stopped (AWS's RedriveExecution): the run resumes in the
 * state it ended in, with that state's input and the variables it saw, and the successful states
 * before it are not run again.
 */
import { executionRedrivenDetails } from '../events.js';
import { enterCurrentState } from './enter-state.js';
import type { StateStep } from './state-step.js';
import type { StepSession } from './step-session.js';

/**
 * Applies a redrive to the run's current state. The root run records ExecutionRedriven first.
 * `state` enters the state again as a new attempt; `children` keeps a Parallel or Map state
 * waiting for its children, which the driver redrives or keeps.
 */
export function redriveRun(
  session: StepSession,
  resume: 'state' | 'children',
): Promise<StateStep> | undefined {
  const { run, env } = session;
  if (run.path.length === 0) {
    session.emit('ExecutionRedriven', executionRedrivenDetails(env.context.Execution.RedriveCount ?? 0));
  }
  if (resume === 'state') return enterCurrentState(session);
  const type = session.state.Type;
  if ((type !== 'Parallel' && type !== 'Map') || run.waiting?.kind !== 'children') {
    throw new Error(
      `Run '${run.stateName}' cannot resume its children: it is a ${type} waiting for '${run.waiting?.kind ?? 'start'}'.`,
    );
  }
  return undefined;
}
