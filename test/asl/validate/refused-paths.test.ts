import { ECHO, END, choice, expectRefusals, map, single, type Refusal } from './validate-test-kit.js';

const refusals: Refusal[] = [
  [
    'an unclosed bracket in InputPath',
    single({ ...END, InputPath: '$.a[' }),
    '$.States.S.InputPath',
    'is never closed',
  ],
  [
    'an OutputPath without $',
    single({ ...END, OutputPath: 'a.b' }),
    '$.States.S.OutputPath',
    'a path starts with $',
  ],
  [
    'a wildcard in ResultPath',
    single({ ...END, ResultPath: '$.a[*]' }),
    '$.States.S.ResultPath',
    'not allowed in a Reference Path',
  ],
  [
    'a filter in ResultPath',
    single({ ...END, ResultPath: '$.a[?(@.b)]' }),
    '$.States.S.ResultPath',
    'a filter',
  ],
  [
    'ResultPath into the context',
    single({ ...END, ResultPath: '$$.Execution' }),
    '$.States.S.ResultPath',
    'not $$ or a variable',
  ],
  [
    'ResultPath into a variable',
    single({ ...END, ResultPath: '$var.x' }),
    '$.States.S.ResultPath',
    'not $$ or a variable',
  ],
  [
    'ResultPath that is a number',
    single({ ...END, ResultPath: 5 }),
    '$.States.S.ResultPath',
    'must be a path string',
  ],
  [
    'recursive descent in ItemsPath',
    map({ ItemsPath: '$..items' }),
    '$.States.S.ItemsPath',
    'recursive descent',
  ],
  [
    'a slice in MaxConcurrencyPath',
    map({ MaxConcurrencyPath: '$.a[0:2]' }),
    '$.States.S.MaxConcurrencyPath',
    'a slice',
  ],
  [
    'a broken SecondsPath',
    single({ Type: 'Wait', SecondsPath: '$.', End: true }),
    '$.States.S.SecondsPath',
    'field name is missing',
  ],
  [
    'a broken TimestampPath',
    single({ Type: 'Wait', TimestampPath: '$ .t', End: true }),
    '$.States.S.TimestampPath',
    "unexpected ' '",
  ],
  [
    'a broken TimeoutSecondsPath',
    single({ ...ECHO, TimeoutSecondsPath: '$.t]' }),
    '$.States.S.TimeoutSecondsPath',
    "unexpected ']'",
  ],
  [
    'a function in HeartbeatSecondsPath',
    single({ ...ECHO, HeartbeatSecondsPath: '$.h.length()' }),
    '$.States.S.HeartbeatSecondsPath',
    'functions such as length()',
  ],
  [
    'a broken ErrorPath',
    single({ Type: 'Fail', ErrorPath: '$[abc]' }),
    '$.States.S.ErrorPath',
    'is not an index',
  ],
  [
    'a broken CausePath',
    single({ Type: 'Fail', CausePath: '$.a[-1]' }),
    '$.States.S.CausePath',
    'negative index',
  ],
  [
    'a broken .$ field',
    single({ ...END, Parameters: { nested: { 'x.$': '$.a[?(' } } }),
    "$.States.S.Parameters.nested['x.$']",
    'is never closed',
  ],
  [
    'a .$ field that is not a string',
    single({ ...END, Parameters: { 'x.$': 3 } }),
    "$.States.S.Parameters['x.$']",
    'must be a path string',
  ],
  [
    'an unknown path function',
    single({ ...END, Parameters: { 'x.$': '$.a.size()' } }),
    "$.States.S.Parameters['x.$']",
    'is not a JSONPath function',
  ],
  [
    'a broken ResultSelector path',
    single({ ...ECHO, ResultSelector: { 'x.$': '$[' } }),
    "$.States.S.ResultSelector['x.$']",
    'is never closed',
  ],
  [
    'a broken ItemSelector path',
    map({ ItemSelector: { 'x.$': '$$.Map.Item.' } }),
    "$.States.S.ItemSelector['x.$']",
    'field name is missing',
  ],
  [
    'a broken Assign path',
    single({ ...END, Assign: { 'v.$': '$..' } }),
    "$.States.S.Assign['v.$']",
    'field name is missing',
  ],
  [
    'an Assign that is not an object',
    single({ ...END, Assign: [1] }),
    '$.States.S.Assign',
    'must be an object',
  ],
  [
    'Parameters that are not an object',
    single({ ...END, Parameters: 'x' }),
    '$.States.S.Parameters',
    'must be an object',
  ],
  [
    'a broken Catcher ResultPath',
    single({ ...ECHO, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'S', ResultPath: '$.e.*' }] }),
    '$.States.S.Catch[0].ResultPath',
    'a wildcard',
  ],
  [
    'a broken Catcher Assign',
    single({ ...ECHO, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'S', Assign: { 'e.$': 'x' } }] }),
    "$.States.S.Catch[0].Assign['e.$']",
    'a path starts with $',
  ],
  [
    'a broken Choice Variable',
    choice({ Variable: '$.a[', IsNull: true }),
    '$.States.C.Choices[0].Variable',
    'is never closed',
  ],
  [
    'a Choice Variable that is not a string',
    choice({ Variable: 1, IsNull: true }),
    '$.States.C.Choices[0].Variable',
    'must be a path',
  ],
  [
    'a broken ...Path operand',
    choice({ Variable: '$.a', StringEqualsPath: 'b' }),
    '$.States.C.Choices[0].StringEqualsPath',
    'a path starts with $',
  ],
  [
    'a ...Path operand that is not a string',
    choice({ Variable: '$.a', NumericEqualsPath: 1 }),
    '$.States.C.Choices[0].NumericEqualsPath',
    'must be a path',
  ],
  [
    'fields that collide once .$ is dropped',
    single({ ...END, Parameters: { a: 1, 'a.$': '$.a' } }),
    "$.States.S.Parameters['a.$']",
    'collides with the field "a"',
  ],
  [
    'an unknown intrinsic function',
    single({ ...END, Parameters: { 'x.$': 'States.Nope(1)' } }),
    "$.States.S.Parameters['x.$']",
    'unknown intrinsic function',
  ],
  [
    'an unclosed intrinsic call',
    single({ ...END, Parameters: { 'x.$': "States.Format('{}', $.a" } }),
    "$.States.S.Parameters['x.$']",
    'Invalid intrinsic function call',
  ],
  [
    'an intrinsic with too many arguments',
    single({ ...END, ResultSelector: {}, Assign: { 'n.$': 'States.ArrayLength($.a, 2)' } }),
    "$.States.S.Assign['n.$']",
    'takes exactly 1 argument',
  ],
  [
    'a broken intrinsic CausePath',
    single({ Type: 'Fail', CausePath: 'States.Format(' }),
    '$.States.S.CausePath',
    'Invalid intrinsic function call',
  ],
];

describe('validateDefinition refuses bad JSONPath and intrinsic functions', () => {
  expectRefusals(refusals);
});
