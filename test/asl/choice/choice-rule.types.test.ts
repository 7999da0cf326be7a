import {
  COMPARISON_OPERATORS,
  evaluateChoiceRule,
  type ChoiceExpression,
  selectChoice,
  type ChoiceRule,
  type TopLevelChoiceRule,
} from '../../../src/asl/choice/index.js';
import { inputResolver } from './path-resolver.fixture.js';

describe('COMPARISON_OPERATORS', () => {
  it('lists the operators of the ASL specification, each once', () => {
    const paired = (type: string, relations: string[]) =>
      relations.flatMap((relation) => [`${type}${relation}`, `${type}${relation}Path`]);
    const relations = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];
    expect(COMPARISON_OPERATORS).toEqual([
      ...paired('String', relations),
      'StringMatches',
      ...paired('Numeric', relations),
      ...paired('Boolean', ['Equals']),
      ...paired('Timestamp', relations),
      'IsNull',
      'IsPresent',
      'IsNumeric',
      'IsString',
      'IsBoolean',
      'IsTimestamp',
    ]);
    expect(new Set(COMPARISON_OPERATORS).size).toBe(39);
  });

  it('names operators that the evaluator accepts', () => {
    for (const operator of COMPARISON_OPERATORS) {
      const operand = operator.endsWith('Path') ? '$.value' : operator.startsWith('Is') ? true : 'x';
      const rule = { Variable: '$.value', [operator]: operand } as unknown as ChoiceRule;
      expect(typeof evaluateChoiceRule(rule, inputResolver({ value: 'x' }))).toBe('boolean');
    }
  });
});

describe('ChoiceRule types', () => {
  it('type well-formed rules, which evaluate as written', () => {
    const rules: TopLevelChoiceRule[] = [
      { Variable: '$.a', StringEquals: 'x', Next: 'A' },
      { Variable: '$.a', NumericGreaterThanPath: '$.b', Next: 'B' },
      { Variable: '$.a', IsPresent: false, Next: 'C' },
      {
        And: [{ Variable: '$.a', BooleanEquals: true }, { Not: { Variable: '$.a', IsNull: true } }],
        Next: 'D',
      },
    ];
    expect(selectChoice(rules, inputResolver({ a: true, b: 1 }))?.Next).toBe('D');
  });

  // These are checked by the type checker (`npm run typecheck`): each line must fail to compile.
  it('reject malformed rules at compile time', () => {
    const malformed: ChoiceExpression[] = [
      // @ts-expect-error a Data-test expression holds exactly one operator
      { Variable: '$.a', StringEquals: 'x', NumericEquals: 1 },
      // @ts-expect-error NumericEquals takes a number
      { Variable: '$.a', NumericEquals: '1' },
      // @ts-expect-error a Path operator takes a path string
      { Variable: '$.a', BooleanEqualsPath: true },
      // @ts-expect-error a Data-test expression needs a Variable
      { StringEquals: 'x' },
    ];
    // @ts-expect-error a top-level rule needs Next
    const withoutNext: TopLevelChoiceRule = { Variable: '$.a', StringEquals: 'x' };
    expect(malformed).toHaveLength(4);
    expect(withoutNext).not.toHaveProperty('Next');
  });
});
