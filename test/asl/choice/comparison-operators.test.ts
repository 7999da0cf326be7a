import { evaluateChoiceRule, type ChoiceRule } from '../../../src/asl/choice/index.js';
import { StatesError } from '../../../src/asl/errors.js';
import { inputResolver, resolverFor } from './path-resolver.fixture.js';

function evaluate(rule: Record<string, unknown>, input: unknown): boolean {
  return evaluateChoiceRule(rule as unknown as ChoiceRule, inputResolver(input));
}

/** The error a rule raises, or fails the test when it raises none. */
function errorOf(rule: Record<string, unknown>, input: unknown): StatesError {
  try {
    evaluate(rule, input);
  } catch (error) {
    expect(error).toBeInstanceOf(StatesError);
    return error as StatesError;
  }
  throw new Error('expected the rule to raise an error');
}

type Pair = readonly [variable: unknown, operand: unknown];

/** For one comparison, a pair that compares true, one that compares false, and two type mismatches. */
interface ComparisonCase {
  readonly operator: string;
  readonly matching: Pair;
  readonly failing: Pair;
  readonly wrongVariableType: Pair;
  readonly wrongOperandType: Pair;
}

const T0 = '2016-03-14T01:59:00Z';
const T0_IN_PARIS = '2016-03-14T02:59:00+01:00';
const T0_PLUS_1NS = '2016-03-14T01:59:00.000000001Z';

function comparison(
  operator: string,
  matching: Pair,
  failing: Pair,
  wrongVariableType: Pair,
  wrongOperandType: Pair,
): ComparisonCase {
  return { operator, matching, failing, wrongVariableType, wrongOperandType };
}

const CASES: readonly ComparisonCase[] = [
  comparison('StringEquals', ['Hello', 'Hello'], ['Hello', 'hello'], [1, '1'], ['1', 1]),
  comparison('StringLessThan', ['A', 'a'], ['b', 'a'], [0, 'a'], ['a', null]),
  comparison('StringGreaterThan', ['b', 'a'], ['a', 'a'], [true, 'a'], ['b', ['a']]),
  comparison('StringLessThanEquals', ['a', 'a'], ['b', 'a'], [null, 'a'], ['a', 0]),
  comparison('StringGreaterThanEquals', ['a', 'a'], ['a', 'ab'], [{}, 'a'], ['a', false]),
  comparison('NumericEquals', [1.5, 1.5], [1, 2], ['1', 1], [1, '1']),
  comparison('NumericLessThan', [-1, 0], [0, 0], [null, 1], [0, '1']),
  comparison('NumericGreaterThan', [2, 1.5], [1, 1], [[2], 1], [2, true]),
  comparison('NumericLessThanEquals', [1, 1], [2, 1], [false, 1], [1, null]),
  comparison('NumericGreaterThanEquals', [1, 1], [0, 1], ['1', 1], [1, {}]),
  comparison('BooleanEquals', [false, false], [true, false], ['true', true], [true, 'true']),
  comparison(
    'TimestampEquals',
    [T0, T0_IN_PARIS],
    [T0, T0_PLUS_1NS],
    ['2016-03-14', '2016-03-14'],
    [T0, 1457920740000],
  ),
  comparison(
    'TimestampLessThan',
    [T0, T0_PLUS_1NS],
    [T0_IN_PARIS, T0],
    [1457920740000, T0_PLUS_1NS],
    [T0, 'tomorrow'],
  ),
  comparison(
    'TimestampGreaterThan',
    [T0_PLUS_1NS, T0_IN_PARIS],
    [T0, T0],
    ['2016-03-14T01:59:01', T0],
    [T0_PLUS_1NS, null],
  ),
  comparison(
    'TimestampLessThanEquals',
    [T0_IN_PARIS, T0],
    [T0_PLUS_1NS, T0],
    [null, T0],
    [T0, '2016-03-14t01:59:00z'],
  ),
  comparison('TimestampGreaterThanEquals', [T0, T0_IN_PARIS], [T0, T0_PLUS_1NS], [true, T0], [T0, [T0]]),
];

/** The same comparison with a literal operand and with the operand read from `$.other`. */
function forms(operator: string, [variable, operand]: Pair) {
  const shown = `${JSON.stringify(variable)} against ${JSON.stringify(operand)}`;
  return [
    {
      title: `${shown} as a literal`,
      rule: { Variable: '$.value', [operator]: operand },
      input: { value: variable },
    },
    {
      title: `${shown} through a path`,
      rule: { Variable: '$.value', [`${operator}Path`]: '$.other' },
      input: { value: variable, other: operand },
    },
  ];
}

