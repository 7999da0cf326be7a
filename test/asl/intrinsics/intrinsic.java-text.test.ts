import { javaJson, javaNumber, javaText } from '../../../src/asl/intrinsics/intrinsic.java-text.js';

describe('javaNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [7, '7'],
    [-42, '-42'],
    [2 ** 60, '1152921504606846976'],
    [1e20, '1.0E20'],
    [1.5, '1.5'],
    [-0.25, '-0.25'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [-1.5e-7, '-1.5E-7'],
    [9999999.5, '9999999.5'],
    [12345678.9, '1.23456789E7'],
    [1e21, '1.0E21'],
    [2 ** 63, '9.223372036854776E18'],
    [-1.7976931348623157e308, '-1.7976931348623157E308'],
  ])('prints %p as the JVM does: %s', (value, text) => {
    expect(javaNumber(value)).toBe(text);
  });
});

describe('javaJson', () => {
  it('writes compact JSON with Jackson escapes (upper-case hex, raw non-ASCII)', () => {
    expect(javaJson({ s: 'tab\there "q" \\ \u001f \u2028 ü', e: [], o: {}, n: null })).toBe(
      '{"s":"tab\\there \\"q\\" \\\\ \\u001F \u2028 ü","e":[],"o":{},"n":null}',
    );
  });
});

describe('javaText', () => {
  it('prints values as Java toString does', () => {
    expect(javaText({ a: [1, 'x', null, true], b: { c: 1.5e-7 } })).toBe(
      '{a=[1, x, null, true], b={c=1.5E-7}}',
    );
  });
});
