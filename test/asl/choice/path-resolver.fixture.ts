import type { PathLookup, PathResolver } from '../../../src/asl/path-lookup.js';

/** The data a test's paths read: the state input (`$`), the context object (`$$`) and variables (`$name`). */
export interface ResolverData {
  readonly input?: unknown;
  readonly context?: unknown;
  readonly variables?: Readonly<Record<string, unknown>>;
}

const ROOT = /^\$(\$|[A-Za-z_][A-Za-z0-9_]*)?/;
const SEGMENT = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\])/;

function child(value: unknown, key: string | number): PathLookup {
  if (typeof key === 'number') {
    return Array.isArray(value) && key < value.length ? { found: true, value: value[key] } : { found: false };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)) {
    return { found: true, value: (value as Record<string, unknown>)[key] };
  }
  return { found: false };
}

/**
 * A small definite-path resolver standing in for the JSONPath module, so these tests exercise Choice
 * evaluation alone: `$`, `$.a.b`, `$.a[0]`, `$['a b']`, `$$.Execution.Id`, `$name.field`.
 */
export function resolverFor(data: ResolverData): PathResolver {
  return (path) => {
    const root = ROOT.exec(path);
    if (!root) throw new Error(`The test resolver cannot read the path ${path}`);
    let current: PathLookup;
    if (root[1] === undefined) current = { found: true, value: data.input };
    else if (root[1] === '$') current = { found: true, value: data.context };
    else current = child(data.variables ?? {}, root[1]);
    let rest = path.slice(root[0].length);
    while (rest.length > 0 && current.found) {
      const segment = SEGMENT.exec(rest);
      if (!segment) throw new Error(`The test resolver cannot read the path ${path}`);
      const key = segment[2] !== undefined ? Number(segment[2]) : (segment[1] ?? segment[3]);
      current = child(current.value, key);
      rest = rest.slice(segment[0].length);
    }
    return current;
  };
}

/** A resolver over the state input only. */
export function inputResolver(input: unknown): PathResolver {
  return resolverFor({ input });
}
