/**
 * The Choice state, its fields and how it runs: the first matching rule picks the next state (and
 * may assign variables and, in JSONata, set the output); otherwise `Default` applies with the
 * state's own `Assign` and `Output`; with no `Default` the state fails with
 * `States.NoChoiceMatched`.
 */
import { selectChoice, type TopLevelChoiceRule } from '../choice/index.js';
import { NoChoiceMatched, QueryEvaluationError } from '../errors.js';
import type { Json, JsonObject } from '../json.js';
import { evaluateJsonata, jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { pathResolver } from '../paths/reference-path.js';
import { applyOutputPath, effectiveInput, evaluateAssign, evaluateOutput } from '../step/data-flow.js';
import type { StateStep } from '../step/state-step.js';
import type { StepSession } from '../step/step-session.js';
import type { AssignOutputFields, CommonFields, InputOutputPathFields } from './state-fields.js';

/** A JSONata-mode Choice rule: a boolean `Condition`, literal or `{% %}`. */
export interface JsonataChoiceRule {
  readonly Condition: boolean | string;
  readonly Next: string;
  readonly Assign?: JsonObject;
  readonly Output?: Json;
  readonly Comment?: string;
}

/** A Choice state. Its own `Assign` and `Output` apply when the `Default` is taken. */
export interface ChoiceState extends CommonFields, InputOutputPathFields, AssignOutputFields {
  readonly Type: 'Choice';
  readonly Choices: readonly (TopLevelChoiceRule | JsonataChoiceRule)[];
  readonly Default?: string;
}

/** The branch taken: where to go and what to assign and output on the way. */
interface Taken {
  readonly next: string;
  readonly Assign?: JsonObject;
  readonly Output?: Json;
}

function takeDefault(state: ChoiceState): Taken {
  if (state.Default === undefined) {
    throw new NoChoiceMatched('No Choice Rule matched the input and the state has no Default.');
  }
  return { next: state.Default, Assign: state.Assign, Output: state.Output };
}

async function conditionHolds(session: StepSession, condition: boolean | string): Promise<boolean> {
  const expression = jsonataExpressionOf(condition);
  const value =
    expression === undefined
      ? condition
      : await evaluateJsonata(expression, 'Condition', session.jsonataScope());
  if (typeof value === 'boolean') return value;
  throw new QueryEvaluationError(
    `The JSONata expression '${expression ?? JSON.stringify(condition)}' specified for the field 'Condition' returned an unexpected data type. Expected 'boolean', but was: ${JSON.stringify(value)}`,
  );
}

async function chooseJsonata(session: StepSession, state: ChoiceState): Promise<Taken> {
  for (const rule of state.Choices as readonly JsonataChoiceRule[]) {
    if (await conditionHolds(session, rule.Condition))
      return { next: rule.Next, Assign: rule.Assign, Output: rule.Output };
  }
  return takeDefault(state);
}

function chooseJsonPath(session: StepSession, state: ChoiceState, input: Json): Taken {
  const rule = selectChoice(
    state.Choices as readonly TopLevelChoiceRule[],
    pathResolver(session.pathScope(input)),
  );
  if (!rule) return takeDefault(state);
  return { next: rule.Next, Assign: rule.Assign as JsonObject | undefined };
}

/** Enters a Choice state. */
export async function enterChoice(session: StepSession, state: ChoiceState): Promise<StateStep> {
  if (session.language === 'JSONata') {
    const taken = await chooseJsonata(session, state);
    const assigned = await evaluateAssign(session, taken.Assign, { jsonpath: session.run.input });
    const output = await evaluateOutput(session, taken.Output, session.run.input);
    return { kind: 'next', output, assigned, next: taken.next };
  }
  const input = effectiveInput(session, state);
  const taken = chooseJsonPath(session, state, input);
  const assigned = await evaluateAssign(session, taken.Assign, { jsonpath: input });
  return { kind: 'next', output: applyOutputPath(session, state, input), assigned, next: taken.next };
}
