import type { PathLookup, PathResolver } from '../../../src/asl/path-lookup.js';
import {
  evaluateIntrinsic,
  type IntrinsicCall,
  type IntrinsicContext,
} from '../../../src/asl/intrinsics/index.js';

/** The data a test's paths read: `$` the state input, `$$` the context object, `$name` a variable. */
export interface Scope {
  input?: unknown;
  context?: unknown;
  variables?: Record<string, unknown>;
}

/** One recorded AWS execution reduced to its intrinsic: the expression, the input, AWS's result. */
export interface RecordedCase {
  id: string;
  expression: string;
  input: unknown;
  expected: unknown;
  context?: unknown;
  variables?: Record<string, unknown>;
}

const SEGMENT = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/gy;
const MISSING: PathLookup = { found: false };

/** Walks `.name`, `[0]` and `['name']` segments from a root value. */
function walk(root: unknown, segments: string, path: string): PathLookup {
  let value = root;
  SEGMENT.lastIndex = 0;
  for (let consumed = 0; consumed < segments.length; consumed = SEGMENT.lastIndex) {
    const match = SEGMENT.exec(segments);
    if (!match) throw new Error(`the test resolver cannot read the path ${path}`);
    const key = match[1] ?? match[3] ?? Number(match[2]);
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return MISSING;
    value = (value as Record<string | number, unknown>)[key];
  }
  return { found: true, value };
}

/** A tiny resolver for definite paths: `$`, `$.a.b`, `$.a[0]`, `$$.Execution.Id`, `$var`, `$var.field`. */
export function resolverFor(scope: Scope): PathResolver {
  return (path) => {
    if (path.startsWith('$$')) return walk(scope.context, path.slice(2), path);
    const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(path);
    if (variable) {
      const variables = scope.variables ?? {};
      if (!Object.hasOwn(variables, variable[1])) return MISSING;
      return walk(variables[variable[1]], path.slice(variable[0].length), path);
    }
    return walk(scope.input, path.slice(1), path);
  };
}

/** An evaluation context over `scope`; `random` defaults to a fixed value so runs repeat. */
export function contextFor(scope: Scope = {}, random: () => number = () => 0.5): IntrinsicContext {
  return { resolvePath: resolverFor(scope), random };
}

/** Evaluates `expression` against `scope`. */
export function run(expression: string | IntrinsicCall, scope: Scope = {}, random?: () => number): unknown {
  return evaluateIntrinsic(expression, contextFor(scope, random));
}

/** Evaluates a recorded case the way AWS ran it: `$` is the input, `$$.Execution.Input` too. */
export function runRecorded(recorded: RecordedCase): unknown {
  const context = recorded.context ?? { Execution: { Input: recorded.input } };
  return run(recorded.expression, { input: recorded.input, context, variables: recorded.variables });
}

/** The error `action` throws; fails the test when it throws nothing. */
export function errorOf(action: () => unknown): Error & { cause?: unknown } {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the evaluation to fail, but it succeeded');
}

/** A seeded sequence of uniform numbers in [0, 1) (mulberry32), for repeatable "random" runs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
