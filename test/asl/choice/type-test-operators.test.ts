import { evaluateChoiceRule, type ChoiceRule } from '../../../src/asl/choice/index.js';
import { inputResolver } from './path-resolver.fixture.js';

function evaluate(rule: Record<string, unknown>, input: unknown): boolean {
  return evaluateChoiceRule(rule as unknown as ChoiceRule, inputResolver(input));
}

const VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['zero', 0],
  ['a fraction', 1.1],
  ['an empty string', ''],
  ['a string', 'HelloWorld'],
  ['a timestamp', '2012-10-09T19:00:55Z'],
  ['a timestamp with an offset', '2012-10-09T19:00:55.123+01:00'],
  ['a timestamp without a zone', '2012-10-09T19:00:55'],
  ['a date', '2023-02-24'],
  ['true', true],
  ['false', false],
  ['an empty array', []],
  ['an object', { A: 0 }],
];

/** Which of {@link VALUES} each type test accepts (the others it rejects). */
const ACCEPTS: Readonly<Record<string, readonly string[]>> = {
  IsNull: ['null'],
  IsNumeric: ['zero', 'a fraction'],
  IsString: [
    'an empty string',
    'a string',
    'a timestamp',
    'a timestamp with an offset',
    'a timestamp without a zone',
    'a date',
  ],
  IsBoolean: ['true', 'false'],
  IsTimestamp: ['a timestamp', 'a timestamp with an offset'],
};

const ROWS = Object.entries(ACCEPTS).flatMap(([operator, accepted]) =>
  VALUES.map(([name, value]) => ({ operator, name, value, accepted: accepted.includes(name) })),
);

describe('type-test operators', () => {
  it.each(ROWS)('$operator is $accepted for $name, and the opposite when its operand is false', (row) => {
    expect(evaluate({ Variable: '$.value', [row.operator]: true }, { value: row.value })).toBe(row.accepted);
    expect(evaluate({ Variable: '$.value', [row.operator]: false }, { value: row.value })).toBe(
      !row.accepted,
    );
  });

  it.each(Object.keys(ACCEPTS))(
    '%s fails with States.Runtime when the Variable matches nothing',
    (operator) => {
      for (const operand of [true, false]) {
        expect(() => evaluate({ Variable: '$.value', [operator]: operand }, {})).toThrow(
          expect.objectContaining({ name: 'States.Runtime' }),
        );
      }
    },
  );
});

describe('IsPresent', () => {
  it.each(VALUES)('finds a field holding %s', (_name, value) => {
    expect(evaluate({ Variable: '$.value', IsPresent: true }, { value })).toBe(true);
    expect(evaluate({ Variable: '$.value', IsPresent: false }, { value })).toBe(false);
  });

  it('is false, not an error, for a path that matches nothing', () => {
    expect(evaluate({ Variable: '$.value', IsPresent: true }, {})).toBe(false);
    expect(evaluate({ Variable: '$.a.b.c', IsPresent: true }, { a: 1 })).toBe(false);
    expect(evaluate({ Variable: '$.list[3]', IsPresent: true }, { list: [1] })).toBe(false);
  });

  it('with false, is true exactly when the path matches nothing', () => {
    expect(evaluate({ Variable: '$.value', IsPresent: false }, {})).toBe(true);
  });

  it('guards a later comparison inside And, which stops at the first false rule', () => {
    const rule = {
      And: [
        { Variable: '$.value', IsPresent: true },
        { Variable: '$.value', NumericGreaterThan: 1 },
      ],
    };
    expect(evaluate(rule, {})).toBe(false);
    expect(evaluate(rule, { value: 2 })).toBe(true);
  });
});
