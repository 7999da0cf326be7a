import { ending, eventTypes, machine, run } from '../asl-test-kit.js';

const flaky = (failures: number, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'builtin:flaky',
  Parameters: { failures, error: 'Flaky', cause: 'not yet' },
  ...extra,
});
const done = { Type: 'Pass', End: true };

describe('Retry and Catch', () => {
  it('retries a Task whose error matches ErrorEquals, waiting the backoff between attempts', async () => {
    const definition = machine({
      T: flaky(2, { Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2 }], End: true }),
    });
    const result = await run(definition);
    expect(ending(result)).toEqual({
      status: 'SUCCEEDED',
      output: { failures: 2, error: 'Flaky', cause: 'not yet' },
    });
    const scheduled = result.events
      .filter((event) => event.type === 'TaskScheduled')
      .map((event) => Date.parse(event.timestamp));
    expect(scheduled.map((time) => time - (scheduled[0] as number))).toEqual([0, 2000, 6000]);
    expect(eventTypes(result).filter((type) => type === 'TaskStateEntered')).toHaveLength(1);
  });

  it('retries, then catches once MaxAttempts are spent, placing the error output by ResultPath', async () => {
    const definition = machine({
      T: flaky(5, {
        Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
        End: true,
      }),
      Done: done,
    });
    const result = await run(definition, { in: 1 });
    expect(ending(result)).toEqual({
      status: 'SUCCEEDED',
      output: { in: 1, error: { Error: 'Flaky', Cause: 'not yet' } },
    });
    expect(eventTypes(result).filter((type) => type === 'TaskFailed')).toHaveLength(2);
    expect(eventTypes(result)).toContain('TaskStateExited');
  });

  it('counts $$.State.RetryCount up with each retry', async () => {
    const definition = machine({
      T: {
        ...flaky(1, { Retry: [{ ErrorEquals: ['States.ALL'] }], End: true }),
        Parameters: { failures: 1, error: 'Flaky', 'retries.$': '$$.State.RetryCount' },
      },
    });
    expect(ending(await run(definition))).toMatchObject({ output: { retries: 1 } });
  });

  it('catches in JSONata with Output and Assign reading $states.errorOutput', async () => {
    const definition = machine(
      {
        T: {
          Type: 'Task',
          Resource: 'builtin:fail',
          Arguments: { error: 'E', cause: 'C' },
          Catch: [
            {
              ErrorEquals: ['E'],
              Output: { caught: '{% $states.errorOutput.Error %}' },
              Assign: { why: '{% $states.errorOutput.Cause %}' },
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Pass', Output: { out: '{% $states.input %}', why: '{% $why %}' }, End: true },
      },
      { QueryLanguage: 'JSONata' },
    );
    expect(ending(await run(definition))).toEqual({
      status: 'SUCCEEDED',
      output: { out: { caught: 'E' }, why: 'C' },
    });
  });

  it('hands on the bare error output from a JSONata Catcher without Output', async () => {
    const definition = machine(
      {
        T: {
          Type: 'Task',
          Resource: 'builtin:fail',
          Arguments: { error: 'E' },
          Catch: [{ ErrorEquals: ['E'], Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
      { QueryLanguage: 'JSONata' },
    );
    expect(ending(await run(definition))).toEqual({ status: 'SUCCEEDED', output: { Error: 'E', Cause: '' } });
  });

  it('does not let States.ALL catch States.Runtime', async () => {
    const definition = machine({
      T: {
        Type: 'Task',
        Resource: 'builtin:echo',
        Parameters: { 'x.$': '$.missing' },
        Retry: [{ ErrorEquals: ['States.ALL'] }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
        End: true,
      },
      Done: done,
    });
    expect(ending(await run(definition))).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('catches States.DataLimitExceeded only by name', async () => {
    const big = { Type: 'Pass', Parameters: { 'big.$': '$.big' }, Next: 'T' };
    const state = (errorEquals: string[]) => ({
      Type: 'Task',
      Resource: 'builtin:echo',
      Catch: [{ ErrorEquals: errorEquals, ResultPath: null, Next: 'Done' }],
      End: true,
    });
    const handler = { 'builtin:echo': () => ({ kind: 'succeed' as const, output: 'x'.repeat(300 * 1024) }) };
    const byAll = await run(
      machine({ B: big, T: state(['States.ALL']), Done: done }),
      { big: 1 },
      { tasks: handler },
    );
    expect(ending(byAll)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    const byName = await run(
      machine({ B: big, T: state(['States.DataLimitExceeded']), Done: done }),
      { big: 1 },
      { tasks: handler },
    );
    expect(ending(byName)).toEqual({ status: 'SUCCEEDED', output: { big: 1 } });
  });

  it('fails the run when a Catcher cannot place the error output', async () => {
    const definition = machine({
      T: {
        Type: 'Task',
        Resource: 'builtin:fail',
        Parameters: { error: 'E' },
        Catch: [{ ErrorEquals: ['E'], ResultPath: '$.a.b', Next: 'Done' }],
        End: true,
      },
      Done: done,
    });
    expect(ending(await run(definition, { a: 'scalar' }))).toMatchObject({
      status: 'FAILED',
      error: 'States.ResultPathMatchFailure',
    });
  });

  it('starts retry counting afresh each time the state is entered', async () => {
    const definition = machine({
      Count: { Type: 'Pass', Result: 0, ResultPath: '$.n', Next: 'T' },
      T: flaky(1, { Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 1 }], ResultPath: null, Next: 'Loop' }),
      Loop: {
        Type: 'Choice',
        Choices: [{ Variable: '$.again', BooleanEquals: true, Next: 'Again' }],
        Default: 'Out',
      },
      Again: { Type: 'Pass', Result: false, ResultPath: '$.again', Next: 'T' },
      Out: done,
    });
    const result = await run(definition, { again: true });
    expect(ending(result)).toMatchObject({ status: 'SUCCEEDED' });
    expect(eventTypes(result).filter((type) => type === 'TaskStateEntered')).toHaveLength(2);
  });
});
