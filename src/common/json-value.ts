/**
 * The deepest nesting of objects and arrays accepted in JSON from a client (a definition, an
 * execution input, a task output). JSON.stringify, PostgreSQL's jsonb parser and most readers
 * walk JSON recursively and run out of stack a few thousand levels down, so deeper JSON is
 * refused where it enters, as BAD_USER_INPUT, before anything recursive sees it.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * How deeply objects and arrays nest in `value` (a scalar is 0, `{}` is 1), counted up to one past
 * `limit`. A work list, not recursion: the point is to survive any depth, cycles included.
 */
export function jsonNestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** A node met while walking a value; the parent chain spells its path only when it is reported. */
interface Visit {
  readonly node: unknown;
  readonly depth: number;
  readonly parent?: Visit;
  readonly key?: string | number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `$.States.A["odd key"][2]`: where a visited node sits in the value. */
function pathOf(visit: Visit): string {
  const steps: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) {
    const key = at.key!;
    steps.push(
      typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`,
    );
  }
  return `$${steps.reverse().join('')}`;
}

/** What a node is when JSON cannot hold it (`a function`, `undefined`), or undefined when it can. */
function nonJsonKind(node: unknown): string | undefined {
  switch (typeof node) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(node) ? undefined : String(node);
    case 'object': {
      if (node === null || Array.isArray(node)) return undefined;
      const prototype: unknown = Object.getPrototypeOf(node);
      // GraphQL builds input objects without a prototype; JSON.parse, with Object's.
      if (prototype === Object.prototype || prototype === null) return undefined;
      return `an instance of ${(node as object).constructor?.name ?? 'a class'}`;
    }
    case 'undefined':
      return 'undefined';
    default:
      return `a ${typeof node}`;
  }
}

/**
 * Why `value` is not acceptable JSON from a client, as the end of a sentence about it
 * (`nests objects and arrays more than 1000 levels deep`), or undefined when it is: only null,
 * booleans, finite numbers, strings, arrays and plain objects, nested at most `maxDepth` levels.
 * Cheap and iterative (an explicit stack), so any depth gives an answer, never a RangeError.
 */
export function jsonValueProblem(value: unknown, maxDepth: number = MAX_JSON_DEPTH): string | undefined {
  // Nearly all values pass: the fast walk keeps no path, and only a failure is walked again to
  // say where it is. A 1 MiB definition is checked on the event loop, within a few milliseconds.
  return isAcceptableJson(value, maxDepth) ? undefined : describedProblem(value, maxDepth);
}

/** {@link jsonValueProblem}'s verdict alone: no Visit per node, scalars never stacked. */
function isAcceptableJson(value: unknown, maxDepth: number): boolean {
  if (nonJsonKind(value) !== undefined) return false;
  const nodes: unknown[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return false;
    // By index, as below: a hole in an array is an undefined item, which JSON lacks.
    const children: readonly unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (let index = 0; index < children.length; index += 1) {
      const child = children[index];
      if (nonJsonKind(child) !== undefined) return false;
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

/** The first problem of a value that has one, with the path of where it is. */
function describedProblem(value: unknown, maxDepth: number): string | undefined {
  const pending: Visit[] = [{ node: value, depth: 1 }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const { node, depth } = visit;
    const kind = nonJsonKind(node);
    if (kind !== undefined) return `is not JSON: it holds ${kind} at ${pathOf(visit)}`;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return `nests objects and arrays more than ${maxDepth} levels deep`;
    if (Array.isArray(node)) {
      // By index, not Object.values(): a hole in an array is an undefined item, which JSON lacks.
      for (let index = 0; index < node.length; index += 1) {
        pending.push({ node: node[index] as unknown, depth: depth + 1, parent: visit, key: index });
      }
    } else {
      for (const [key, child] of Object.entries(node)) {
        pending.push({ node: child, depth: depth + 1, parent: visit, key });
      }
    }
  }
  return undefined;
}
