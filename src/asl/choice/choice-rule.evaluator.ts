/**
 * Evaluation of JSONPath-mode Choice Rules against the data a `PathResolver` reaches.
 *
 * A path that matches nothing is an error, as on AWS: a `Variable` (for every operator but
 * `IsPresent`) or a `...Path` operand that resolves to nothing fails the execution with
 * `States.Runtime`. The ASL specification singles out `IsPresent` as the operator that throws no
 * exception, and AWS fails with "Invalid path '$.x': The choice state's condition path references an
 * invalid value." A type mismatch, by contrast, is only a false comparison.
 */
import { RuntimeError, type StatesError } from '../errors.js';
import type { PathResolver } from '../path-lookup.js';
import type { ChoiceRule } from './choice-rule.types.js';
import { findOperator, type OperatorSpec } from './comparison-operator.table.js';
import { matchesPattern } from './string-matches.pattern.js';
import { parseTimestamp } from './timestamp.parser.js';
import { compareValues } from './value.order.js';

type Fields = Readonly<Record<string, unknown>>;

const TYPE_TESTS: {
  readonly [T in Extract<OperatorSpec, { kind: 'type-test' }>['test']]: (value: unknown) => boolean;
} = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: (value) => typeof value === 'string' && parseTimestamp(value) !== undefined,
};

function invalidPath(path: string): StatesError {
  return new RuntimeError(
    `Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );
}

/** The path in a rule field (`Variable` or a `...Path` operand). */
function pathField(fields: Fields, field: string): string {
  const path = fields[field];
  if (typeof path !== 'string') {
    throw new RuntimeError(`The Choice rule field '${field}' must be a path string.`);
  }
  return path;
}

/** The value at `path`, which must match something. */
function valueAt(path: string, resolvePath: PathResolver): unknown {
  const lookup = resolvePath(path);
  if (!lookup.found) throw invalidPath(path);
  return lookup.value;
}

function nestedRules(fields: Fields, field: 'And' | 'Or'): readonly ChoiceRule[] {
  const rules = fields[field];
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new RuntimeError(`The Choice rule field '${field}' must be a non-empty array of rules.`);
  }
  return rules as readonly ChoiceRule[];
}

function evaluateDataTest(fields: Fields, resolvePath: PathResolver): boolean {
  const found = findOperator(fields);
  if (!found) {
    const names = Object.keys(fields).join(', ');
    throw new RuntimeError(`A Choice rule needs And, Or, Not or a comparison operator; it has: ${names}.`);
  }
  const { operator, spec } = found;
  const operand = fields[operator];
  const variable = pathField(fields, 'Variable');
  if (spec.kind === 'presence') return resolvePath(variable).found === operand;
  const value = valueAt(variable, resolvePath);
  switch (spec.kind) {
    case 'type-test':
      return TYPE_TESTS[spec.test](value) === operand;
    case 'matches':
      return typeof value === 'string' && typeof operand === 'string' && matchesPattern(value, operand);
    case 'compare': {
      const other = spec.operandIsPath ? valueAt(pathField(fields, operator), resolvePath) : operand;
      return compareValues(spec.type, spec.relation, value, other);
    }
    default:
      throw new TypeError(`Unknown operator kind ${spec satisfies never}`);
  }
}

/**
 * Evaluates one Choice Rule, top-level or nested, against the data reachable through `resolvePath`
 * (`Variable` and every `...Path` operand go through it). `And` and `Or` stop at the first rule
 * that settles the result, so a later rule that would fail is never evaluated.
 *
 * @throws RuntimeError (`States.Runtime`) when a path matches nothing (except under `IsPresent`),
 *   when a `StringMatches` pattern ends with an open escape, or when the rule is malformed.
 */
export function evaluateChoiceRule(rule: ChoiceRule, resolvePath: PathResolver): boolean {
  const fields = rule as Fields;
  if ('And' in fields) {
    return nestedRules(fields, 'And').every((nested) => evaluateChoiceRule(nested, resolvePath));
  }
  if ('Or' in fields) {
    return nestedRules(fields, 'Or').some((nested) => evaluateChoiceRule(nested, resolvePath));
  }
  if ('Not' in fields) return !evaluateChoiceRule(fields.Not as ChoiceRule, resolvePath);
  return evaluateDataTest(fields, resolvePath);
}

/**
 * Returns the first top-level rule that matches, in order, or `undefined` when none does (the
 * Choice state then takes its `Default`, or fails with `States.NoChoiceMatched`).
 */
export function selectChoice<R extends ChoiceRule>(
  rules: readonly R[],
  resolvePath: PathResolver,
): R | undefined {
  return rules.find((rule) => evaluateChoiceRule(rule, resolvePath));
}
