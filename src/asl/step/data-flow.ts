/**
 * Input and output processing shared by the state types, in both query languages: JSONPath's
 * `InputPath` → `Parameters` → result → `ResultSelector` → `ResultPath` → `OutputPath`, JSONata's
 * `Arguments` and `Output`, and `Assign`. Expressions see the variables as they were when the state
 * was entered; assignments take effect when it exits.
 */
import { RuntimeError } from '../errors.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-template.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { evaluatePayloadTemplate } from '../payload-template.js';
import { bracketNotation } from '../paths/jsonpath.js';
import { isVariablePath, resolvePath } from '../paths/reference-path.js';
import { applyResultPath } from '../paths/result-path.js';
import type { StepSession } from './step-session.js';

/** Fields of a state that takes part in result processing. */
interface ResultProcessing {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  readonly ResultPath?: string | null;
  readonly ResultSelector?: JsonObject;
  readonly Assign?: JsonObject;
  readonly Output?: Json;
}

/** The state's output and the variables it assigns. */
export interface Completion {
  readonly output: Json;
  readonly assigned?: Record<string, Json>;
}

function selectPath(session: StepSession, path: string | null | undefined, data: Json): Json {
  if (path === undefined) return data;
  if (path === null) return {};
  const lookup = resolvePath(path, session.pathScope(data));
  if (lookup.found) return lookup.value as Json;
  const shown = isVariablePath(path) ? path : bracketNotation(path.startsWith('$$') ? path.slice(1) : path);
  throw new RuntimeError(`Invalid path '${path}' : No results for path: ${shown}`);
}

/** JSONPath `InputPath` over the raw input; JSONata states take the raw input as is. */
export function effectiveInput(session: StepSession, state: ResultProcessing): Json {
  if (session.language === 'JSONata') return session.run.input;
  return selectPath(session, state.InputPath, session.run.input);
}

/** JSONPath `OutputPath`. */
export function applyOutputPath(session: StepSession, state: ResultProcessing, value: Json): Json {
  return selectPath(session, state.OutputPath, value);
}

/**
 * Evaluates `Assign`. In JSONPath `$` is `data` (the state's result, or its effective input when
 * it has none); in JSONata `$states.result` / `$states.errorOutput` are as given.
 */
export async function evaluateAssign(
  session: StepSession,
  assign: JsonObject | undefined,
  data: { readonly jsonpath: Json; readonly result?: Json; readonly errorOutput?: Json },
): Promise<Record<string, Json> | undefined> {
  if (assign === undefined) return undefined;
  if (session.language === 'JSONPath')
    return evaluatePayloadTemplate(assign, session.pathScope(data.jsonpath));
  const scope = session.jsonataScope({ result: data.result, errorOutput: data.errorOutput });
  const assigned = await evaluateJsonataTemplate(assign, 'Assign', scope);
  return isJsonObject(assigned) ? assigned : {};
}

/** JSONata `Output`, defaulting to `fallback`. */
export async function evaluateOutput(
  session: StepSession,
  output: Json | undefined,
  fallback: Json,
  states: { readonly result?: Json; readonly errorOutput?: Json } = {},
): Promise<Json> {
  if (output === undefined) return fallback;
  return evaluateJsonataTemplate(output, 'Output', session.jsonataScope(states));
}

/**
 * Completes a state that produced `result` (a task result, the branches' or iterations' outputs):
 * `Assign` over the raw result, then `ResultSelector`, `ResultPath` into the raw input and
 * `OutputPath` (JSONPath), or `Output` (JSONata).
 */
export async function completeWithResult(
  session: StepSession,
  state: ResultProcessing,
  result: Json,
): Promise<Completion> {
  const assigned = await evaluateAssign(session, state.Assign, { jsonpath: result, result });
  if (session.language === 'JSONata') {
    return { output: await evaluateOutput(session, state.Output, result, { result }), assigned };
  }
  const selected = state.ResultSelector
    ? evaluatePayloadTemplate(state.ResultSelector, session.pathScope(result))
    : result;
  const merged = applyResultPath(session.run.input, selected, state.ResultPath);
  return { output: applyOutputPath(session, state, merged), assigned };
}
