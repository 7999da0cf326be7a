import { jsonNestingDepth, jsonValueProblem, MAX_JSON_DEPTH } from '../../src/common/json-value.js';

/** `depth` arrays nested in one another, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

/** `[1, <hole>, 3]`, which JSON cannot write. */
const holey: unknown[] = [1];
holey[2] = 3;

describe('checking client JSON', () => {
  it.each([
    ['null', null],
    ['a string', 'text'],
    ['an object with keys that name prototype properties', JSON.parse('{"__proto__": 1, "constructor": 2}')],
    ['an object without a prototype', Object.create(null) as object],
    [`arrays nested ${MAX_JSON_DEPTH} deep`, nestedArrays(MAX_JSON_DEPTH)],
  ])('accepts %s', (_name, value) => {
    expect(jsonValueProblem(value)).toBeUndefined();
  });

  it.each([
    ['undefined at the top', undefined, 'is not JSON: it holds undefined at $'],
    ['a hole in an array', { list: holey }, 'is not JSON: it holds undefined at $.list[1]'],
    ['NaN under an odd key', { 'a b': { c: NaN } }, 'is not JSON: it holds NaN at $["a b"].c'],
    ['a Date', { at: new Date(0) }, 'is not JSON: it holds an instance of Date at $.at'],
    ['a bigint', [1n], 'is not JSON: it holds a bigint at $[0]'],
    [
      `arrays nested ${MAX_JSON_DEPTH + 1} deep`,
      nestedArrays(MAX_JSON_DEPTH + 1),
      `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
    ],
  ])('refuses %s', (_name, value, problem) => {
    expect(jsonValueProblem(value)).toBe(problem);
  });

  it('refuses a cycle as too deep instead of walking it forever', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(jsonValueProblem(cycle)).toBe(`nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it('counts nesting depth up to one past the limit, without recursion', () => {
    expect(jsonNestingDepth('scalar', 10)).toBe(0);
    expect(jsonNestingDepth({ a: [{}] }, 10)).toBe(3);
    expect(jsonNestingDepth(nestedArrays(200_000), 10)).toBe(11);
  });
});
