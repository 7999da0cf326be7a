/** Entering a state: the moment a run arrives at it. */
import { stateEnteredDetails } from '../events.js';
import { guard } from './failure.js';
import { runState } from './state-dispatch.js';
import type { StateStep } from './state-step.js';
import type { StepSession } from './step-session.js';

/** Enters the run's current state: records its Entered event and runs its logic. */
export async function enterCurrentState(session: StepSession): Promise<StateStep> {
  const { run } = session;
  session.transitions += 1;
  run.enteredTime = session.timestamp;
  run.retryCounts = [];
  run.waiting = null;
  const state = session.state;
  run.enteredEventId = session.emit(
    `${state.Type}StateEntered`,
    stateEnteredDetails(run.stateName, run.input),
    run.stateName,
  );
  return guard(session, () => runState(session));
}
