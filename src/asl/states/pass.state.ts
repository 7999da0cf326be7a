/**
 * The Pass state, its fields and how it runs: its result is `Result`, `Parameters` or its input; it
 * never blocks.
 */
import type { Json, JsonObject } from '../json.js';
import { applyResultPath } from '../paths/result-path.js';
import { evaluatePayloadTemplate } from '../payload-template.js';
import { applyOutputPath, effectiveInput, evaluateAssign, evaluateOutput } from '../step/data-flow.js';
import type { StateStep } from '../step/state-step.js';
import type { StepSession } from '../step/step-session.js';
import type {
  AssignOutputFields,
  CommonFields,
  InputOutputPathFields,
  TransitionFields,
} from './state-fields.js';

/** A Pass state. */
export interface PassState extends CommonFields, TransitionFields, InputOutputPathFields, AssignOutputFields {
  readonly Type: 'Pass';
  /** JSONPath: the fixed result, taken literally (a `.$` suffix means nothing here). */
  readonly Result?: Json;
  readonly Parameters?: JsonObject;
  readonly ResultPath?: string | null;
}

function jsonPathResult(session: StepSession, state: PassState, input: Json): Json {
  if (state.Result !== undefined) return state.Result;
  if (state.Parameters) return evaluatePayloadTemplate(state.Parameters, session.pathScope(input));
  return input;
}

/** Enters a Pass state. */
export async function enterPass(session: StepSession, state: PassState): Promise<StateStep> {
  if (session.language === 'JSONata') {
    const assigned = await evaluateAssign(session, state.Assign, { jsonpath: session.run.input });
    return { kind: 'next', output: await evaluateOutput(session, state.Output, session.run.input), assigned };
  }
  const result = jsonPathResult(session, state, effectiveInput(session, state));
  const assigned = await evaluateAssign(session, state.Assign, { jsonpath: result });
  const merged = applyResultPath(session.run.input, result, state.ResultPath);
  return { kind: 'next', output: applyOutputPath(session, state, merged), assigned };
}
