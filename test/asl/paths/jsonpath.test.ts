import fc from 'fast-check';
import { bracketNotation, isDefinitePath, queryJsonPath } from '../../../src/asl/paths/jsonpath.js';
import type { Json } from '../../../src/asl/json.js';

const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);

/** A JSON value together with a definite path to one of its nodes and the value found there. */
const valueWithPath: fc.Arbitrary<{ data: Json; path: string; expected: Json }> = fc
  .letrec<{ node: Json }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue({ maxDepth: 0 }) as fc.Arbitrary<Json>,
      fc.dictionary(key, tie('node'), { maxKeys: 4 }) as fc.Arbitrary<Json>,
      fc.array(tie('node'), { maxLength: 4 }) as fc.Arbitrary<Json>,
    ),
  }))
  .node.chain((data) => {
    const locations: { path: string; expected: Json }[] = [];
    const walk = (value: Json, path: string) => {
      locations.push({ path, expected: value });
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
      else if (value !== null && typeof value === 'object') {
        for (const [name, member] of Object.entries(value)) walk(member, `${path}.${name}`);
      }
    };
    walk(data, '$');
    return fc.constantFrom(...locations).map((location) => ({ data, ...location }));
  });

describe('queryJsonPath', () => {
  it.each([
    ['$', { a: 1 }, { found: true, value: { a: 1 } }],
    ['$.a', { a: null }, { found: true, value: null }],
    ['$.a', {}, { found: false }],
    ['$.a.b', { a: 5 }, { found: false }],
    ['$.a', null, { found: false }],
    ['$[1]', [10, 20], { found: true, value: 20 }],
    ['$.delivery-partner', { 'delivery-partner': 'UQS' }, { found: true, value: 'UQS' }],
    ["$['a b']", { 'a b': 3 }, { found: true, value: 3 }],
    [
      '$.users[?(@.status == 0)]',
      { users: [{ status: 0 }, { status: 1 }] },
      { found: true, value: [{ status: 0 }] },
    ],
    ['$.a[*]', { a: [[1], [2]] }, { found: true, value: [[1], [2]] }],
    ['$..x', { a: { x: 1 }, b: [{ x: 2 }] }, { found: true, value: [1, 2] }],
    ['$.none[*]', {}, { found: true, value: [] }],
    ['$[*]', 'scalar', { found: true, value: [] }],
    ['$.arr[1:3]', { arr: [1, 2, 3, 4] }, { found: true, value: [2, 3] }],
  ] as const)('evaluates %s', (path, data, expected) => {
    expect(queryJsonPath(path, data as Json)).toEqual(expected);
  });

  it('finds, by a definite path, exactly the node the path was built from', () => {
    fc.assert(
      fc.property(valueWithPath, ({ data, path, expected }) => {
        expect(isDefinitePath(path)).toBe(true);
        expect(queryJsonPath(path, data)).toEqual({ found: true, value: expected });
      }),
    );
  });

  it('always yields an array for an indefinite path', () => {
    fc.assert(
      fc.property(
        fc.jsonValue() as fc.Arbitrary<Json>,
        fc.constantFrom('$.*', '$..a', '$[*]', '$.a[0:2]'),
        (data, path) => {
          const lookup = queryJsonPath(path, data);
          expect(lookup.found && Array.isArray(lookup.value)).toBe(true);
        },
      ),
    );
  });
});

describe('isDefinitePath', () => {
  it.each([
    ['$', true],
    ['$.a.b[0]', true],
    ["$['x']", true],
    ['$.a[*]', false],
    ['$..a', false],
    ['$.a[?(@.b)]', false],
    ['$.a[0:2]', false],
    ['$.a[0,1]', false],
  ])('tells whether %s is definite', (path, definite) => {
    expect(isDefinitePath(path)).toBe(definite);
  });
});

describe('bracketNotation', () => {
  it.each([
    ['$.NoSuchInputPath', "$['NoSuchInputPath']"],
    ['$.a.b[0]', "$['a']['b'][0]"],
    ['$', '$'],
  ])('writes %s as Jayway prints it', (path, expected) => {
    expect(bracketNotation(path)).toBe(expected);
  });
});
