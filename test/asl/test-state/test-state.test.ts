/**
 * TestState on the examples of the AWS developer guide's page on testing a state with the TestState
 * API: a Choice state at INFO, a Pass state at DEBUG, and a Task state (mocked: AWS would invoke it)
 * at INFO and DEBUG, with its Retry and Catch reported as RETRIABLE and CAUGHT_ERROR.
 */
import { seededRandom, type Json } from '../../../src/asl/index.js';
import {
  testState,
  TestStateRefused,
  type TestStateRequest,
} from '../../../src/asl/test-state/test-state.js';

const base = { clock: Date.UTC(2024, 0, 1), random: seededRandom(1) };
const run = (request: Omit<TestStateRequest, 'clock' | 'random'>) => testState({ ...base, ...request });

const CHOICE = {
  Type: 'Choice',
  Choices: [
    { Variable: '$.number', NumericEquals: 1, Next: 'Equals 1' },
    { Variable: '$.number', NumericEquals: 2, Next: 'Equals 2' },
  ],
  Default: 'No Match',
};

const LAMBDA_TASK = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { 'Payload.$': '$', FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:HelloWorld' },
  ResultSelector: { 'greeting.$': '$.Payload' },
  ResultPath: '$.result',
  Next: 'Done',
};

describe('TestState', () => {
  it('Choice at INFO: the output and the state it chose (the guide’s first example)', async () => {
    expect(await run({ definition: CHOICE, input: { number: 2 }, inspectionLevel: 'INFO' })).toEqual({
      status: 'SUCCEEDED',
      output: { number: 2 },
      nextState: 'Equals 2',
    });
    expect(await run({ definition: CHOICE, input: { number: 7 } })).toMatchObject({ nextState: 'No Match' });
  });

  it('Pass at DEBUG: every data-flow step (the guide’s Pass example)', async () => {
    const definition = {
      Type: 'Pass',
      InputPath: '$.payload',
      Parameters: { data: 1 },
      ResultPath: '$.result',
      Next: 'Another State',
    };
    expect(await run({ definition, input: { payload: { foo: 'bar' } }, inspectionLevel: 'DEBUG' })).toEqual({
      status: 'SUCCEEDED',
      output: { payload: { foo: 'bar' }, result: { data: 1 } },
      nextState: 'Another State',
      inspectionData: {
        input: { payload: { foo: 'bar' } },
        afterInputPath: { foo: 'bar' },
        afterParameters: { data: 1 },
        afterResultSelector: { data: 1 },
        afterResultPath: { payload: { foo: 'bar' }, result: { data: 1 } },
      },
    });
  });

  it('Task at INFO and DEBUG with a mocked result: the request, the raw result and what became of it', async () => {
    const mock = { result: { StatusCode: 200, Payload: 'Hello from Lambda!' } };
    expect(await run({ definition: LAMBDA_TASK, input: { name: 'world' }, mock })).toEqual({
      status: 'SUCCEEDED',
      output: { name: 'world', result: { greeting: 'Hello from Lambda!' } },
      nextState: 'Done',
    });
    expect(
      (await run({ definition: LAMBDA_TASK, input: { name: 'world' }, mock, inspectionLevel: 'DEBUG' }))
        .inspectionData,
    ).toEqual({
      input: { name: 'world' },
      afterInputPath: { name: 'world' },
      afterParameters: {
        Payload: { name: 'world' },
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:HelloWorld',
      },
      result: { StatusCode: 200, Payload: 'Hello from Lambda!' },
      afterResultSelector: { greeting: 'Hello from Lambda!' },
      afterResultPath: { name: 'world', result: { greeting: 'Hello from Lambda!' } },
    });
  });

  it('runs a builtin Task for real, and refuses any other Task without a mock (AWS would invoke it)', async () => {
    expect(
      await run({ definition: { Type: 'Task', Resource: 'builtin:echo', End: true }, input: { a: 1 } }),
    ).toEqual({ status: 'SUCCEEDED', output: { a: 1 } });
    await expect(run({ definition: LAMBDA_TASK, input: {} })).rejects.toThrow(TestStateRefused);
  });

  it('reports a failure its Retry would retry as RETRIABLE, one it catches as CAUGHT_ERROR, else FAILED', async () => {
    const definition = {
      ...LAMBDA_TASK,
      Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 2, MaxAttempts: 2 }],
      Catch: [
        { ErrorEquals: ['Other'], Next: 'Ignored' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Handle' },
      ] as Json[],
    };
    const failing = (error: string) => ({ errorOutput: { error, cause: 'it broke' } });
    expect(
      await run({
        definition,
        input: {},
        mock: failing('Lambda.ServiceException'),
        inspectionLevel: 'DEBUG',
      }),
    ).toMatchObject({
      status: 'RETRIABLE',
      error: 'Lambda.ServiceException',
      cause: 'it broke',
      inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 2 } },
    });
    expect(
      await run({ definition, input: {}, mock: failing('Lambda.ServiceException'), retrierRetryCount: 2 }),
    ).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Handle' });
    expect(
      await run({ definition, input: { a: 1 }, mock: failing('Boom'), inspectionLevel: 'DEBUG' }),
    ).toMatchObject({
      status: 'CAUGHT_ERROR',
      error: 'Boom',
      output: { a: 1, error: { Error: 'Boom', Cause: 'it broke' } },
      nextState: 'Handle',
      inspectionData: { errorDetails: { catchIndex: 1 } },
    });
    expect(await run({ definition: LAMBDA_TASK, input: {}, mock: failing('Boom') })).toEqual({
      status: 'FAILED',
      error: 'Boom',
      cause: 'it broke',
    });
  });

  it('tests one state of a whole machine, with the variables it reads and assigns (JSONata)', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Next: 'Second' },
        Second: {
          Type: 'Pass',
          Assign: { total: '{% $count + $states.input.n %}' },
          Output: '{% { "sum": $count + $states.input.n } %}',
          End: true,
        },
      },
    };
    expect(
      await run({
        definition,
        stateName: 'Second',
        input: { n: 2 },
        variables: { count: 40 },
        inspectionLevel: 'DEBUG',
      }),
    ).toEqual({
      status: 'SUCCEEDED',
      output: { sum: 42 },
      inspectionData: { input: { n: 2 }, variables: { count: 40, total: 42 } },
    });
  });

  it('a Fail state fails with its error and cause', async () => {
    expect(await run({ definition: { Type: 'Fail', Error: 'E', Cause: 'C' }, input: {} })).toEqual({
      status: 'FAILED',
      error: 'E',
      cause: 'C',
    });
  });
});

describe('TestState refusals', () => {
  it('refuses a definition that is not a valid state', async () => {
    await expect(run({ definition: { Type: 'Pass', Bogus: 1, End: true }, input: {} })).rejects.toMatchObject(
      {
        reason: 'invalid-definition',
      },
    );
    await expect(run({ definition: { Type: 'Nope' }, input: {} })).rejects.toThrow(TestStateRefused);
  });

  it('refuses variables whose names no workflow variable could have', async () => {
    await expect(
      run({ definition: { Type: 'Pass', End: true }, input: {}, variables: { 'a.b': 1 } }),
    ).rejects.toMatchObject({ reason: 'unsupported', message: expect.stringContaining("'a.b'") });
  });
});
