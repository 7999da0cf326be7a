/**
 * JSONPath evaluation over JSON data, with the distinction AWS draws between a definite path
 * (`$.a.b[0]`, one value or nothing) and an indefinite one (wildcards, filters, slices, recursive
 * descent: always the array of its matches, possibly empty).
 */
import { JSONPath } from 'jsonpath-plus';
import { RuntimeError } from '../errors.js';
import { DEFAULT_JSONPATH_STEPS, DEFAULT_MAX_RESULT_BYTES, type PathBudget } from '../evaluation-budget.js';
import type { PathLookup } from '../path-lookup.js';
import { exceedsJsonBytes, type Json } from '../json.js';

const INDEFINITE_COMPONENT = /^(\.\.|\*|\?\(.*\)|\(.*\)|.*[:,].*)$/s;
const INDEX = /^-?\d+$/;

/** The components of a JSONPath after `$`, as jsonpath-plus parses them. */
function components(path: string): string[] {
  return JSONPath.toPathArray(path).slice(1);
}

/** True when `path` can match at most one value. */
export function isDefinitePath(path: string): boolean {
  return !components(path).some((component) => INDEFINITE_COMPONENT.test(component));
}

/**
 * The path in the bracket notation AWS quotes in its error causes (`$['a'][0]`), which is how the
 * Jayway library behind Step Functions prints a path.
 */
export function bracketNotation(path: string): string {
  const parts = components(path).map((component) =>
    INDEX.test(component) ? `[${component}]` : `['${component}']`,
  );
  return `$${parts.join('')}`;
}

const DEFAULT_PATH_BUDGET: PathBudget = {
  jsonPathSteps: DEFAULT_JSONPATH_STEPS,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
};

type Trace = (...args: unknown[]) => unknown;

/**
 * Runs `path` with jsonpath-plus, counting the nodes it visits: its `_trace` runs once per node
 * and per path component (not public API; the version is pinned and a test proves the count).
 */
function matchesOf(path: string, data: object, budget: PathBudget): Json[] {
  const query = JSONPath({
    path,
    json: data,
    wrap: true,
    resultType: 'value',
    eval: 'safe',
    autostart: false,
  });
  const metered = query as unknown as { _trace: Trace };
  const trace = metered._trace;
  let steps = 0;
  metered._trace = function (this: unknown, ...args: unknown[]) {
    steps += 1;
    if (steps > budget.jsonPathSteps) {
      throw new RuntimeError(
        `The JSONPath '${path}' exceeded its budget of ${budget.jsonPathSteps} steps (nodes visited).`,
      );
    }
    return trace.apply(this, args);
  };
  try {
    return query.evaluate({ path, json: data, callback: undefined, otherTypeCallback: undefined }) as Json[];
  } catch (error) {
    // A recursive descent into data nested thousands deep overflows the stack.
    if (!(error instanceof RangeError)) throw error;
    throw new RuntimeError(`The JSONPath '${path}' could not be evaluated: ${error.message}.`);
  }
}

/**
 * Evaluates `path` (which starts with `$`) against `data`. A definite path yields its value or
 * nothing; an indefinite path yields the array of its matches (found even when empty).
 *
 * @throws RuntimeError (`States.Runtime`) past `budget`.
 */
export function queryJsonPath(
  path: string,
  data: Json,
  budget: PathBudget = DEFAULT_PATH_BUDGET,
): PathLookup {
  if (path === '$') return { found: true, value: data };
  const definite = isDefinitePath(path);
  // jsonpath-plus refuses a null root; no path below `$` can match inside a scalar anyway.
  if (data === null || typeof data !== 'object')
    return definite ? { found: false } : { found: true, value: [] };
  const matches = matchesOf(path, data, budget);
  if (!definite) {
    // Matches of a recursive descent nest in one another: their total can be far larger than the data.
    if (exceedsJsonBytes(matches, budget.maxResultBytes)) {
      throw new RuntimeError(
        `The JSONPath '${path}' matched more than its budget of ${budget.maxResultBytes} bytes.`,
      );
    }
    return { found: true, value: matches };
  }
  return matches.length === 0 ? { found: false } : { found: true, value: matches[0] };
}
