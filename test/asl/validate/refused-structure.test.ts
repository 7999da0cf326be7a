import { validateDefinition } from '../../../src/asl/validate/index.js';
import {
  ECHO,
  END,
  SUCCEED,
  expectRefusals,
  jsonata,
  machine,
  map,
  single,
  type Refusal,
} from './validate-test-kit.js';

const refusals: Refusal[] = [
  [
    'an unknown state type',
    single({ Type: 'Lambda', End: true }),
    '$.States.S.Type',
    '"Lambda" is not a state type',
  ],
  [
    'a state type that is not a string',
    single({ Type: 1, End: true }),
    '$.States.S.Type',
    'a number is not a state type',
  ],
  ['a missing state type', single({ End: true }), '$.States.S.Type', 'is required'],
  [
    'a state that is not an object',
    machine({ A: [] }),
    '$.States.A',
    'must be an object (a state), not an array',
  ],
  [
    'States that is an array',
    { StartAt: 'A', States: [] },
    '$.States',
    'must be an object mapping state names to states',
  ],
  ['an empty States', { StartAt: 'A', States: {} }, '$.States', 'must contain at least one state'],
  ['no States at all', { StartAt: 'A' }, '$.States', 'is required'],
  [
    'a state name over 80 characters',
    machine({ ['n'.repeat(81)]: END }),
    `$.States.${'n'.repeat(81)}`,
    'state names are 1 to 80 characters long',
  ],
  ['an unknown state field', single({ ...END, Foo: 1 }), '$.States.S.Foo', 'is not a field of a Pass state'],
  [
    'Assign in a Succeed state',
    single({ Type: 'Succeed', Assign: { a: 1 } }),
    '$.States.S.Assign',
    'is not a field of a Succeed state',
  ],
  [
    'End in a Choice state',
    machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'D' }], End: true },
      D: SUCCEED,
    }),
    '$.States.C.End',
    'is not a field of a Choice state',
  ],
  [
    'both Next and End',
    machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: SUCCEED }),
    '$.States.A',
    'has both Next and "End": true',
  ],
  [
    'neither Next nor End',
    machine({ A: { Type: 'Pass' }, B: SUCCEED }),
    '$.States.A',
    'needs Next (the state to go to) or "End": true',
  ],
  [
    'a Wait with no duration',
    single({ Type: 'Wait', End: true }),
    '$.States.S',
    'needs one of Seconds, SecondsPath, Timestamp or TimestampPath',
  ],
  [
    'a JSONata Wait with no duration',
    jsonata({ Type: 'Wait', End: true }),
    '$.States.S',
    'needs one of Seconds or Timestamp',
  ],
  [
    'a Wait with two durations',
    single({ Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true }),
    '$.States.S',
    'has Seconds and SecondsPath: use exactly one',
  ],
  [
    'TimeoutSeconds and TimeoutSecondsPath',
    single({ ...ECHO, TimeoutSeconds: 1, TimeoutSecondsPath: '$.t' }),
    '$.States.S',
    'has both TimeoutSeconds and TimeoutSecondsPath',
  ],
  [
    'Error and ErrorPath',
    single({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }),
    '$.States.S',
    'has both Error and ErrorPath',
  ],
  [
    'a Parallel without Branches',
    single({ Type: 'Parallel', End: true }),
    '$.States.S.Branches',
    'is required in a Parallel state',
  ],
  [
    'a Choice without Choices',
    single({ Type: 'Choice', Default: 'S' }),
    '$.States.S.Choices',
    'is required in a Choice state',
  ],
  [
    'States.ALL with other errors',
    single({ ...ECHO, Retry: [{ ErrorEquals: ['States.ALL', 'E'] }] }),
    '$.States.S.Retry[0].ErrorEquals',
    'States.ALL must appear alone',
  ],
  [
    'States.ALL before another Catcher',
    machine({
      A: {
        ...ECHO,
        Catch: [
          { ErrorEquals: ['States.ALL'], Next: 'B' },
          { ErrorEquals: ['E'], Next: 'B' },
        ],
      },
      B: SUCCEED,
    }),
    '$.States.A.Catch[0].ErrorEquals',
    'States.ALL may appear only in the last handler',
  ],
  [
    'an empty ErrorEquals',
    single({ ...ECHO, Retry: [{ ErrorEquals: [] }] }),
    '$.States.S.Retry[0].ErrorEquals',
    'must name at least one error',
  ],
  [
    'a missing ErrorEquals',
    single({ ...ECHO, Retry: [{ MaxAttempts: 1 }] }),
    '$.States.S.Retry[0].ErrorEquals',
    'is required',
  ],
  [
    'an ErrorEquals that is a string',
    single({ ...ECHO, Retry: [{ ErrorEquals: 'E' }] }),
    '$.States.S.Retry[0].ErrorEquals',
    'must be an array of error names',
  ],
  [
    'an unknown Retrier field',
    single({ ...ECHO, Retry: [{ ErrorEquals: ['E'], Attempts: 2 }] }),
    '$.States.S.Retry[0].Attempts',
    'is not a field of a Retrier',
  ],
  [
    'an unknown JitterStrategy',
    single({ ...ECHO, Retry: [{ ErrorEquals: ['E'], JitterStrategy: 'SOME' }] }),
    '$.States.S.Retry[0].JitterStrategy',
    'must be "FULL" or "NONE"',
  ],
  [
    'a Retrier that is not an object',
    single({ ...ECHO, Retry: ['E'] }),
    '$.States.S.Retry[0]',
    'must be an object (a Retrier)',
  ],
  [
    'a Catcher without Next',
    single({ ...ECHO, Catch: [{ ErrorEquals: ['E'] }] }),
    '$.States.S.Catch[0].Next',
    'is required in a Catcher',
  ],
  [
    'a negative MaxAttempts',
    single({ ...ECHO, Retry: [{ ErrorEquals: ['E'], MaxAttempts: -1 }] }),
    '$.States.S.Retry[0].MaxAttempts',
    'must be at least 0',
  ],
  [
    'a zero TimeoutSeconds',
    single({ ...ECHO, TimeoutSeconds: 0 }),
    '$.States.S.TimeoutSeconds',
    'must be at least 1',
  ],
  [
    'a fractional HeartbeatSeconds',
    single({ ...ECHO, HeartbeatSeconds: 1.5 }),
    '$.States.S.HeartbeatSeconds',
    'must be an integer',
  ],
  [
    'a MaxConcurrency that is a string',
    map({ MaxConcurrency: 'many' }),
    '$.States.S.MaxConcurrency',
    'must be a number',
  ],
  [
    'a Timestamp that is not RFC 3339',
    single({ Type: 'Wait', Timestamp: '2026-01-31 09:30', End: true }),
    '$.States.S.Timestamp',
    'must be an RFC 3339 timestamp',
  ],
  ['an End that is a string', single({ Type: 'Pass', End: 'yes' }), '$.States.S.End', 'must be true'],
  ['a Comment that is a number', single({ ...END, Comment: 1 }), '$.States.S.Comment', 'must be a string'],
  [
    'an error name that is not a string',
    single({ ...ECHO, Retry: [{ ErrorEquals: [1] }] }),
    '$.States.S.Retry[0].ErrorEquals[0]',
    'must be a string',
  ],
  [
    'a top-level TimeoutSeconds that is a string',
    single(END, { TimeoutSeconds: 'long' }),
    '$.TimeoutSeconds',
    'must be an integer',
  ],
  [
    'an unknown top-level field',
    single(END, { Timeout: 1 }),
    '$.Timeout',
    'is not a field of a state machine definition',
  ],
  ['a Version that is a number', single(END, { Version: 1 }), '$.Version', 'must be a string'],
  ['null', null, '$', 'must be a JSON object with StartAt and States, not null'],
  ['a number', 42, '$', 'not a number'],
  ['an array', [], '$', 'not an array'],
  ['text that is not JSON', '{"StartAt": ', '$', 'is not valid JSON'],
  ['JSON text of an array', '[1]', '$', 'not an array'],
  ['undefined', undefined, '$', 'is undefined, not JSON'],
  ['a function', () => 1, '$', 'is function, not JSON'],
  ['a BigInt', { StartAt: 1n }, '$', 'cannot be serialized as JSON'],
];

