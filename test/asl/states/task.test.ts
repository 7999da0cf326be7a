import type { TaskRequest } from '../../../src/asl/index.js';
import { ending, eventTypes, machine, run, single } from '../asl-test-kit.js';

const echo = (extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'builtin:echo',
  End: true,
  ...extra,
});

describe('Task state', () => {
  it.each([
    ['echoes its input', echo(), { a: 1 }, { a: 1 }],
    ['runs on the Parameters', echo({ Parameters: { 'x.$': '$.a', k: 1 } }), { a: 2 }, { x: 2, k: 1 }],
    [
      'reshapes the result by ResultSelector, then places it by ResultPath',
      echo({ Parameters: { v: 5 }, ResultSelector: { 'w.$': '$.v' }, ResultPath: '$.out' }),
      { a: 1 },
      { a: 1, out: { w: 5 } },
    ],
    ['filters by OutputPath', echo({ Parameters: { v: 5 }, OutputPath: '$.v' }), {}, 5],
    [
      'runs on JSONata Arguments and outputs $states.result by default',
      echo({ QueryLanguage: 'JSONata', Arguments: { doubled: '{% $states.input.n * 2 %}' } }),
      { n: 3 },
      { doubled: 6 },
    ],
    [
      'shapes a JSONata Output from input and result',
      echo({
        QueryLanguage: 'JSONata',
        Arguments: 'r',
        Output: { in: '{% $states.input %}', out: '{% $states.result %}' },
      }),
      { n: 3 },
      { in: { n: 3 }, out: 'r' },
    ],
  ])('%s', async (_title, state, input, output) => {
    expect(ending(await run(single(state), input))).toEqual({ status: 'SUCCEEDED', output });
  });

  it('assigns from the raw result, before ResultSelector, and the next state sees the variable', async () => {
    const definition = machine({
      T: {
        ...echo({ Parameters: { v: 5 }, ResultSelector: { other: 1 }, Assign: { 'seen.$': '$.v' } }),
        End: false,
        Next: 'P',
      },
      P: { Type: 'Pass', Parameters: { 'seen.$': '$seen' }, End: true },
    });
    expect(ending(await run(definition))).toEqual({ status: 'SUCCEEDED', output: { seen: 5 } });
  });

  it('records TaskScheduled with the parameters as JSON text and the evaluated timeouts', async () => {
    const state = echo({ Parameters: { a: 1 }, TimeoutSecondsPath: '$.t', HeartbeatSeconds: 5 });
    const result = await run(single(state), { t: 30 });
    const scheduled = result.events.find((event) => event.type === 'TaskScheduled');
    expect(scheduled?.details).toEqual({
      resourceType: 'builtin',
      resource: 'echo',
      region: 'local',
      parameters: '{"a":1}',
      timeoutInSeconds: 30,
      heartbeatInSeconds: 5,
    });
    expect(eventTypes(result)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('evaluates JSONata TimeoutSeconds', async () => {
    const seen: TaskRequest[] = [];
    const state = echo({ QueryLanguage: 'JSONata', TimeoutSeconds: '{% $states.input.t %}' });
    await run(
      single(state),
      { t: 9 },
      { tasks: { 'builtin:echo': (task) => (seen.push(task), { kind: 'succeed', output: 1 }) } },
    );
    expect(seen[0]?.timeoutSeconds).toBe(9);
  });

  it.each([
    [
      'a zero TimeoutSeconds',
      { TimeoutSeconds: '{% 0 %}', QueryLanguage: 'JSONata' },
      'States.QueryEvaluationError',
    ],
    ['a TimeoutSecondsPath to nothing', { TimeoutSecondsPath: '$.none' }, 'States.Runtime'],
    ['a fractional HeartbeatSecondsPath', { HeartbeatSecondsPath: '$.f' }, 'States.Runtime'],
    ['an unknown resource', { Resource: 'arn:aws:lambda:us-east-1:1:function:f' }, 'States.Runtime'],
  ])('fails on %s', async (_title, fields, error) => {
    expect(ending(await run(single(echo(fields)), { f: 1.5 }))).toMatchObject({ status: 'FAILED', error });
  });

  it('exposes the task token as $$.Task.Token to a .waitForTaskToken task', async () => {
    const seen: TaskRequest[] = [];
    const state = {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      End: true,
    };
    const result = await run(
      single(state),
      {},
      {
        tasks: {
          'builtin:callback.waitForTaskToken': (task) => (
            seen.push(task),
            { kind: 'succeed', output: 'answer' }
          ),
        },
      },
    );
    expect(ending(result)).toEqual({ status: 'SUCCEEDED', output: 'answer' });
    expect(seen[0]?.input).toEqual({ token: seen[0]?.token });
  });

  it('fails a task whose error is not handled, recording TaskFailed', async () => {
    const state = {
      Type: 'Task',
      Resource: 'builtin:fail',
      Parameters: { error: 'Boom', cause: 'bad' },
      End: true,
    };
    const result = await run(single(state));
    expect(ending(result)).toEqual({ status: 'FAILED', error: 'Boom', cause: 'bad' });
    expect(result.events.find((event) => event.type === 'TaskFailed')?.details).toEqual({
      resourceType: 'builtin',
      resource: 'fail',
      error: 'Boom',
      cause: 'bad',
    });
  });

  it('times out a task that runs longer than TimeoutSeconds, recording TaskTimedOut', async () => {
    const state = {
      Type: 'Task',
      Resource: 'builtin:sleep',
      Parameters: { seconds: 10 },
      TimeoutSeconds: 2,
      End: true,
    };
    const result = await run(single(state));
    expect(ending(result)).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    expect(eventTypes(result)).toContain('TaskTimedOut');
    const timedOut = result.events.find((event) => event.type === 'TaskTimedOut');
    const scheduled = result.events.find((event) => event.type === 'TaskScheduled');
    expect(Date.parse(timedOut!.timestamp) - Date.parse(scheduled!.timestamp)).toBe(2000);
  });

  it('fails a silent task with States.HeartbeatTimeout after HeartbeatSeconds', async () => {
    const state = {
      Type: 'Task',
      Resource: 'builtin:sleep',
      Parameters: { seconds: 10 },
      HeartbeatSeconds: 3,
      End: true,
    };
    expect(ending(await run(single(state)))).toEqual({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  it('records the Activity event family for an activity', async () => {
    const state = { Type: 'Task', Resource: 'activity:approve', TimeoutSeconds: 60, End: true };
    const result = await run(
      single(state),
      { a: 1 },
      { tasks: { 'activity:approve': () => ({ kind: 'succeed', output: 'ok' }) } },
    );
    expect(eventTypes(result)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(result.events[2]?.details).toEqual({
      resource: 'activity:approve',
      input: '{"a":1}',
      inputDetails: { truncated: false },
      timeoutInSeconds: 60,
    });
  });

  it('records ActivityFailed and ActivityTimedOut for a failing activity', async () => {
    const fails = single({ Type: 'Task', Resource: 'activity:a', End: true });
    const failed = await run(fails, {}, { tasks: { 'activity:a': () => ({ kind: 'fail', error: 'E' }) } });
    expect(eventTypes(failed)).toContain('ActivityFailed');
    const slow = single({ Type: 'Task', Resource: 'activity:a', TimeoutSeconds: 1, End: true });
    const timedOut = await run(
      slow,
      {},
      { tasks: { 'activity:a': () => ({ kind: 'succeed', output: 1, delayMs: 5000 }) } },
    );
    expect(eventTypes(timedOut)).toContain('ActivityTimedOut');
  });

  it('fails a resource the in-memory driver has no handler for', async () => {
    const result = await run(single({ Type: 'Task', Resource: 'arn:aws:states:::http:invoke', End: true }));
    expect(ending(result)).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(result.events.find((event) => event.type === 'TaskScheduled')?.details).toMatchObject({
      resourceType: 'http',
      resource: 'invoke',
    });
  });

  it('turns a handler that throws into the task failure', async () => {
    const handler = () => {
      throw new TypeError('nope');
    };
    const result = await run(
      single({ Type: 'Task', Resource: 'builtin:echo', End: true }),
      {},
      { tasks: { 'builtin:echo': handler } },
    );
    expect(ending(result)).toEqual({ status: 'FAILED', error: 'TypeError', cause: 'nope' });
  });

  it('fails with States.DataLimitExceeded on a task result over 256 KiB', async () => {
    const handler = () => ({ kind: 'succeed' as const, output: 'x'.repeat(257 * 1024) });
    const result = await run(single(echo()), {}, { tasks: { 'builtin:echo': handler } });
    expect(ending(result)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('fails with States.DataLimitExceeded on task parameters over 256 KiB', async () => {
    const result = await run(single(echo({ Parameters: { 'big.$': '$.big' } })), {
      big: 'x'.repeat(257 * 1024),
    });
    expect(ending(result)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});
