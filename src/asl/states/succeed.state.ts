/** The Succeed state, its fields and how it runs: the run ends successfully with the state's output. */
import type { Json } from '../json.js';
import { applyOutputPath, effectiveInput, evaluateOutput } from '../step/data-flow.js';
import type { StateStep } from '../step/state-step.js';
import type { StepSession } from '../step/step-session.js';
import type { CommonFields, InputOutputPathFields } from './state-fields.js';

/** A Succeed state. */
export interface SucceedState extends CommonFields, InputOutputPathFields {
  readonly Type: 'Succeed';
  /** JSONata: the run's output. */
  readonly Output?: Json;
}

/** Enters a Succeed state; having neither `Next` nor `End`, it ends the run. */
export async function enterSucceed(session: StepSession, state: SucceedState): Promise<StateStep> {
  if (session.language === 'JSONata') {
    return { kind: 'next', output: await evaluateOutput(session, state.Output, session.run.input) };
  }
  return { kind: 'next', output: applyOutputPath(session, state, effectiveInput(session, state)) };
}
