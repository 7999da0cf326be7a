/** Routes a state to its type's handler. */
import { enterChoice } from '../states/choice.state.js';
import { enterFail } from '../states/fail.state.js';
import { attemptMap } from '../states/map.state.js';
import { attemptParallel } from '../states/parallel.state.js';
import { enterPass } from '../states/pass.state.js';
import { assertNever } from '../states/state.js';
import { enterSucceed } from '../states/succeed.state.js';
import { attemptTask } from '../states/task.state.js';
import { enterWait } from '../states/wait.state.js';
import type { StateStep } from './state-step.js';
import type { StepSession } from './step-session.js';

/** Runs the current state's logic right after its Entered event. */
export function runState(session: StepSession): Promise<StateStep> {
  const state = session.state;
  switch (state.Type) {
    case 'Pass':
      return enterPass(session, state);
    case 'Task':
      return attemptTask(session, state);
    case 'Choice':
      return enterChoice(session, state);
    case 'Wait':
      return enterWait(session, state);
    case 'Succeed':
      return enterSucceed(session, state);
    case 'Fail':
      return enterFail(session, state);
    case 'Parallel':
      return attemptParallel(session, state);
    case 'Map':
      return attemptMap(session, state);
    default:
      return assertNever(state);
  }
}
