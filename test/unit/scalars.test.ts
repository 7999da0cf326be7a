import { GraphQLError, Kind, parseValue } from 'graphql';
import { isDateTimeString } from '../../src/common/date-time.js';
import { DateTimeScalar } from '../../src/graphql/scalars/date-time.scalar.js';
import { JsonScalar } from '../../src/graphql/scalars/json.scalar.js';

describe('DateTime scalar', () => {
  it.each([
    '2026-01-31T12:00:00Z',
    '2026-01-31T12:00:00.123Z',
    '2026-01-31T12:00:00.123456+01:00',
    '2024-02-29t23:59:59-05:30',
  ])('accepts the RFC 3339 date-time %s', (value) => {
    expect(isDateTimeString(value)).toBe(true);
  });

  it.each([
    ['a date without a time', '2026-01-31'],
    ['no offset', '2026-01-31T12:00:00'],
    ['a day that does not exist', '2026-02-30T12:00:00Z'],
    ['a leap day of a common year', '2025-02-29T12:00:00Z'],
    ['hour 24', '2026-01-31T24:00:00Z'],
    ['another format Date.parse accepts', 'Sat, 31 Jan 2026 12:00:00 GMT'],
    ['a bad offset', '2026-01-31T12:00:00+25:00'],
  ])('refuses %s', (_, value) => {
    expect(isDateTimeString(value)).toBe(false);
  });

  it('serializes a Date as an ISO string in UTC', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 0, 31, 12)))).toBe('2026-01-31T12:00:00.000Z');
  });

  it('serializes a date-time string as it is, keeping microseconds (a payload that crossed Redis)', () => {
    expect(DateTimeScalar.serialize('2026-01-31T12:00:00.123456Z')).toBe('2026-01-31T12:00:00.123456Z');
  });

  it.each([new Date('nope'), 'yesterday', 1769860800000, null])('refuses to serialize %p', (value) => {
    expect(() => DateTimeScalar.serialize(value)).toThrow(GraphQLError);
  });

  it('parses a variable and a literal into a Date', () => {
    const expected = new Date('2026-01-31T11:00:00.000Z');
    expect(DateTimeScalar.parseValue('2026-01-31T12:00:00+01:00')).toEqual(expected);
    expect(DateTimeScalar.parseLiteral(parseValue('"2026-01-31T12:00:00+01:00"'))).toEqual(expected);
  });

  it('refuses an input that is not an ISO-8601 date-time, saying what it expects', () => {
    expect(() => DateTimeScalar.parseValue('31/01/2026')).toThrow(/ISO-8601 date-time with an offset/);
    expect(() => DateTimeScalar.parseValue(1769860800000)).toThrow(GraphQLError);
    expect(() => DateTimeScalar.parseLiteral(parseValue('1769860800000'))).toThrow(/written as a string/);
  });
});

describe('JSON scalar', () => {
  it.each([{ StartAt: 'A', States: {} }, [1, 'two', null], 'text', 3.5, true, null])(
    'passes the JSON value %p through unchanged',
    (value) => {
      expect(JsonScalar.serialize(value)).toEqual(value);
      expect(JsonScalar.parseValue(value)).toEqual(value);
    },
  );

  it('reads a literal object with every kind of value, variables included', () => {
    const literal = parseValue('{ s: "x", i: 1, f: 2.5, b: false, n: null, l: [1, { deep: $v }] }');
    expect(JsonScalar.parseLiteral(literal, { v: ['from', 'variable'] })).toEqual({
      s: 'x',
      i: 1,
      f: 2.5,
      b: false,
      n: null,
      l: [1, { deep: ['from', 'variable'] }],
    });
  });

  it('reads an unset variable as null', () => {
    expect(
      JsonScalar.parseLiteral({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'v' } }, {}),
    ).toBeNull();
  });

  it('refuses an enum literal, which JSON cannot represent', () => {
    expect(() => JsonScalar.parseLiteral(parseValue('{ state: SUCCEEDED }'))).toThrow(/quote it/);
  });
});
