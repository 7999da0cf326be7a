import {
  evaluateChoiceRule,
  selectChoice,
  type ChoiceRule,
  type TopLevelChoiceRule,
} from '../../../src/asl/choice/index.js';
import { inputResolver } from './path-resolver.fixture.js';

function evaluate(rule: unknown, input: unknown): boolean {
  return evaluateChoiceRule(rule as ChoiceRule, inputResolver(input));
}

const isA = { Variable: '$.letter', StringEquals: 'a' };
const isB = { Variable: '$.letter', StringEquals: 'b' };
const failsWhenEvaluated = { Variable: '$.missing', NumericEquals: 1 };

describe('And, Or and Not', () => {
  it.each([
    ['And is true when every rule is', { And: [isA, { Variable: '$.n', NumericEquals: 1 }] }, true],
    ['And is false when one rule is not', { And: [isA, isB] }, false],
    ['Or is true when one rule is', { Or: [isB, isA] }, true],
    ['Or is false when no rule is', { Or: [isB, { Variable: '$.n', NumericEquals: 2 }] }, false],
    ['Not inverts a true rule', { Not: isA }, false],
    ['Not inverts a false rule', { Not: isB }, true],
    ['a single-rule And is that rule', { And: [isA] }, true],
    ['expressions nest', { Not: { Or: [{ And: [isA, isB] }, { Not: isA }] } }, true],
  ])('%s', (_name, rule, expected) => {
    expect(evaluate(rule, { letter: 'a', n: 1 })).toBe(expected);
  });

  it('stops And at the first false rule, so a later failing rule never runs', () => {
    expect(evaluate({ And: [isB, failsWhenEvaluated] }, { letter: 'a' })).toBe(false);
    expect(() => evaluate({ And: [isA, failsWhenEvaluated] }, { letter: 'a' })).toThrow(
      /Invalid path '\$\.missing'/,
    );
  });

  it('stops Or at the first true rule, so a later failing rule never runs', () => {
    expect(evaluate({ Or: [isA, failsWhenEvaluated] }, { letter: 'a' })).toBe(true);
    expect(() => evaluate({ Or: [isB, failsWhenEvaluated] }, { letter: 'a' })).toThrow(/States.Runtime/);
  });

  it('lets an error inside Not escape rather than inverting it', () => {
    expect(() => evaluate({ Not: failsWhenEvaluated }, {})).toThrow(/States.Runtime/);
  });
});

describe('selectChoice', () => {
  const rules: TopLevelChoiceRule[] = [
    { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
    { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
    {
      And: [
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
      Assign: { range: 'twenties' },
      Next: 'ValueInTwenties',
    },
  ];

  it.each([
    [{ type: 'Public', value: 22 }, 'Public'],
    [{ type: 'Private', value: 0 }, 'ValueIsZero'],
    [{ type: 'Private', value: 22 }, 'ValueInTwenties'],
  ])('picks the first matching rule in order for %j', (input, next) => {
    expect(selectChoice(rules, inputResolver(input))?.Next).toBe(next);
  });

  it('returns the whole rule, so its Assign can be applied', () => {
    expect(selectChoice(rules, inputResolver({ type: 'Private', value: 25 }))?.Assign).toEqual({
      range: 'twenties',
    });
  });

  it('returns undefined when no rule matches', () => {
    expect(selectChoice(rules, inputResolver({ type: 'Private', value: 99 }))).toBeUndefined();
  });

  it('stops at the first match, so a later failing rule never runs', () => {
    const guarded: TopLevelChoiceRule[] = [
      { Variable: '$.value', IsPresent: false, Next: 'Missing' },
      { Variable: '$.value', NumericEquals: 1, Next: 'One' },
    ];
    expect(selectChoice(guarded, inputResolver({}))?.Next).toBe('Missing');
    expect(() => selectChoice(guarded.slice(1), inputResolver({}))).toThrow(/States.Runtime/);
  });
});

describe('malformed rules', () => {
  it.each([
    ['no operator', { Variable: '$.a', Next: 'X' }, /needs And, Or, Not or a comparison operator/],
    ['an unknown operator', { Variable: '$.a', StringContains: 'x' }, /StringContains/],
    ['a Variable that is not a string', { Variable: 1, StringEquals: 'x' }, /'Variable' must be a path/],
    ['a Path operand that is not a string', { Variable: '$.a', StringEqualsPath: 1 }, /'StringEqualsPath'/],
    ['an empty And', { And: [] }, /'And' must be a non-empty array/],
    ['an Or that is not an array', { Or: isA }, /'Or' must be a non-empty array/],
  ])('fails with States.Runtime on a rule with %s', (_name, rule, message) => {
    expect(() => evaluate(rule, { a: 'x' })).toThrow(expect.objectContaining({ name: 'States.Runtime' }));
    expect(() => evaluate(rule, { a: 'x' })).toThrow(message);
  });
});
