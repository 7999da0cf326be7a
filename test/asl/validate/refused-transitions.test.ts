import {
  DONE_SCOPE,
  ECHO,
  END,
  SUCCEED,
  expectRefusals,
  machine,
  map,
  scope,
  single,
  type Refusal,
} from './validate-test-kit.js';

const refusals: Refusal[] = [
  ['StartAt names no state', machine({ A: END }, { StartAt: 'Nope' }), '$.StartAt', '"Nope" names no state'],
  ['StartAt is missing', { States: { A: END } }, '$.StartAt', 'is required'],
  [
    'Next names no state',
    machine({ A: { Type: 'Pass', Next: 'Nope' }, B: END }),
    '$.States.A.Next',
    '"Nope" names no state',
  ],
  [
    'Next is not a string',
    machine({ A: { Type: 'Pass', Next: 3 } }),
    '$.States.A.Next',
    'must be the name of a state',
  ],
  [
    'a Choice rule names no state',
    machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'X' }], Default: 'D' },
      D: SUCCEED,
    }),
    '$.States.C.Choices[0].Next',
    '"X" names no state',
  ],
  [
    'Default names no state',
    machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'D' }], Default: 'X' },
      D: SUCCEED,
    }),
    '$.States.C.Default',
    '"X" names no state',
  ],
  [
    'a Catcher names no state',
    single({ ...ECHO, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }] }),
    '$.States.S.Catch[0].Next',
    '"Gone" names no state',
  ],
  [
    'a branch state jumps out of its branch',
    machine({
      P: { Type: 'Parallel', Branches: [scope({ B: { Type: 'Pass', Next: 'After' } })], Next: 'After' },
      After: SUCCEED,
    }),
    '$.States.P.Branches[0].States.B.Next',
    'cannot enter or leave a Parallel branch or a Map processor',
  ],
  [
    'a top-level state jumps into a Map processor',
    machine({
      A: { Type: 'Pass', Next: 'Inner' },
      M: { Type: 'Map', ItemProcessor: scope({ Inner: SUCCEED }), End: true },
    }),
    '$.States.A.Next',
    'is a state of another States object',
  ],
  [
    'a state is unreachable',
    machine({ A: END, Orphan: END }),
    '$.States.Orphan',
    'is not reachable from StartAt "A"',
  ],
  [
    'no state ends the run',
    machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Task', Resource: 'builtin:echo', Next: 'A' } }),
    '$.States',
    'has no terminal state',
  ],
  [
    'a Choice loop has no way out',
    machine({
      Start: {
        Type: 'Choice',
        Choices: [{ Variable: '$.go', BooleanEquals: true, Next: 'Spin' }],
        Default: 'End',
      },
      Spin: {
        Type: 'Choice',
        Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Again' }],
        Default: 'Spin',
      },
      Again: { Type: 'Pass', Next: 'Spin' },
      End: SUCCEED,
    }),
    '$.States.Spin',
    'starts a loop with no way out',
  ],
  [
    'a Choice has no rules',
    single({ Type: 'Choice', Choices: [], Default: 'S' }),
    '$.States.S.Choices',
    'has no rules',
  ],
  [
    'Choices is not an array',
    single({ Type: 'Choice', Choices: {}, Default: 'S' }),
    '$.States.S.Choices',
    'must be an array',
  ],
  [
    'a bad resource three levels down',
    single({
      Type: 'Parallel',
      End: true,
      Branches: [
        scope({
          M: {
            Type: 'Map',
            End: true,
            Iterator: scope({ T: { Type: 'Task', Resource: 'lambda', End: true } }),
          },
        }),
      ],
    }),
    '$.States.S.Branches[0].States.M.Iterator.States.T.Resource',
    '"lambda" is not a resource',
  ],
  [
    'an unreachable state in a Map processor',
    map({ ItemProcessor: scope({ A: END, B: END }) }),
    '$.States.S.ItemProcessor.States.B',
    'is not reachable',
  ],
  [
    'a branch without StartAt',
    single({ Type: 'Parallel', End: true, Branches: [{ States: { A: END } }] }),
    '$.States.S.Branches[0].StartAt',
    'is required',
  ],
  [
    'a branch without terminal state',
    single({ Type: 'Parallel', End: true, Branches: [scope({ A: { Type: 'Pass', Next: 'A' } })] }),
    '$.States.S.Branches[0].States',
    'has no terminal state',
  ],
  [
    'a Pass loop with no way out in a branch',
    single({
      Type: 'Parallel',
      End: true,
      Branches: [
        scope({
          A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'Done' }], Default: 'Spin' },
          Spin: { Type: 'Pass', Next: 'Spin' },
          Done: SUCCEED,
        }),
      ],
    }),
    '$.States.S.Branches[0].States.Spin',
    'starts a loop with no way out',
  ],
  [
    'a branch that is not an object',
    single({ Type: 'Parallel', End: true, Branches: [1] }),
    '$.States.S.Branches[0]',
    'must be an object with StartAt and States',
  ],
  [
    'an unknown branch field',
    single({ Type: 'Parallel', End: true, Branches: [{ ...DONE_SCOPE, Timeout: 1 }] }),
    '$.States.S.Branches[0].Timeout',
    'is not a field of a Parallel branch',
  ],
  [
    'an unknown processor field',
    map({ ItemProcessor: { ...DONE_SCOPE, Mode: 'INLINE' } }),
    '$.States.S.ItemProcessor.Mode',
    'is not a field of a Map processor',
  ],
  [
    'a Map with processor and Iterator',
    map({ Iterator: DONE_SCOPE }),
    '$.States.S',
    'has ItemProcessor and Iterator: use exactly one',
  ],
  [
    'a Map with no processor',
    single({ Type: 'Map', End: true }),
    '$.States.S',
    'needs one of ItemProcessor or Iterator',
  ],
];

describe('validateDefinition refuses broken transitions', () => {
  expectRefusals(refusals);
});
