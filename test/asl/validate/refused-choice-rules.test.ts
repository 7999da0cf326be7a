import {
  SUCCEED,
  choice,
  expectRefusals,
  jsonataChoice,
  machine,
  type Refusal,
} from './validate-test-kit.js';

const refusals: Refusal[] = [
  [
    'an unknown comparison operator',
    choice({ Variable: '$.a', StringEqualz: 'x' }),
    '$.States.C.Choices[0].StringEqualz',
    '"StringEqualz" is not a comparison operator',
  ],
  [
    'two comparison operators',
    choice({ Variable: '$.a', StringEquals: 'x', NumericEquals: 1 }),
    '$.States.C.Choices[0]',
    'has more than one comparison operator (StringEquals and NumericEquals)',
  ],
  [
    'an operator and a Boolean rule',
    choice({ Variable: '$.a', IsNull: true, Not: { Variable: '$.b', IsNull: true } }),
    '$.States.C.Choices[0]',
    'has more than one comparison operator',
  ],
  [
    'a rule with no operator',
    choice({ Variable: '$.a' }),
    '$.States.C.Choices[0]',
    'has no comparison operator',
  ],
  [
    'an operator without Variable',
    choice({ StringEquals: 'x' }),
    '$.States.C.Choices[0].Variable',
    'is required with StringEquals',
  ],
  [
    'a Variable beside And',
    choice({ Variable: '$.a', And: [{ Variable: '$.b', IsNull: true }] }),
    '$.States.C.Choices[0].Variable',
    'cannot be used with And',
  ],
  ['an empty Or', choice({ Or: [] }), '$.States.C.Choices[0].Or', 'must hold at least one Choice Rule'],
  [
    'an And that is not an array',
    choice({ And: { Variable: '$.b', IsNull: true } }),
    '$.States.C.Choices[0].And',
    'must be an array of Choice Rules',
  ],
  [
    'a nested rule with Next',
    choice({ Not: { Variable: '$.b', IsNull: true, Next: 'D' } }),
    '$.States.C.Choices[0].Not.Next',
    'only on a top-level Choice Rule',
  ],
  [
    'a nested rule that is not an object',
    choice({ And: [3] }),
    '$.States.C.Choices[0].And[0]',
    'must be an object (a Choice Rule)',
  ],
  [
    'a deep bad operand',
    choice({ And: [{ Or: [{ Not: { Variable: '$.n', NumericLessThan: '5' } }] }] }),
    '$.States.C.Choices[0].And[0].Or[0].Not.NumericLessThan',
    'must be a number, not a string',
  ],
  [
    'a BooleanEquals operand that is a string',
    choice({ Variable: '$.a', BooleanEquals: 'true' }),
    '$.States.C.Choices[0].BooleanEquals',
    'must be true or false',
  ],
  [
    'a type test operand that is not boolean',
    choice({ Variable: '$.a', IsPresent: 1 }),
    '$.States.C.Choices[0].IsPresent',
    'must be true or false',
  ],
  [
    'a StringMatches operand that is not a string',
    choice({ Variable: '$.a', StringMatches: 1 }),
    '$.States.C.Choices[0].StringMatches',
    'must be a string pattern',
  ],
  [
    'a StringEquals operand that is not a string',
    choice({ Variable: '$.a', StringEquals: 1 }),
    '$.States.C.Choices[0].StringEquals',
    'must be a string',
  ],
  [
    'a top-level rule without Next',
    machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true }], Default: 'D' },
      D: SUCCEED,
    }),
    '$.States.C.Choices[0].Next',
    'is required on a top-level Choice Rule',
  ],
  [
    'a rule that is not an object',
    machine({ C: { Type: 'Choice', Choices: ['x'], Default: 'D' }, D: SUCCEED }),
    '$.States.C.Choices[0]',
    'must be an object (a Choice Rule)',
  ],
  [
    'a Condition in a JSONPath rule',
    choice({ Condition: '{% true %}' }),
    '$.States.C.Choices[0].Condition',
    'is a JSONata field',
  ],
  [
    'a Variable in a JSONata rule',
    jsonataChoice({ Condition: true, Variable: '$.a' }),
    '$.States.C.Choices[0].Variable',
    'is a JSONPath Choice Rule field',
  ],
  [
    'an unknown field in a JSONata rule',
    jsonataChoice({ Condition: true, When: 1 }),
    '$.States.C.Choices[0].When',
    'is not a field of a JSONata Choice Rule',
  ],
  [
    'a JSONata rule that is not an object',
    machine({ C: { Type: 'Choice', Choices: [1], Default: 'D' }, D: SUCCEED }, { QueryLanguage: 'JSONata' }),
    '$.States.C.Choices[0]',
    'must be an object',
  ],
  [
    'a JSONata rule without Next',
    machine(
      { C: { Type: 'Choice', Choices: [{ Condition: true }], Default: 'D' }, D: SUCCEED },
      { QueryLanguage: 'JSONata' },
    ),
    '$.States.C.Choices[0].Next',
    'is required on a Choice Rule',
  ],
];

describe('validateDefinition refuses bad Choice Rules', () => {
  expectRefusals(refusals);
});
