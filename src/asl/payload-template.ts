/**
 * JSONPath-mode payload templates: `Parameters`, `ResultSelector`, `ItemSelector` and `Assign`.
 * A field whose name ends in `.$` takes its value from a path or an intrinsic function call and
 * loses the suffix; every other field is copied as written, nested objects and arrays included.
 */
import { RuntimeError } from './errors.js';
import { evaluateIntrinsic, isIntrinsicFunction } from './intrinsics/index.js';
import { isJsonObject, toJson, type Json, type JsonObject } from './json.js';
import { resolvePath, type PathScope } from './paths/reference-path.js';

/** What a template's `.$` fields may read, and the randomness intrinsic functions may draw on. */
export interface TemplateScope extends PathScope {
  readonly random: () => number;
}

const DYNAMIC_SUFFIX = '.$';

/** Evaluates one `.$` field's expression: an intrinsic function call or a path. */
export function evaluateDynamicValue(expression: string, fieldName: string, scope: TemplateScope): Json {
  if (isIntrinsicFunction(expression)) {
    const resolver = (path: string) => resolvePath(path, scope);
    return toJson(
      evaluateIntrinsic(expression, {
        resolvePath: resolver,
        random: scope.random,
        fieldName,
        ...(scope.budget ? { maxResultBytes: scope.budget.maxResultBytes } : {}),
      }),
    );
  }
  const lookup = resolvePath(expression, scope);
  if (!lookup.found) {
    throw new RuntimeError(
      `The JSONPath '${expression}' specified for the field '${fieldName}' could not be found in the input '${JSON.stringify(scope.data)}'`,
    );
  }
  return lookup.value as Json;
}

function evaluateValue(value: Json, scope: TemplateScope): Json {
  if (Array.isArray(value)) return value.map((element) => evaluateValue(element, scope));
  if (isJsonObject(value)) return evaluatePayloadTemplate(value, scope);
  return value;
}

/** Evaluates a payload template against a scope, producing a new JSON object. */
export function evaluatePayloadTemplate(template: JsonObject, scope: TemplateScope): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(DYNAMIC_SUFFIX) && typeof value === 'string') {
      result[key.slice(0, -DYNAMIC_SUFFIX.length)] = evaluateDynamicValue(value, key, scope);
    } else {
      result[key] = evaluateValue(value, scope);
    }
  }
  return result;
}
