import fc from 'fast-check';
import { IntrinsicSyntaxError } from '../../../src/asl/errors.js';
import { parseIntrinsic } from '../../../src/asl/intrinsics/index.js';
import { run } from './intrinsic.fixture.js';

/** A string as a single-quoted intrinsic literal: the four reserved characters escaped. */
function literal(text: string): string {
  return `'${text.replace(/[\\'{}]/g, (char) => `\\${char}`)}'`;
}

/** JSON values as they come out of JSON.parse (no -0, no prototype-changing keys). */
const jsonValue = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const text = fc.string({ unit: 'grapheme', maxLength: 200 });

describe('intrinsic function properties', () => {
  it('States.Base64Decode(States.Base64Encode(s)) gives back any text', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(run('States.Base64Decode(States.Base64Encode($.s))', { input: { s: value } })).toBe(value);
      }),
    );
  });

  it('States.StringToJson(States.JsonToString(x)) gives back any JSON value', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(run('States.StringToJson(States.JsonToString($.v))', { input: { v: value } })).toEqual(value);
      }),
    );
  });

  it('States.ArrayPartition cuts an array into full chunks and a last partial one that flatten back to it', () => {
    fc.assert(
      fc.property(fc.array(jsonValue, { maxLength: 30 }), fc.integer({ min: 1, max: 35 }), (array, size) => {
        const chunks = run('States.ArrayPartition($.a, $.n)', {
          input: { a: array, n: size },
        }) as unknown[][];
        expect(chunks.flat()).toEqual(array);
        chunks.slice(0, -1).forEach((chunk) => expect(chunk).toHaveLength(size));
        chunks.slice(-1).forEach((chunk) => expect(chunk.length).toBeGreaterThan(0));
      }),
    );
  });

  it('States.ArrayRange steps from first towards last without passing it', () => {
    const bound = fc.integer({ min: -300, max: 300 });
    const step = fc.integer({ min: -50, max: 50 }).filter((value) => value !== 0);
    fc.assert(
      fc.property(bound, bound, step, (first, last, by) => {
        const range = run(`States.ArrayRange(${first}, ${last}, ${by})`) as number[];
        range.forEach((value, index) => {
          expect(value).toBe(first + index * by);
          expect(by > 0 ? value <= last : value >= last).toBe(true);
        });
        const next = first + range.length * by;
        expect(by > 0 ? next > last : next < last).toBe(true);
      }),
    );
  });

  it('States.ArrayUnique keeps one of each item, in first-seen order, and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b'), jsonValue), {
          maxLength: 30,
        }),
        (array) => {
          const unique = run('States.ArrayUnique($.a)', { input: { a: array } }) as unknown[];
          const keys = unique.map((item) => JSON.stringify(item));
          expect(new Set(keys).size).toBe(unique.length);
          array.forEach((item) =>
            expect(run('States.ArrayContains($.u, $.i)', { input: { u: unique, i: item } })).toBe(true),
          );
          expect(run('States.ArrayUnique($.u)', { input: { u: unique } })).toEqual(unique);
        },
      ),
    );
  });

  it('a literal with its reserved characters escaped reads back as the same text, even as a template', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(run(`States.Format(${literal(value)})`)).toBe(value);
        expect(run(`States.Array(${literal(value)})`)).toEqual([value]);
      }),
    );
  });

  it('parsing any text either succeeds or throws IntrinsicSyntaxError, nothing else', () => {
    const piece = fc.constantFrom(
      'States.',
      'Array',
      'Format',
      '(',
      ')',
      ',',
      ' ',
      "'",
      '\\',
      '$',
      '.a',
      '[',
      ']',
      '1',
      '-',
      'true',
      'null',
      'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
        try {
          parseIntrinsic(`States.Array(${pieces.join('')}`);
        } catch (error) {
          expect(error).toBeInstanceOf(IntrinsicSyntaxError);
        }
      }),
    );
  });
});