describe.each(CASES)('$operator and its Path form', (comparison) => {
  const { operator } = comparison;

  it.each(forms(operator, comparison.matching))('is true for $title', ({ rule, input }) => {
    expect(evaluate(rule, input)).toBe(true);
  });

  it.each(forms(operator, comparison.failing))('is false for $title', ({ rule, input }) => {
    expect(evaluate(rule, input)).toBe(false);
  });

  it.each([
    ...forms(operator, comparison.wrongVariableType),
    ...forms(operator, comparison.wrongOperandType),
  ])('is false, not an error, for the type mismatch $title', ({ rule, input }) => {
    expect(evaluate(rule, input)).toBe(false);
  });

  it.each(forms(operator, comparison.matching))(
    'fails with States.Runtime when the Variable matches nothing ($title)',
    ({ rule }) => {
      const error = errorOf(rule, { unrelated: true });
      expect(error.name).toBe('States.Runtime');
      expect(error.cause).toBe(
        "Invalid path '$.value': The choice state's condition path references an invalid value.",
      );
    },
  );

  it('fails with States.Runtime when the Path operand matches nothing', () => {
    const rule = { Variable: '$.value', [`${operator}Path`]: '$.missing' };
    const error = errorOf(rule, { value: comparison.matching[0] });
    expect(error.toErrorOutput()).toEqual({
      Error: 'States.Runtime',
      Cause: "Invalid path '$.missing': The choice state's condition path references an invalid value.",
    });
  });
});

describe('value semantics of the comparisons', () => {
  it('orders strings by UTF-16 code unit, as Java compareTo does, not by code point', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before the single unit U+FF61.
    expect(evaluate({ Variable: '$.value', StringLessThan: '\uFF61' }, { value: '😀' })).toBe(true);
    expect(evaluate({ Variable: '$.value', StringGreaterThan: '\uFF61' }, { value: '😀' })).toBe(false);
  });

  it('compares strings without case folding or Unicode normalization', () => {
    expect(evaluate({ Variable: '$.value', StringEquals: 'caf\u00e9' }, { value: 'cafe\u0301' })).toBe(false);
    expect(evaluate({ Variable: '$.value', StringEquals: 'ABC' }, { value: 'abc' })).toBe(false);
    expect(evaluate({ Variable: '$.value', StringEquals: ' a' }, { value: 'a' })).toBe(false);
  });

  it('treats 1 and 1.0 in JSON as the same number', () => {
    const input = JSON.parse('{ "value": 1.0, "other": 1 }') as unknown;
    expect(evaluate({ Variable: '$.value', NumericEqualsPath: '$.other' }, input)).toBe(true);
    expect(evaluate({ Variable: '$.value', NumericEquals: 1 }, input)).toBe(true);
    expect(evaluate({ Variable: '$.value', NumericEquals: -0 }, { value: 0 })).toBe(true);
  });

  it('compares timestamps as instants, with every fractional digit up to nanoseconds', () => {
    const equal = (left: string, right: string) =>
      evaluate({ Variable: '$.value', TimestampEquals: right }, { value: left });
    expect(equal('2016-03-14T01:59:00.1Z', '2016-03-14T01:59:00.100000000Z')).toBe(true);
    expect(equal('2016-03-14T00:00:00-05:30', '2016-03-14T05:30:00Z')).toBe(true);
    expect(equal('2016-03-14T00:00:00.0000001Z', '2016-03-14T00:00:00.0000002Z')).toBe(false);
  });

  it('reads the Path operand from the context object and from workflow variables', () => {
    const resolvePath = resolverFor({
      input: { count: 3 },
      context: { Execution: { Input: { limit: 3 } } },
      variables: { limits: { max: 5 } },
    });
    const rule = (operand: string) =>
      ({ Variable: '$.count', NumericLessThanEqualsPath: operand }) as unknown as ChoiceRule;
    expect(evaluateChoiceRule(rule('$$.Execution.Input.limit'), resolvePath)).toBe(true);
    expect(evaluateChoiceRule(rule('$limits.max'), resolvePath)).toBe(true);
    expect(() => evaluateChoiceRule(rule('$limits.min'), resolvePath)).toThrow(/Invalid path '\$limits.min'/);
  });
});
