import recorded from '../conformance/aws-recorded.json' with { type: 'json' };
import { validateDefinition } from '../../../src/asl/validate/index.js';
import { DONE_SCOPE, END, machine, scope, single } from './validate-test-kit.js';

const SUCCEED = { Type: 'Succeed' };

/** Every state type and data-flow field in JSONPath mode. */
const JSONPATH_MACHINE = machine(
  {
    Http: {
      Type: 'Task',
      Resource: 'arn:aws:states:::http:invoke',
      Parameters: {
        ApiEndpoint: 'https://example.com',
        Method: 'GET',
        'Headers.$': '$.headers',
        list: [1, null, ''],
      },
      ResultSelector: { 'status.$': '$.StatusCode' },
      ResultPath: '$.http',
      InputPath: '$',
      OutputPath: '$',
      TimeoutSecondsPath: '$.timeout',
      HeartbeatSeconds: 5,
      Retry: [
        {
          ErrorEquals: ['States.Timeout'],
          IntervalSeconds: 1,
          MaxAttempts: 3,
          BackoffRate: 2,
          MaxDelaySeconds: 10,
          JitterStrategy: 'FULL',
        },
        { ErrorEquals: ['States.ALL'], Comment: 'last' },
      ],
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          Next: 'Failed',
          ResultPath: '$.error',
          Assign: { 'err.$': '$.Error' },
        },
      ],
      Next: 'Approve',
    },
    Approve: {
      Type: 'Task',
      Resource: 'activity:approve.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      TimeoutSeconds: 60,
      Next: 'Child',
    },
    Child: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: 'child', 'Input.$': '$' },
      Next: 'Callback',
    },
    Callback: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      HeartbeatSecondsPath: '$.hb',
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Until' },
    Until: { Type: 'Wait', Timestamp: '2026-01-31T09:30:00Z', Next: 'UntilInput' },
    UntilInput: { Type: 'Wait', TimestampPath: '$$.Execution.Input.at', Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      MaxConcurrencyPath: '$.concurrency',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Echo',
        States: { Echo: { Type: 'Task', Resource: 'builtin:echo', End: true } },
      },
      ResultSelector: { 'count.$': 'States.ArrayLength($)' },
      ResultPath: '$.mapped',
      Next: 'Legacy',
    },
    Legacy: {
      Type: 'Map',
      Iterator: scope({ Inner: END }),
      Parameters: { 'item.$': '$$.Map.Item.Value' },
      MaxConcurrency: 2,
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        scope({ One: { Type: 'Pass', Result: { a: 1 }, End: true } }),
        scope({ Two: { Type: 'Wait', Seconds: 1, End: true } }),
      ],
      ResultPath: '$.both',
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.a', NumericGreaterThanEqualsPath: '$.b' },
            { Not: { Variable: '$.c', StringMatches: 'log-*.txt' } },
          ],
          Next: 'Shape',
          Assign: { 'picked.$': '$.a' },
        },
        { Variable: '$flag', BooleanEquals: true, Next: 'Failed' },
        { Variable: '$.at', TimestampLessThan: '2026-01-01T00:00:00Z', Next: 'Shape' },
        {
          Or: [
            { Variable: '$.v', IsNull: true },
            { Variable: '$.v', IsPresent: false },
          ],
          Next: 'Shape',
          Comment: 'either',
        },
      ],
      Default: 'Shape',
    },
    Shape: {
      Type: 'Pass',
      Parameters: {
        'joined.$': "States.Format('{} {}', $.a, $picked)",
        'all.$': '$..id',
        'some.$': "$['a','b']",
      },
      Assign: { counter: 1, 'copy.$': '$.a', 'count.$': '$.items.length()' },
      InputPath: '$.users[?(@.status == 0)]',
      ResultPath: null,
      Next: 'Done',
    },
    Failed: {
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: "States.Format('failed: {}', $.error.Cause)",
    },
    Done: { Type: 'Succeed', OutputPath: '$.http', Comment: 'done' },
  },
  { Comment: 'every JSONPath feature', Version: '1.0', TimeoutSeconds: 3600 },
);

/** Every state type and data-flow field in JSONata mode, with variables. */
const JSONATA_MACHINE = machine(
  {
    Call: {
      Type: 'Task',
      Resource: 'builtin:echo',
      Arguments: {
        a: '{% $states.input.a %}',
        multi: '{%\n  $states.input.b\n%}',
        nested: [null, '', 'x', { deep: '{%$x%}' }],
      },
      Output: '{% $states.result %}',
      Assign: { x: '{% $states.result.a %}', list: [null, 'a', ' {% not an expression %} '] },
      TimeoutSeconds: '{% $states.input.timeout %}',
      HeartbeatSeconds: 10,
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          Next: 'Failed',
          Output: '{% $states.errorOutput %}',
          Assign: { error: '{% $states.errorOutput.Error %}' },
        },
      ],
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', Seconds: '{% $x %}', Output: 'a constant', Next: 'Until' },
    Until: { Type: 'Wait', Timestamp: '{% $now() %}', Next: 'Each' },
    Each: {
      Type: 'Map',
      Items: '{% $states.input.items %}',
      ItemSelector: { value: '{% $states.context.Map.Item.Value %}' },
      MaxConcurrency: '{% 2 %}',
      ItemProcessor: scope({
        Double: { Type: 'Pass', Output: { doubled: '{% $states.input.value * 2 %}' }, End: true },
      }),
      Output: '{% $states.result %}',
      Next: 'Literal',
    },
    Literal: { Type: 'Map', Items: [1, 2, 3], ItemProcessor: DONE_SCOPE, Next: 'Both' },
    Both: {
      Type: 'Parallel',
      Arguments: { a: 1 },
      Branches: [scope({ One: END })],
      Output: { both: '{% $states.result %}' },
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [
        { Condition: '{% $x > 1 %}', Next: 'Done', Output: 'picked', Assign: { y: 2 } },
        { Condition: true, Next: 'Failed' },
      ],
      Default: 'Done',
      Output: { default: 1 },
      Assign: { z: '{% 3 %}' },
    },
    Done: { Type: 'Succeed', Output: '{% $x %}' },
    Failed: { Type: 'Fail', Error: '{% "Custom" %}', Cause: 'a cause\nthat spans lines' },
  },
  { QueryLanguage: 'JSONata' },
);

