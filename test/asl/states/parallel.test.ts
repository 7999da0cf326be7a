import { ending, eventTypes, machine, run, single } from '../asl-test-kit.js';

const branch = (state: Record<string, unknown>) => ({ StartAt: 'B', States: { B: { End: true, ...state } } });

describe('Parallel state', () => {
  it.each([
    [
      'outputs the branch outputs in branch order',
      { Branches: [branch({ Type: 'Pass', Result: 1 }), branch({ Type: 'Wait', Seconds: 5 })] },
      { x: 0 },
      [1, { x: 0 }],
    ],
    [
      'gives every branch the Parameters output',
      { Parameters: { 'v.$': '$.x' }, Branches: [branch({ Type: 'Pass' }), branch({ Type: 'Pass' })] },
      { x: 1 },
      [{ v: 1 }, { v: 1 }],
    ],
    [
      'applies ResultSelector and ResultPath to the array of outputs',
      {
        ResultSelector: { 'first.$': '$[0]' },
        ResultPath: '$.r',
        Branches: [branch({ Type: 'Pass', Result: 'a' })],
      },
      { x: 1 },
      { x: 1, r: { first: 'a' } },
    ],
    [
      'gives every branch the JSONata Arguments and outputs $states.result',
      {
        QueryLanguage: 'JSONata',
        Arguments: '{% $states.input.x + 1 %}',
        Output: '{% $count($states.result) %}',
        Branches: [branch({ Type: 'Pass' }), branch({ Type: 'Pass' })],
      },
      { x: 1 },
      2,
    ],
  ])('%s', async (_title, fields, input, output) => {
    expect(ending(await run(single({ Type: 'Parallel', End: true, ...fields }), input))).toEqual({
      status: 'SUCCEEDED',
      output,
    });
  });

  it('records the Parallel event family around the branches', async () => {
    const result = await run(single({ Type: 'Parallel', End: true, Branches: [branch({ Type: 'Pass' })] }));
    expect(eventTypes(result)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('lets branches read outer variables but keeps their own assignments inside', async () => {
    const definition = machine({
      Init: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'P' },
      P: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'A',
            States: {
              A: { Type: 'Pass', Assign: { inner: 'i' }, Next: 'B' },
              B: { Type: 'Pass', Parameters: { 'outer.$': '$outer', 'inner.$': '$inner' }, End: true },
            },
          },
        ],
        Next: 'After',
      },
      After: { Type: 'Pass', Parameters: { 'outer.$': '$outer', 'branches.$': '$' }, End: true },
    });
    expect(ending(await run(definition))).toEqual({
      status: 'SUCCEEDED',
      output: { outer: 'o', branches: [{ outer: 'o', inner: 'i' }] },
    });
    const hidden = machine({
      P: { Type: 'Parallel', Branches: [branch({ Type: 'Pass', Assign: { inner: 1 } })], Next: 'After' },
      After: { Type: 'Pass', Parameters: { 'inner.$': '$inner' }, End: true },
    });
    expect(ending(await run(hidden))).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('fails with the failing branch error, aborting the branch still running', async () => {
    const definition = single({
      Type: 'Parallel',
      End: true,
      Branches: [
        branch({ Type: 'Wait', Seconds: 60 }),
        branch({ Type: 'Fail', Error: 'Broken', Cause: 'why' }),
      ],
    });
    const result = await run(definition);
    expect(ending(result)).toEqual({ status: 'FAILED', error: 'Broken', cause: 'why' });
    expect(eventTypes(result)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'WaitStateEntered',
      'FailStateEntered',
      'WaitStateAborted',
      'ParallelStateFailed',
      'ExecutionFailed',
    ]);
  });

  it('retries all its branches after a branch failed', async () => {
    const definition = single({
      Type: 'Parallel',
      End: true,
      Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 3 }],
      Branches: [
        branch({ Type: 'Task', Resource: 'builtin:flaky', Parameters: { failures: 2, error: 'Flaky' } }),
      ],
    });
    const result = await run(definition);
    expect(ending(result)).toEqual({ status: 'SUCCEEDED', output: [{ failures: 2, error: 'Flaky' }] });
    expect(eventTypes(result).filter((type) => type === 'ParallelStateStarted')).toHaveLength(3);
  });
});
