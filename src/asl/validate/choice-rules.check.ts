/**
 * Choice Rules. JSONPath states: each rule is `Variable` with exactly one known comparison operator
 * and an operand of the operator's type, or one of `And`, `Or`, `Not`; only top-level rules carry
 * `Next` and `Assign`. JSONata states: each rule is a `Condition` with `Next`.
 *
 * Nested rules are walked with an explicit stack, so deep `And`/`Not` nesting cannot overflow.
 */
import { findOperator, type OperatorSpec } from '../choice/comparison-operator.table.js';
import { jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { isJsonObject, type JsonObject } from '../json.js';
import type { StateSite } from './definition.scopes.js';
import { PATH, pathSyntaxError } from './jsonpath.syntax.js';
import { JSONATA_ONLY_MESSAGE } from './state-fields.table.js';
import { describeType, indexPath, listWords, memberPath, type Report } from './validation.diagnostics.js';

const BOOLEAN_OPERATORS: readonly string[] = ['And', 'Or', 'Not'];
const TOP_LEVEL_ONLY: readonly string[] = ['Next', 'Assign'];
const JSONATA_RULE_FIELDS: readonly string[] = ['Condition', 'Next', 'Comment', 'Assign', 'Output'];

interface PendingRule {
  readonly rule: unknown;
  readonly path: string;
  readonly topLevel: boolean;
}

function operatorOf(field: string): OperatorSpec | undefined {
  return findOperator({ [field]: null })?.spec;
}

/** Why `operand` does not suit its operator, or `undefined` when it does. */
function operandProblem(spec: OperatorSpec, operand: unknown): string | undefined {
  const expect = (wanted: string, ok: boolean) =>
    ok ? undefined : `must be ${wanted}, not ${describeType(operand)}`;
  if (spec.kind === 'presence' || spec.kind === 'type-test') {
    return expect('true or false', typeof operand === 'boolean');
  }
  if (spec.kind === 'matches') return expect('a string pattern', typeof operand === 'string');
  if (spec.operandIsPath) {
    if (typeof operand !== 'string') return expect('a path', false);
    const problem = pathSyntaxError(operand, PATH);
    return problem && `is not a valid path: ${problem}`;
  }
  if (spec.type === 'Numeric') return expect('a number', typeof operand === 'number');
  if (spec.type === 'Boolean') return expect('true or false', typeof operand === 'boolean');
  // Timestamp literals are only strings here: AWS accepts any string and compares false at run time.
  return expect('a string', typeof operand === 'string');
}

function checkVariable(rule: JsonObject, path: string, operator: string, report: Report): void {
  const variable = rule.Variable;
  const variablePath = memberPath(path, 'Variable');
  if (variable === undefined) {
    return report(variablePath, `is required with ${operator}: the path of the value to test`);
  }
  if (typeof variable !== 'string') {
    return report(variablePath, `must be a path, not ${describeType(variable)}`);
  }
  const problem = pathSyntaxError(variable, PATH);
  if (problem) report(variablePath, `is not a valid path: ${problem}`);
}

interface RuleFields {
  readonly operators: string[];
  readonly booleans: string[];
  /** A field that is neither an operator nor a rule field (reported), likely a misspelt operator. */
  readonly unknown: boolean;
}

/** Sorts a rule's fields into comparison and Boolean operators, reporting those it may not have. */
function ruleFields(rule: JsonObject, path: string, topLevel: boolean, report: Report): RuleFields {
  const operators: string[] = [];
  const booleans: string[] = [];
  let unknown = false;
  for (const field of Object.keys(rule)) {
    const fieldPath = memberPath(path, field);
    if (operatorOf(field)) {
      operators.push(field);
    } else if (BOOLEAN_OPERATORS.includes(field)) {
      booleans.push(field);
    } else if (TOP_LEVEL_ONLY.includes(field)) {
      if (!topLevel) {
        report(fieldPath, 'is allowed only on a top-level Choice Rule, not inside And, Or or Not');
      }
    } else if (field === 'Condition' || field === 'Output') {
      report(fieldPath, JSONATA_ONLY_MESSAGE);
    } else if (field !== 'Variable' && field !== 'Comment') {
      unknown = true;
      report(
        fieldPath,
        `"${field}" is not a comparison operator (such as StringEquals, NumericLessThan or IsPresent) nor a Choice Rule field`,
      );
    }
  }
  return { operators, booleans, unknown };
}

/** Checks one JSONPath rule and returns its nested rules. */
function checkJsonPathRule({ rule, path, topLevel }: PendingRule, report: Report): PendingRule[] {
  if (!isJsonObject(rule)) {
    report(path, `must be an object (a Choice Rule), not ${describeType(rule)}`);
    return [];
  }
  const { operators, booleans, unknown } = ruleFields(rule, path, topLevel, report);
  if (topLevel && rule.Next === undefined) {
    report(memberPath(path, 'Next'), 'is required on a top-level Choice Rule');
  }
  const found = [...operators, ...booleans];
  if (found.length !== 1) {
    if (found.length > 1) {
      report(
        path,
        `has more than one comparison operator (${listWords(found, 'and')}): a rule takes exactly one`,
      );
    } else if (!unknown) {
      report(
        path,
        'has no comparison operator: use Variable with an operator such as StringEquals, or And, Or or Not',
      );
    }
    return [];
  }
  const [operator] = found as [string];
  if (operators.length === 1) {
    checkVariable(rule, path, operator, report);
    const problem = operandProblem(operatorOf(operator) as OperatorSpec, rule[operator]);
    if (problem) report(memberPath(path, operator), problem);
    return [];
  }
  if (rule.Variable !== undefined) {
    report(memberPath(path, 'Variable'), `cannot be used with ${operator}, which combines other rules`);
  }
  return nestedRules(rule[operator], memberPath(path, operator), operator, report);
}

function nestedRules(value: unknown, path: string, operator: string, report: Report): PendingRule[] {
  if (operator === 'Not') return [{ rule: value, path, topLevel: false }];
  if (!Array.isArray(value)) {
    report(path, `must be an array of Choice Rules, not ${describeType(value)}`);
    return [];
  }
  if (value.length === 0) report(path, 'must hold at least one Choice Rule');
  return value.map((rule, index) => ({ rule, path: indexPath(path, index), topLevel: false }));
}

function checkJsonataRule(rule: unknown, path: string, report: Report): void {
  if (!isJsonObject(rule)) {
    return report(path, `must be an object (a Choice Rule), not ${describeType(rule)}`);
  }
  for (const field of Object.keys(rule)) {
    if (JSONATA_RULE_FIELDS.includes(field)) continue;
    const isJsonPath =
      field === 'Variable' || BOOLEAN_OPERATORS.includes(field) || operatorOf(field) !== undefined;
    report(
      memberPath(path, field),
      isJsonPath
        ? 'is a JSONPath Choice Rule field: rules of a JSONata state test a Condition'
        : `is not a field of a JSONata Choice Rule (${listWords(JSONATA_RULE_FIELDS, 'and')})`,
    );
  }
  if (rule.Next === undefined) report(memberPath(path, 'Next'), 'is required on a Choice Rule');
  const condition = rule.Condition;
  const conditionPath = memberPath(path, 'Condition');
  if (condition === undefined) {
    report(conditionPath, 'is required: a JSONata expression {% ... %} or a boolean');
  } else if (typeof condition !== 'boolean' && jsonataExpressionOf(condition) === undefined) {
    report(
      conditionPath,
      `must be a JSONata expression written {% ... %}, or a boolean, not ${describeType(condition)}`,
    );
  }
}

/** Checks the `Choices` of a Choice state. */
export function checkChoiceRules(site: StateSite, report: Report): void {
  if (site.type !== 'Choice' || site.state.Choices === undefined) return;
  const choices = site.state.Choices;
  const path = memberPath(site.path, 'Choices');
  if (!Array.isArray(choices)) {
    return report(path, `must be an array of Choice Rules, not ${describeType(choices)}`);
  }
  if (choices.length === 0) {
    return report(path, 'has no rules: a Choice state needs at least one Choice Rule');
  }
  if (site.queryLanguage === 'JSONata') {
    choices.forEach((rule, index) => checkJsonataRule(rule, indexPath(path, index), report));
    return;
  }
  const pending: PendingRule[] = choices.map((rule, index) => ({
    rule,
    path: indexPath(path, index),
    topLevel: true,
  }));
  // A queue read by index: rules are checked in document order, level by level, without recursion.
  for (let next = 0; next < pending.length; next += 1) {
    for (const nested of checkJsonPathRule(pending[next] as PendingRule, report)) pending.push(nested);
  }
}