const valid: Array<[string, unknown]> = [
  ['every JSONPath feature', JSONPATH_MACHINE],
  ['every JSONata feature', JSONATA_MACHINE],
  ['the same definition as JSON text', JSON.stringify(JSONATA_MACHINE)],
  [
    'a JSONPath machine with one state opted into JSONata',
    machine({
      J: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '', Next: 'K' },
      K: { Type: 'Pass', Result: 'x', End: true },
    }),
  ],
  [
    'a polling loop through a Task and a Wait',
    machine({
      Poll: { Type: 'Task', Resource: 'builtin:echo', Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'Done' }],
        Default: 'Wait',
      },
      Wait: { Type: 'Wait', Seconds: 5, Next: 'Poll' },
      Done: SUCCEED,
    }),
  ],
  [
    'a Choice loop that fails when no rule matches',
    machine({
      Start: {
        Type: 'Choice',
        Choices: [{ Variable: '$.loop', IsPresent: true, Next: 'Loop' }],
        Default: 'Done',
      },
      Loop: { Type: 'Choice', Choices: [{ Variable: '$.again', IsPresent: true, Next: 'Loop' }] },
      Done: SUCCEED,
    }),
  ],
  [
    'a run-until-stopped loop with a terminal state elsewhere',
    machine({
      Start: {
        Type: 'Choice',
        Choices: [{ Variable: '$.forever', BooleanEquals: true, Next: 'Work' }],
        Default: 'Done',
      },
      Work: { Type: 'Task', Resource: 'builtin:sleep', Parameters: { seconds: 1 }, Next: 'Work' },
      Done: SUCCEED,
    }),
  ],
  ['"End": false beside Next', machine({ A: { Type: 'Pass', Next: 'B', End: false }, B: SUCCEED })],
  ['null paths', single({ Type: 'Pass', InputPath: null, OutputPath: null, ResultPath: null, End: true })],
  [
    'state names with spaces, quotes and dots',
    machine({ 'My State': { Type: 'Pass', Next: "it's.done" }, "it's.done": SUCCEED }),
  ],
  [
    'every builtin and flaky retries',
    machine({
      Echo: { Type: 'Task', Resource: 'builtin:echo', Next: 'Sleep' },
      Sleep: { Type: 'Task', Resource: 'builtin:sleep', Parameters: { seconds: 0.5 }, Next: 'Flaky' },
      Flaky: {
        Type: 'Task',
        Resource: 'builtin:flaky',
        Parameters: { failures: 2, error: 'Boom' },
        Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 3 }],
        Next: 'Fail',
      },
      Fail: {
        Type: 'Task',
        Resource: 'builtin:fail',
        Parameters: { error: 'E', cause: 'c' },
        Catch: [{ ErrorEquals: ['E'], Next: 'Done' }],
        End: true,
      },
      Done: SUCCEED,
    }),
  ],
  [
    'an activity ARN',
    single({ Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:review', End: true }),
  ],
  [
    'a path with a trailing slice and union',
    single({ Type: 'Pass', InputPath: '$.a[0:2]', OutputPath: '$.b[0,1]', End: true }),
  ],
];

describe('validateDefinition accepts', () => {
  it.each(valid)('%s', (_what, definition) => {
    expect(validateDefinition(definition)).toEqual({ valid: true, diagnostics: [] });
  });
});

describe('the AWS-recorded conformance definitions', () => {
  /**
   * Every one of them ran on AWS, so every one must validate clean. None uses a feature Stepgraph
   * refuses (Distributed Map, Credentials, resources it does not run), so none is left out here.
   */
  const REFUSED: Readonly<Record<string, string>> = {};
  const cases = (recorded as Array<{ id: string; definition: unknown }>).filter(({ id }) => !(id in REFUSED));

  it('include all 146 cases', () => {
    expect(recorded).toHaveLength(146);
  });

  it.each(cases.map(({ id, definition }) => [id, definition] as const))(
    '%s validates clean',
    (_id, definition) => {
      expect(validateDefinition(definition).diagnostics).toEqual([]);
    },
  );
});

describe('validateDefinition', () => {
  it('leaves the definition it is given untouched', () => {
    const definition = structuredClone(JSONATA_MACHINE);
    validateDefinition(definition);
    expect(definition).toEqual(JSONATA_MACHINE);
  });

  it('validates a frozen definition', () => {
    expect(validateDefinition(Object.freeze(machine({ A: Object.freeze({ ...END }) }))).valid).toBe(true);
  });
});
