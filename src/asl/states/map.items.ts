/**
 * What a Map state iterates over and how: the items (`ItemsPath` or `Items`), the concurrency
 * (`MaxConcurrency` or `MaxConcurrencyPath`) and each iteration's input (`ItemSelector`, or the
 * older `Parameters`), with AWS's causes when the data does not fit.
 */
import { QueryEvaluationError, RuntimeError } from '../errors.js';
import { jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-template.js';
import { isJsonObject, type Json } from '../json.js';
import { evaluatePayloadTemplate } from '../payload-template.js';
import { resolvePath } from '../paths/reference-path.js';
import type { StepSession } from '../step/step-session.js';
import type { MapState } from './map.state.js';

function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return isJsonObject(value) ? 'object' : typeof value;
}

async function jsonataItems(session: StepSession, state: MapState): Promise<Json> {
  if (state.Items === undefined) return session.run.input;
  const items = await evaluateJsonataTemplate(state.Items, 'Items', session.jsonataScope());
  const expression = jsonataExpressionOf(state.Items);
  if (Array.isArray(items) || expression === undefined) return items;
  throw new QueryEvaluationError(
    `The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${jsonType(items)}' for value: ${JSON.stringify(items)}`,
  );
}

function jsonPathItems(session: StepSession, state: MapState, input: Json): Json {
  if (state.ItemsPath === undefined) return input;
  const lookup = resolvePath(state.ItemsPath, session.pathScope(input));
  if (!lookup.found)
    throw new RuntimeError(`Invalid path '${state.ItemsPath}' : No results for path: ${state.ItemsPath}`);
  return lookup.value as Json;
}

/** The items to iterate over. `input` is the effective input (JSONPath). */
export async function mapItems(session: StepSession, state: MapState, input: Json): Promise<Json[]> {
  const items =
    session.language === 'JSONata'
      ? await jsonataItems(session, state)
      : jsonPathItems(session, state, input);
  if (Array.isArray(items)) return items;
  const ErrorClass = session.language === 'JSONata' ? QueryEvaluationError : RuntimeError;
  throw new ErrorClass(`Map state input must be an array but was: ${JSON.stringify(items)}`);
}

function maxConcurrencyFromPath(session: StepSession, path: string, input: Json): number {
  const lookup = resolvePath(path, session.pathScope(input));
  const value = lookup.found ? (lookup.value as Json) : null;
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw new RuntimeError(
      `The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: ${path}`,
    );
  }
  if (number < 0)
    throw new RuntimeError(`Expected non-negative integer for MaxConcurrency, got '${number}' instead.`);
  return number;
}

/** How many iterations may run at once; 0 means no limit. */
export async function mapMaxConcurrency(session: StepSession, state: MapState, input: Json): Promise<number> {
  if (state.MaxConcurrencyPath !== undefined)
    return maxConcurrencyFromPath(session, state.MaxConcurrencyPath, input);
  const value = state.MaxConcurrency;
  if (value === undefined || typeof value === 'number') return value ?? 0;
  const evaluated = await evaluateJsonataTemplate(value, 'MaxConcurrency', session.jsonataScope());
  if (typeof evaluated === 'number' && Number.isInteger(evaluated) && evaluated >= 0) return evaluated;
  throw new QueryEvaluationError(
    `Expected non-negative integer for MaxConcurrency, got '${JSON.stringify(evaluated)}' instead.`,
  );
}

/** The input of iteration `index` over `item`. `input` is the Map's effective input (JSONPath). */
export async function iterationInput(
  session: StepSession,
  state: MapState,
  input: Json,
  item: Json,
  index: number,
): Promise<Json> {
  const mapItem = { index, value: item };
  if (session.language === 'JSONata') {
    if (state.ItemSelector === undefined) return item;
    return evaluateJsonataTemplate(state.ItemSelector, 'ItemSelector', session.jsonataScope({}, { mapItem }));
  }
  const selector = state.ItemSelector ?? state.Parameters;
  if (!isJsonObject(selector)) return item;
  return evaluatePayloadTemplate(selector, session.pathScope(input, { mapItem }));
}
