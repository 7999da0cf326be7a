/**
 * JSONata expressions as Step Functions evaluates them: a string `{% expression %}` in a field of a
 * JSONata-mode state, with `$states` (input, result, errorOutput, context), the workflow variables
 * and AWS's extra functions bound. Failures become `States.QueryEvaluationError` with AWS's wording.
 */
import jsonata from 'jsonata';
import { QueryEvaluationError } from '../errors.js';
import {
  BudgetExceeded,
  DEFAULT_JSONATA_INLINE_STEPS,
  DEFAULT_MAX_RESULT_BYTES,
} from '../evaluation-budget.js';
import { exceedsJsonBytes, toJson, type Json, type JsonObject } from '../json.js';
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
  /** Unset: the defaults of evaluation-budget.ts, with nowhere to offload. */
  readonly limits?: JsonataLimits;
}

/** A scope as plain data, which can cross to another thread (randomness is the receiver's own). */
export type JsonataData = Omit<JsonataScope, 'random' | 'limits'>;

/** One evaluation as plain data: what {@link JsonataLimits.offload} receives. */
export interface JsonataEvaluation {
  readonly expression: string;
  readonly field: string;
  readonly scope: JsonataData;
}

/** The budget of one evaluation (see evaluation-budget.ts). */
export interface JsonataLimits {
  /** Evaluation steps (expression nodes visited) this evaluation may take here. */
  readonly steps: number;
  /** UTF-8 bytes of the result's JSON text at most. */
  readonly maxResultBytes: number;
  /**
   * Milliseconds this evaluation may take by `clock`, counted from `since` (default: its start):
   * a worker thread's budget, which counts the wait for the thread. The core reads no clock itself.
   */
  readonly time?: { readonly ms: number; readonly clock: () => number; readonly since?: number };
  /**
   * Carries on an evaluation that used up its `steps` elsewhere, under a larger budget (the
   * engine: on a worker thread). Resolves to the result or rejects with the StatesError to raise.
   */
  readonly offload?: (evaluation: JsonataEvaluation) => Promise<Json>;
}

const TEMPLATE = /^\{%(.*)%\}$/s;
/** Compiled expressions by source text; compiling is pure, so sharing them across runs is safe. */
const compiled = new Map<string, jsonata.Expression>();
const MAX_CACHED_EXPRESSIONS = 1000;
/**
 * Items one JSONata sequence may hold (JSONata's own `sequence` guard, checked before a range is
 * allocated): `[1..10000000]` is one evaluation step but a quarter of a second and 80 MB.
 */
export const JSONATA_MAX_SEQUENCE = 1_000_000;
/** JSONata's error code for a sequence longer than {@link JSONATA_MAX_SEQUENCE}. */
const SEQUENCE_TOO_LONG = 'D2015';
/**
 * The binding that holds an evaluation's {@link Meter}. A space cannot appear in a JSONata name,
 * so no expression can read or replace it.
 */
const METER_BINDING = ' meter';
/** JSONata calls the functions bound to these symbols before and after it evaluates each node. */
const EVALUATE_ENTRY = Symbol.for('jsonata.__evaluate_entry');
const EVALUATE_EXIT = Symbol.for('jsonata.__evaluate_exit');
/** Characters of a string result that count as one step. */
const CHARACTERS_PER_STEP = 100;
/** Steps between two readings of the clock: reading it costs more than a step. */
const CLOCK_EVERY_STEPS = 1024;

/** The expression inside a `{% ... %}` string, trimmed, or `undefined` for any other value. */
export function jsonataExpressionOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return TEMPLATE.exec(value)?.[1]?.trim();
}

/** Counts an evaluation's steps and stops it once its budget is spent. */
class Meter {
  private steps = 0;
  private readonly startedAt: number;
  /** Which budget ran out, once one has: every later step throws again, so no caller can go on. */
  exceeded: BudgetExceeded | undefined;

  constructor(private readonly limits: JsonataLimits) {
    this.startedAt = limits.time ? (limits.time.since ?? limits.time.clock()) : 0;
  }

  /**
   * Counts the evaluation of one node. A regular expression can backtrack for minutes inside a
   * single step, where no count reaches it: where there is a thread to offload to, an expression
   * that uses one goes there.
   */
  enter(node: { readonly type?: unknown }): void {
    if (this.exceeded) throw this.exceeded;
    if (node.type === 'regex' && this.limits.offload)
      this.stop('its inline budget, as it uses a regular expression');
    this.charge(1);
  }

