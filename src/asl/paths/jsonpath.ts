/**
 * JSONPath evaluation over JSON data, with the distinction AWS draws between a definite path
 * (`$.a.b[0]`, one value or nothing) and an indefinite one (wildcards, filters, slices, recursive
 * descent: always the array of its matches, possibly empty).
 */
import { JSONPath } from 'jsonpath-plus';
import type { PathLookup } from '../path-lookup.js';
import type { Json } from '../json.js';

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

/**
 * Evaluates `path` (which starts with `$`) against `data`. A definite path yields its value or
 * nothing; an indefinite path yields the array of its matches (found even when empty).
 */
export function queryJsonPath(path: string, data: Json): PathLookup {
  if (path === '$') return { found: true, value: data };
  const definite = isDefinitePath(path);
  // jsonpath-plus refuses a null root; no path below `$` can match inside a scalar anyway.
  if (data === null || typeof data !== 'object')
    return definite ? { found: false } : { found: true, value: [] };
  const matches = JSONPath({
    path,
    json: data as object,
    wrap: true,
    resultType: 'value',
    eval: 'safe',
  }) as Json[];
  if (!definite) return { found: true, value: matches };
  return matches.length === 0 ? { found: false } : { found: true, value: matches[0] };
}
