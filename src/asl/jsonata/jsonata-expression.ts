/**
 * JSONata expressions as Step Functions evaluates them: a string `{% expression %}` in a field of a
 * JSONata-mode state, with `$states` (input, result, errorOutput, context), the workflow variables
 * and AWS's extra functions bound. Failures become `States.QueryEvaluationError` with AWS's wording.
 */
import jsonata from 'jsonata';
import { QueryEvaluationError } from '../errors.js';
import { toJson, type Json, type JsonObject } from '../json.js';
import { jsonataFunctions } from './jsonata-functions.js';

/** What a JSONata expression may read. */
export interface JsonataScope {
  /** `$states.input`: the state's raw input. */
  readonly input: Json;
  /** `$states.result`: the task, branch or iteration result, once there is one. */
  readonly result?: Json;
  /** `$states.errorOutput`: inside a Catcher, the error output `{ Error, Cause }`. */
  readonly errorOutput?: Json;
  /** `$states.context`: the context object. */
  readonly context: JsonObject;
  readonly variables: Readonly<Record<string, Json>>;
  /** Epoch milliseconds the step runs at (`$now()`, `$millis()`). */
  readonly now: number;
  readonly random: () => number;
}

const TEMPLATE = /^\{%(.*)%\}$/s;
/** Compiled expressions by source text; compiling is pure, so sharing them across runs is safe. */
const compiled = new Map<string, jsonata.Expression>();
const MAX_CACHED_EXPRESSIONS = 1000;

/** The expression inside a `{% ... %}` string, trimmed, or `undefined` for any other value. */
export function jsonataExpressionOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return TEMPLATE.exec(value)?.[1]?.trim();
}

function compile(expression: string): jsonata.Expression {
  let expr = compiled.get(expression);
  if (!expr) {
    expr = jsonata(expression);
    if (compiled.size >= MAX_CACHED_EXPRESSIONS) compiled.clear();
    compiled.set(expression, expr);
  }
  return expr;
}

function statesBinding(scope: JsonataScope): JsonObject {
  const states: JsonObject = { input: scope.input, context: scope.context };
  if (scope.result !== undefined) states.result = scope.result;
  if (scope.errorOutput !== undefined) states.errorOutput = scope.errorOutput;
  return states;
}

function describeFailure(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return typeof code === 'string' ? `${code}: ${text}` : text;
}

/**
 * Evaluates `expression` (without its `{% %}`) for the field `field` (AWS's name for it in error
 * causes, e.g. `Output/result`).
 *
 * @throws QueryEvaluationError when the expression fails or returns nothing.
 */
export async function evaluateJsonata(expression: string, field: string, scope: JsonataScope): Promise<Json> {
  const prefix = `The JSONata expression '${expression}' specified for the field '${field}'`;
  let result: unknown;
  try {
    const bindings = { ...scope.variables, ...jsonataFunctions(scope), states: statesBinding(scope) };
    result = await compile(expression).evaluate(scope.input, bindings);
  } catch (error) {
    throw new QueryEvaluationError(`${prefix} threw an error during evaluation. ${describeFailure(error)}`);
  }
  if (result === undefined) throw new QueryEvaluationError(`${prefix} returned nothing (undefined).`);
  return toJson(result);
}
