/**
 * JSONPath-mode data flow: path fields (InputPath, ResultPath, ItemsPath, SecondsPath, ...) and
 * payload templates (Parameters, ResultSelector, ItemSelector, Assign), whose `.$` fields hold a
 * path or an intrinsic function call.
 */
import { StatesError } from '../errors.js';
import { isIntrinsicFunction, parseIntrinsic } from '../intrinsics/index.js';
import { isJsonObject, type JsonObject } from '../json.js';
import type { StateSite } from './definition.scopes.js';
import { PATH, REFERENCE_PATH, RESULT_PATH, pathSyntaxError, type PathRules } from './jsonpath.syntax.js';
import { templateNodes } from './template.walk.js';
import { describeType, indexPath, memberPath, type Report } from './validation.diagnostics.js';

const DYNAMIC_SUFFIX = '.$';

/** Path fields of a state and what each accepts; `nullable` ones may be `null` (no data). */
const PATH_FIELDS: ReadonlyArray<{
  field: string;
  rules: PathRules;
  nullable?: boolean;
  intrinsic?: boolean;
}> = [
  { field: 'InputPath', rules: PATH, nullable: true },
  { field: 'OutputPath', rules: PATH, nullable: true },
  { field: 'ResultPath', rules: RESULT_PATH, nullable: true },
  { field: 'ItemsPath', rules: REFERENCE_PATH },
  { field: 'SecondsPath', rules: REFERENCE_PATH },
  { field: 'TimestampPath', rules: REFERENCE_PATH },
  { field: 'TimeoutSecondsPath', rules: REFERENCE_PATH },
  { field: 'HeartbeatSecondsPath', rules: REFERENCE_PATH },
  { field: 'MaxConcurrencyPath', rules: REFERENCE_PATH },
  { field: 'ErrorPath', rules: REFERENCE_PATH, intrinsic: true },
  { field: 'CausePath', rules: REFERENCE_PATH, intrinsic: true },
];

const TEMPLATE_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign'] as const;

/** Why an intrinsic function call does not parse, or `undefined` when it does. */
function intrinsicProblem(expression: string): string | undefined {
  try {
    parseIntrinsic(expression);
    return undefined;
  } catch (error) {
    if (error instanceof StatesError) return error.cause;
    return (error as Error).message;
  }
}

function checkPathValue(
  value: unknown,
  path: string,
  rules: PathRules,
  allowIntrinsic: boolean,
  report: Report,
): void {
  if (typeof value !== 'string') return report(path, `must be a path string, not ${describeType(value)}`);
  const problem =
    allowIntrinsic && isIntrinsicFunction(value) ? intrinsicProblem(value) : pathSyntaxError(value, rules);
  if (problem === undefined) return;
  report(
    path,
    isIntrinsicFunction(value)
      ? problem
      : `is not a valid ${rules.reference ? 'Reference Path' : 'path'}: ${problem}`,
  );
}

/** Checks one payload template: `.$` values parse, and no two fields collide once `.$` is dropped. */
function checkTemplate(template: unknown, path: string, report: Report): void {
  if (!isJsonObject(template)) return report(path, `must be an object, not ${describeType(template)}`);
  for (const { value, path: nodePath } of templateNodes(template, path)) {
    if (!isJsonObject(value)) continue;
    const names = new Set<string>();
    for (const [key, field] of Object.entries(value as JsonObject)) {
      const dynamic = key.endsWith(DYNAMIC_SUFFIX);
      const name = dynamic ? key.slice(0, -DYNAMIC_SUFFIX.length) : key;
      const fieldPath = memberPath(nodePath, key);
      if (names.has(name)) {
        report(fieldPath, `collides with the field "${name}": both produce "${name}" once ".$" is dropped`);
      }
      names.add(name);
      if (dynamic) checkPathValue(field, fieldPath, PATH, true, report);
    }
  }
}

/** Checks the paths and payload templates of a JSONPath-mode state, its Catchers and its Choice Rules. */
export function checkJsonPathDataFlow(site: StateSite, report: Report): void {
  if (site.queryLanguage !== 'JSONPath') return;
  const { state } = site;
  for (const { field, rules, nullable, intrinsic } of PATH_FIELDS) {
    const value = state[field];
    if (value === undefined || (value === null && nullable)) continue;
    checkPathValue(value, memberPath(site.path, field), rules, intrinsic === true, report);
  }
  for (const field of TEMPLATE_FIELDS) {
    if (state[field] !== undefined) checkTemplate(state[field], memberPath(site.path, field), report);
  }
  for (const field of ['Catch', 'Choices'] as const) {
    const list = state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (!isJsonObject(entry)) return;
      const entryPath = indexPath(memberPath(site.path, field), index);
      if (entry.Assign !== undefined) checkTemplate(entry.Assign, memberPath(entryPath, 'Assign'), report);
      const resultPath = entry.ResultPath;
      if (field === 'Catch' && resultPath !== undefined && resultPath !== null) {
        checkPathValue(resultPath, memberPath(entryPath, 'ResultPath'), RESULT_PATH, false, report);
      }
    });
  }
}
