/**
 * Resolution of the paths a JSONPath-mode state may use: `$...` over the data at hand (state
 * input, result or error output), `$$...` over the context object, and `$name...` over the
 * workflow variable `name`.
 */
import type { PathBudget } from '../evaluation-budget.js';
import type { PathLookup, PathResolver } from '../path-lookup.js';
import type { Json, JsonObject } from '../json.js';
import { queryJsonPath } from './jsonpath.js';

/** What a path may read. */
export interface PathScope {
  /** The data `$` designates. */
  readonly data: Json;
  /** The context object `$$` designates. */
  readonly context: JsonObject;
  /** The workflow variables visible to the state. */
  readonly variables: Readonly<Record<string, Json>>;
  /** Unset: the defaults of evaluation-budget.ts. */
  readonly budget?: PathBudget;
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s;

/** True when `path` reads a workflow variable (`$name` or `$name.field`). */
export function isVariablePath(path: string): boolean {
  return !path.startsWith('$$') && VARIABLE.test(path);
}

/** Resolves one path against a scope. */
export function resolvePath(path: string, scope: PathScope): PathLookup {
  if (path.startsWith('$$')) return queryJsonPath(`$${path.slice(2)}`, scope.context, scope.budget);
  const variable = VARIABLE.exec(path);
  if (variable) {
    const [, name, rest] = variable as unknown as [string, string, string];
    if (!Object.hasOwn(scope.variables, name)) return { found: false };
    return queryJsonPath(`$${rest}`, scope.variables[name] as Json, scope.budget);
  }
  return queryJsonPath(path, scope.data, scope.budget);
}

/** A {@link PathResolver} bound to one scope, for the Choice and intrinsic-function modules. */
export function pathResolver(scope: PathScope): PathResolver {
  return (path) => resolvePath(path, scope);
}
