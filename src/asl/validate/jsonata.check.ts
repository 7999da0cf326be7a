/**
 * JSONata-mode data flow: every `{% ... %}` string where a JSONata state evaluates one must parse,
 * and fields that take either a literal or an expression must hold one of the two.
 */
import jsonata from 'jsonata';
import { jsonataExpressionOf } from '../jsonata/jsonata-expression.js';
import { isJsonObject } from '../json.js';
import type { StateSite } from './definition.scopes.js';
import { templateNodes } from './template.walk.js';
import { describeType, indexPath, memberPath, type Report } from './validation.diagnostics.js';

/** Fields whose value is any JSON in which each `{% %}` string is an expression. */
const TEMPLATE_FIELDS = ['Arguments', 'Output', 'Assign', 'ItemSelector'] as const;
/** Fields that hold a literal of one JSON type, or an expression that yields it. */
const EXPRESSION_FIELDS: ReadonlyArray<{
  field: string;
  literal: string;
  accepts: (value: unknown) => boolean;
}> = [
  { field: 'Items', literal: 'an array', accepts: Array.isArray },
  { field: 'Seconds', literal: 'a number', accepts: (value) => typeof value === 'number' },
  { field: 'Timestamp', literal: 'a timestamp string', accepts: (value) => typeof value === 'string' },
  { field: 'TimeoutSeconds', literal: 'a number', accepts: (value) => typeof value === 'number' },
  { field: 'HeartbeatSeconds', literal: 'a number', accepts: (value) => typeof value === 'number' },
  { field: 'MaxConcurrency', literal: 'a number', accepts: (value) => typeof value === 'number' },
  { field: 'Error', literal: 'a string', accepts: (value) => typeof value === 'string' },
  { field: 'Cause', literal: 'a string', accepts: (value) => typeof value === 'string' },
];

/** Why a JSONata expression does not parse, or `undefined` when it does. */
export function jsonataProblem(expression: string): string | undefined {
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    // jsonata reports `{ message, position }`; anything else (a stack overflow on absurd nesting)
    // is still a refusal, never a crash.
    const { message, position } = error as { message?: unknown; position?: unknown };
    const at = typeof position === 'number' ? ` (at position ${position} of the expression)` : '';
    return `${typeof message === 'string' ? message : String(error)}${at}`;
  }
}

function checkExpression(value: unknown, path: string, report: Report): void {
  const expression = jsonataExpressionOf(value);
  if (expression === undefined) return;
  const problem = jsonataProblem(expression);
  if (problem) report(path, `is not a valid JSONata expression: ${problem}`);
}

function checkTemplate(value: unknown, path: string, report: Report): void {
  for (const node of templateNodes(value, path)) {
    if (typeof node.value === 'string') checkExpression(node.value, node.path, report);
  }
}

/** Checks the JSONata expressions of a JSONata-mode state, its Catchers and its Choice Rules. */
export function checkJsonataDataFlow(site: StateSite, report: Report): void {
  if (site.queryLanguage !== 'JSONata') return;
  const { state } = site;
  for (const field of TEMPLATE_FIELDS) {
    if (state[field] !== undefined) checkTemplate(state[field], memberPath(site.path, field), report);
  }
  if (state.Assign !== undefined && !isJsonObject(state.Assign)) {
    report(
      memberPath(site.path, 'Assign'),
      `must be an object of variable names and values, not ${describeType(state.Assign)}`,
    );
  }
  for (const { field, literal, accepts } of EXPRESSION_FIELDS) {
    const value = state[field];
    if (value === undefined) continue;
    const path = memberPath(site.path, field);
    if (jsonataExpressionOf(value) !== undefined) checkExpression(value, path, report);
    else if (!accepts(value)) report(path, `must be ${literal} or a JSONata expression {% ... %}`);
  }
  for (const field of ['Catch', 'Choices'] as const) {
    const list = state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (!isJsonObject(entry)) return;
      const entryPath = indexPath(memberPath(site.path, field), index);
      for (const key of ['Output', 'Assign', 'Condition'] as const) {
        if (entry[key] !== undefined) checkTemplate(entry[key], memberPath(entryPath, key), report);
      }
    });
  }
}
