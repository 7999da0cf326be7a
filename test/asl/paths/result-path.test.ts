import fc from 'fast-check';
import { isJsonObject, type Json, type JsonObject } from '../../../src/asl/json.js';
import { queryJsonPath } from '../../../src/asl/paths/jsonpath.js';
import { applyResultPath } from '../../../src/asl/paths/result-path.js';

const key = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const json = fc.jsonValue() as fc.Arbitrary<Json>;
const object = fc.dictionary(key, json, { maxKeys: 5 }) as fc.Arbitrary<JsonObject>;
const fieldPath = fc.array(key, { minLength: 1, maxLength: 4 });

describe('applyResultPath', () => {
  it.each([
    ['absent: the result replaces the input', undefined, { a: 1 }, 'r', 'r'],
    ['$: the result replaces the input', '$', { a: 1 }, 'r', 'r'],
    ['null: the input passes through', null, { a: 1 }, 'r', { a: 1 }],
    ['a new field is added', '$.b', { a: 1 }, 2, { a: 1, b: 2 }],
    ['an existing field is replaced', '$.a', { a: 1 }, 2, { a: 2 }],
    ['missing objects are created', '$.x.y.z', { a: 1 }, true, { a: 1, x: { y: { z: true } } }],
    ['an array element is replaced', '$.list[1]', { list: [1, 2, 3] }, 'b', { list: [1, 'b', 3] }],
  ] as const)('%s', (_title, path, input, result, expected) => {
    expect(applyResultPath(input as Json, result as Json, path)).toEqual(expected);
  });

  it('refuses to place a field inside a scalar', () => {
    expect(() => applyResultPath('text', 1, '$.a')).toThrow(
      expect.objectContaining({ name: 'States.ResultPathMatchFailure' }),
    );
  });

  it('puts the result where the path reads it back, leaving the rest of the input as it was', () => {
    fc.assert(
      fc.property(object, json, fieldPath, (input, result, keys) => {
        const before = structuredClone(input);
        const path = `$.${keys.join('.')}`;
        let merged: Json;
        try {
          merged = applyResultPath(input, result, path);
        } catch (error) {
          // Only a scalar or array along the way can refuse the result.
          expect((error as Error).name).toBe('States.ResultPathMatchFailure');
          return;
        }
        expect(queryJsonPath(path, merged)).toEqual({ found: true, value: result });
        expect(input).toEqual(before);
        for (const other of Object.keys(input).filter((name) => name !== keys[0])) {
          expect((merged as JsonObject)[other]).toEqual(input[other]);
        }
      }),
    );
  });

  it('never fails on an object input when every step of the path is new', () => {
    fc.assert(
      fc.property(object, json, fieldPath, (input, result, keys) => {
        const fresh = keys.map((name) => `new_${name}`);
        const merged = applyResultPath(input, result, `$.${fresh.join('.')}`);
        expect(isJsonObject(merged)).toBe(true);
        expect(queryJsonPath(`$.${fresh.join('.')}`, merged)).toEqual({ found: true, value: result });
      }),
    );
  });
});