describe('validateDefinition refuses malformed states and definitions', () => {
  expectRefusals(refusals);
});

describe('diagnostics', () => {
  it('report every independent fault, not just the first', () => {
    const result = validateDefinition(
      machine({
        A: { Type: 'Pass', Next: 'Nope' },
        B: { Type: 'Task', Resource: 'lambda', End: true },
        C: { Type: 'Choice', Choices: [] },
      }),
    );
    expect(result.diagnostics.map((diagnostic) => diagnostic.path)).toEqual(
      expect.arrayContaining([
        '$.States.A.Next',
        '$.States.B.Resource',
        '$.States.C.Choices',
        '$.States.B',
        '$.States.C',
      ]),
    );
  });

  it('quote state names that are not plain words', () => {
    const result = validateDefinition(machine({ "Say 'hi'": { Type: 'Pass', Next: 'Nowhere' } }));
    expect(result.diagnostics).toContainEqual({
      path: "$.States['Say \\'hi\\''].Next",
      message: expect.stringContaining('"Nowhere" names no state'),
    });
  });

  it('do not repeat a fault that the schema also finds', () => {
    const result = validateDefinition(single({ ...END, Foo: 1 }));
    expect(result.diagnostics).toEqual([
      { path: '$.States.S.Foo', message: 'is not a field of a Pass state' },
    ]);
  });

  it('name the types a field may have when it has none of them', () => {
    const result = validateDefinition(jsonata({ ...ECHO, TimeoutSeconds: true }));
    expect(result.diagnostics).toContainEqual({
      path: '$.States.S.TimeoutSeconds',
      message: 'must be a number or a JSONata expression {% ... %}',
    });
  });
});