  /**
   * Counts a node's result by its size: one native step (a range, `$sort`, `$distinct`, a path
   * over a large input) can do work in proportion to, or the square of, what it handles.
   */
  leave(result: unknown): void {
    if (Array.isArray(result)) this.charge(result.length);
    else if (typeof result === 'string') this.charge(Math.floor(result.length / CHARACTERS_PER_STEP));
  }

  private charge(steps: number): void {
    const before = this.steps;
    this.steps += steps;
    if (this.steps > this.limits.steps) this.stop(`its budget of ${this.limits.steps} evaluation steps`);
    const time = this.limits.time;
    const clockDue = Math.floor(this.steps / CLOCK_EVERY_STEPS) > Math.floor(before / CLOCK_EVERY_STEPS);
    if (time && clockDue && time.clock() - this.startedAt > time.ms)
      this.stop(`its time budget of ${time.ms} ms`);
  }

  private stop(budget: string): never {
    this.exceeded = new BudgetExceeded(budget);
    throw this.exceeded;
  }
}

interface Environment {
  lookup(name: string): unknown;
}

/** The entry hook of every compiled expression: counts the node on its evaluation's meter. */
function meterEntry(node: { readonly type?: unknown }, _input: unknown, environment: Environment): void {
  (environment.lookup(METER_BINDING) as Meter | undefined)?.enter(node);
}

/** The exit hook of every compiled expression: counts the node's result on its evaluation's meter. */
function meterExit(_node: unknown, _input: unknown, environment: Environment, result: unknown): void {
  (environment.lookup(METER_BINDING) as Meter | undefined)?.leave(result);
}

function compile(expression: string): jsonata.Expression {
  let expr = compiled.get(expression);
  if (!expr) {
    expr = jsonata(expression, { sequence: JSONATA_MAX_SEQUENCE });
    // jsonata's typings name only string keys; the hooks are looked up by these symbols.
    expr.assign(EVALUATE_ENTRY as unknown as string, meterEntry);
    expr.assign(EVALUATE_EXIT as unknown as string, meterExit);
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

const DEFAULT_LIMITS: JsonataLimits = {
  steps: DEFAULT_JSONATA_INLINE_STEPS,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
};

/** The scope without what cannot cross threads. */
function dataOf(scope: JsonataScope): JsonataData {
  const { random: _random, limits: _limits, ...data } = scope;
  return data;
}

/**
 * Evaluates `expression` (without its `{% %}`) for the field `field` (AWS's name for it in error
 * causes, e.g. `Output/result`), within `scope.limits`: an evaluation that uses up its steps goes
 * on through `limits.offload` when there is one.
 *
 * @throws QueryEvaluationError when the expression fails, returns nothing or exceeds its budget.
 */
export async function evaluateJsonata(expression: string, field: string, scope: JsonataScope): Promise<Json> {
  const prefix = `The JSONata expression '${expression}' specified for the field '${field}'`;
  const limits = scope.limits ?? DEFAULT_LIMITS;
  const meter = new Meter(limits);
  let result: unknown;
  try {
    const bindings = {
      ...scope.variables,
      ...jsonataFunctions(scope),
      states: statesBinding(scope),
      [METER_BINDING]: meter,
    };
    result = await compile(expression).evaluate(scope.input, bindings);
  } catch (error) {
    // `$eval` wraps errors in its own, so the meter, not the error, says whether a budget ran out.
    if (meter.exceeded) {
      if (limits.offload) return limits.offload({ expression, field, scope: dataOf(scope) });
      throw new QueryEvaluationError(`${prefix} exceeded ${meter.exceeded.budget}.`);
    }
    if ((error as { code?: unknown } | null)?.code === SEQUENCE_TOO_LONG) {
      throw new QueryEvaluationError(
        `${prefix} exceeded its budget of ${JSONATA_MAX_SEQUENCE} items in one sequence.`,
      );
    }
    throw new QueryEvaluationError(`${prefix} threw an error during evaluation. ${describeFailure(error)}`);
  }
  if (result === undefined) throw new QueryEvaluationError(`${prefix} returned nothing (undefined).`);
  if (exceedsJsonBytes(result, limits.maxResultBytes)) {
    throw new QueryEvaluationError(
      `${prefix} returned a result larger than its budget of ${limits.maxResultBytes} bytes.`,
    );
  }
  return toJson(result);
}
