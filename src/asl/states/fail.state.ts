/** The Fail state, its fields and how it runs: the run fails with the state's error and cause. */
import { RuntimeError } from '../errors.js';
import { jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { evaluateJsonataTemplate } from '../jsonata/jsonata-template.js';
import { evaluateDynamicValue } from '../payload-template.js';
import type { StateStep } from '../step/state-step.js';
import type { StepSession } from '../step/step-session.js';
import type { CommonFields } from './state-fields.js';

/** A Fail state. Every field is optional: an empty Fail records neither error nor cause. */
export interface FailState extends CommonFields {
  readonly Type: 'Fail';
  /** The error name, or (JSONata) a `{% %}` expression. */
  readonly Error?: string;
  /** The cause, or (JSONata) a `{% %}` expression. */
  readonly Cause?: string;
  /** JSONPath: a path or an intrinsic function giving the error name. */
  readonly ErrorPath?: string;
  /** JSONPath: a path or an intrinsic function giving the cause. */
  readonly CausePath?: string;
}

function asText(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  throw new RuntimeError(
    `The value of the field '${field}' must be a string, but was: ${JSON.stringify(value)}`,
  );
}

async function jsonataField(
  session: StepSession,
  value: string | undefined,
  field: string,
): Promise<string | undefined> {
  if (value === undefined || jsonataExpressionOf(value) === undefined) return value;
  return asText(await evaluateJsonataTemplate(value, field, session.jsonataScope()), field);
}

function pathField(
  session: StepSession,
  literal: string | undefined,
  path: string | undefined,
  field: string,
) {
  if (path === undefined) return literal;
  return asText(evaluateDynamicValue(path, field, session.pathScope(session.run.input)), field);
}

/** Enters a Fail state. */
export async function enterFail(session: StepSession, state: FailState): Promise<StateStep> {
  if (session.language === 'JSONata') {
    const error = await jsonataField(session, state.Error, 'Error');
    const cause = await jsonataField(session, state.Cause, 'Cause');
    return { kind: 'fail-run', error, cause };
  }
  const error = pathField(session, state.Error, state.ErrorPath, 'ErrorPath');
  const cause = pathField(session, state.Cause, state.CausePath, 'CausePath');
  return { kind: 'fail-run', error, cause };
}
