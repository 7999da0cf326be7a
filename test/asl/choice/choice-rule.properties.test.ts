import fc from 'fast-check';
import {
  COMPARISON_OPERATORS,
  evaluateChoiceRule,
  parseTimestamp,
  type ChoiceRule,
} from '../../../src/asl/choice/index.js';
import { inputResolver } from './path-resolver.fixture.js';

/** The outcome of a rule: its boolean, or the name of the error it raised. */
function outcome(rule: unknown, input: unknown): boolean | string {
  try {
    return evaluateChoiceRule(rule as ChoiceRule, inputResolver(input));
  } catch (error) {
    return (error as Error).name;
  }
}

const timestamp = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Values of every JSON type, with strings that are often timestamps or share prefixes. */
const value = fc.oneof(fc.jsonValue(), timestamp, fc.constantFrom('', 'a', 'ab', 'b', '*'));

/** A Data-test rule with any operator, over `$.value` and (for Path forms) `$.other`. */
const dataTest = fc
  .record({ operator: fc.constantFrom(...COMPARISON_OPERATORS), operand: value })
  .map(({ operator, operand }) => ({
    Variable: '$.value',
    [operator]: operator.endsWith('Path') ? '$.other' : operand,
  }));

const input = fc.record({ value, other: value }, { requiredKeys: [] });

/** Escapes a string so that StringMatches reads it literally. */
function literalPattern(text: string): string {
  return text.replace(/[\\*]/g, (char) => `\\${char}`);
}

describe('Choice rule properties', () => {
  it('Not(r) is the inverse of r, and fails exactly when r fails', () => {
    fc.assert(
      fc.property(dataTest, input, (rule, data) => {
        const plain = outcome(rule, data);
        const negated = outcome({ Not: rule }, data);
        expect(negated).toBe(typeof plain === 'boolean' ? !plain : plain);
      }),
    );
  });

  it('And and Or follow De Morgan: Not(And(a, b)) equals Or(Not a, Not b) when neither fails', () => {
    fc.assert(
      fc.property(dataTest, dataTest, input, (a, b, data) => {
        fc.pre(typeof outcome(a, data) === 'boolean' && typeof outcome(b, data) === 'boolean');
        expect(outcome({ Not: { And: [a, b] } }, data)).toBe(outcome({ Or: [{ Not: a }, { Not: b }] }, data));
      }),
    );
  });

  it('StringMatches with a pattern free of wildcards and escapes is StringEquals', () => {
    const plainText = fc.string().filter((text) => !/[\\*]/.test(text));
    fc.assert(
      fc.property(plainText, fc.oneof(plainText, fc.jsonValue()), (pattern, subject) => {
        const data = { value: subject };
        expect(outcome({ Variable: '$.value', StringMatches: pattern }, data)).toBe(
          outcome({ Variable: '$.value', StringEquals: pattern }, data),
        );
      }),
    );
  });

  it('StringMatches with an escaped literal matches that string and no other', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, other) => {
        const pattern = literalPattern(text);
        expect(outcome({ Variable: '$.value', StringMatches: pattern }, { value: text })).toBe(true);
        expect(outcome({ Variable: '$.value', StringMatches: pattern }, { value: other })).toBe(
          other === text,
        );
      }),
    );
  });

  it('StringMatches with a leading and trailing wildcard is substring search', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (needle, haystack) => {
        const pattern = `*${literalPattern(needle)}*`;
        expect(outcome({ Variable: '$.value', StringMatches: pattern }, { value: haystack })).toBe(
          haystack.includes(needle),
        );
      }),
    );
  });

  it.each([
    ['String', fc.string()],
    ['Numeric', fc.double({ noNaN: true, noDefaultInfinity: true })],
    ['Timestamp', timestamp],
  ])('orders %s values totally: exactly one of LessThan, Equals, GreaterThan holds', (type, values) => {
    fc.assert(
      fc.property(values, values, (left, right) => {
        const holds = (relation: string) =>
          outcome(
            { Variable: '$.value', [`${type}${relation}Path`]: '$.other' },
            { value: left, other: right },
          );
        const [less, equal, greater] = [holds('LessThan'), holds('Equals'), holds('GreaterThan')];
        expect([less, equal, greater].filter(Boolean)).toHaveLength(1);
        expect(holds('LessThanEquals')).toBe(less || equal);
        expect(holds('GreaterThanEquals')).toBe(greater || equal);
      }),
    );
  });

  it('reads every millisecond-precision ISO string as Date does', () => {
    fc.assert(
      fc.property(timestamp, (text) => {
        expect(parseTimestamp(text)).toBe(Date.parse(text));
      }),
    );
  });

  it('reads one instant written with any UTC offset as the same instant', () => {
    const date = fc.date({
      min: new Date('0002-01-01T00:00:00Z'),
      max: new Date('9998-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(date, offsetMinutes, (instant, offset) => {
        const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, -1);
        const magnitude = Math.abs(offset);
        const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(
          magnitude % 60,
        ).padStart(2, '0')}`;
        expect(parseTimestamp(`${local}${zone}`)).toBe(instant.getTime());
      }),
    );
  });
});
