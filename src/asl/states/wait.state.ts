/**
 * The Wait state, its fields and how it runs: on entry it computes when to resume (for `Seconds`,
 * `SecondsPath`, `Timestamp` or `TimestampPath`, at the step's clock) and blocks on a timer; when
 * the timer fires it completes with its input.
 */
import { parseTimestamp } from '../choice/index.js';
import { QueryEvaluationError, RuntimeError } from '../errors.js';
import type { Json } from '../json.js';
import { jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-template.js';
import { resolvePath } from '../paths/reference-path.js';
import { applyOutputPath, effectiveInput, evaluateAssign, evaluateOutput } from '../step/data-flow.js';
import type { StateStep } from '../step/state-step.js';
import type { StepSession } from '../step/step-session.js';
import type {
  AssignOutputFields,
  CommonFields,
  InputOutputPathFields,
  TransitionFields,
} from './state-fields.js';

/** A Wait state; exactly one of the four timing fields is set. */
export interface WaitState extends CommonFields, TransitionFields, InputOutputPathFields, AssignOutputFields {
  readonly Type: 'Wait';
  /** Seconds, or a JSONata `{% %}` expression. */
  readonly Seconds?: number | string;
  /** An RFC 3339 timestamp, or a JSONata `{% %}` expression. */
  readonly Timestamp?: string;
  readonly SecondsPath?: string;
  readonly TimestampPath?: string;
}

const MS_PER_SECOND = 1000;

function isSeconds(value: Json): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function fromPath(session: StepSession, path: string, input: Json, field: string): Json {
  const lookup = resolvePath(path, session.pathScope(input));
  if (!lookup.found)
    throw new RuntimeError(`The ${field} field refers to a path that matches nothing: ${path}`);
  return lookup.value as Json;
}

async function fromJsonata(session: StepSession, value: number | string, field: string): Promise<Json> {
  if (jsonataExpressionOf(value) === undefined) return value;
  return evaluateJsonataTemplate(value, field, session.jsonataScope());
}

function secondsDue(session: StepSession, seconds: Json, field: string): number {
  if (!isSeconds(seconds)) {
    const ErrorClass = session.language === 'JSONata' ? QueryEvaluationError : RuntimeError;
    throw new ErrorClass(
      `The ${field} field must be a non-negative integer, but was: ${JSON.stringify(seconds)}`,
    );
  }
  return session.env.now + seconds * MS_PER_SECOND;
}

function timestampDue(session: StepSession, timestamp: Json, field: string): number {
  const due = typeof timestamp === 'string' ? parseTimestamp(timestamp) : undefined;
  if (due === undefined) {
    const ErrorClass = session.language === 'JSONata' ? QueryEvaluationError : RuntimeError;
    throw new ErrorClass(
      `The ${field} field must be an RFC 3339 timestamp, but was: ${JSON.stringify(timestamp)}`,
    );
  }
  return due;
}

/** The epoch milliseconds at which a Wait state entered now should resume. */
export async function waitDueAt(session: StepSession, state: WaitState): Promise<number> {
  const input = effectiveInput(session, state);
  if (state.Seconds !== undefined)
    return secondsDue(session, await fromJsonata(session, state.Seconds, 'Seconds'), 'Seconds');
  if (state.Timestamp !== undefined) {
    return timestampDue(session, await fromJsonata(session, state.Timestamp, 'Timestamp'), 'Timestamp');
  }
  if (state.SecondsPath !== undefined) {
    return secondsDue(session, fromPath(session, state.SecondsPath, input, 'SecondsPath'), 'SecondsPath');
  }
  if (state.TimestampPath !== undefined) {
    return timestampDue(
      session,
      fromPath(session, state.TimestampPath, input, 'TimestampPath'),
      'TimestampPath',
    );
  }
  throw new RuntimeError('A Wait state needs one of Seconds, Timestamp, SecondsPath or TimestampPath.');
}

/** Enters a Wait state: blocks until its resume time. */
export async function enterWait(session: StepSession, state: WaitState): Promise<StateStep> {
  const dueAt = await waitDueAt(session, state);
  return {
    kind: 'block',
    waiting: { kind: 'timer', purpose: 'wait', dueAt },
    effect: { kind: 'start-timer', purpose: 'wait', dueAt },
  };
}

/** Completes a Wait state once its timer fired. */
export async function completeWait(session: StepSession, state: WaitState): Promise<StateStep> {
  if (session.language === 'JSONata') {
    const assigned = await evaluateAssign(session, state.Assign, { jsonpath: session.run.input });
    return { kind: 'next', output: await evaluateOutput(session, state.Output, session.run.input), assigned };
  }
  const input = effectiveInput(session, state);
  const assigned = await evaluateAssign(session, state.Assign, { jsonpath: input });
  return { kind: 'next', output: applyOutputPath(session, state, input), assigned };
}
