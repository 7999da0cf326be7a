/**
 * Task states on the durable engine: every builtin, retries and catches, timers (Wait, retry
 * backoff, TimeoutSeconds) and the transition cap, each with the history it must leave. Where the
 * path is deterministic the in-memory driver is the oracle for the history.
 */
import { runInMemory, type Json, type StateMachineDefinition } from '../../src/asl/index.js';
import { TRANSITION_QUEUE } from '../../src/engine/queue/engine.queues.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine({ EXECUTION_MAX_TRANSITIONS: '1000' });
});

afterAll(async () => {
  await engine?.close();
});

function machine(
  states: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): StateMachineDefinition {
  return { StartAt: Object.keys(states)[0], States: states, ...extra } as unknown as StateMachineDefinition;
}

/** Runs a definition to its end; checks its history against the in-memory driver's and its `seq`. */
async function runLikeInMemory(definition: StateMachineDefinition, input: Json = {}) {
  const executionId = await engine.run(definition, input);
  const ending = await engine.ended(executionId);
  const history = await engine.history(executionId);
  expectContiguous(history);
  const oracle = await runInMemory(definition, input);
  expect(ending).toEqual(
    JSON.parse(
      JSON.stringify({
        status: oracle.status,
        output: oracle.output,
        error: oracle.error,
        cause: oracle.cause,
      }),
    ),
  );
  expect(
    history.map((event) => [event.seq, event.type, event.previousEventId, event.stateName ?? undefined]),
  ).toEqual(oracle.events.map((event) => [event.id, event.type, event.previousEventId, event.stateName]));
  return { executionId, ending, history };
}

describe('builtin task resources', () => {
  it('succeeds builtin:echo with its effective input, as TaskScheduled, TaskStarted, TaskSucceeded', async () => {
    const { ending, history } = await runLikeInMemory(
      machine({ Echo: { Type: 'Task', Resource: 'builtin:echo', Parameters: { 'v.$': '$.v' }, End: true } }),
      { v: 42 },
    );
    expect(ending).toEqual({ status: 'SUCCEEDED', output: { v: 42 } });
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history[2]?.details).toMatchObject({
      resourceType: 'builtin',
      resource: 'echo',
      parameters: '{"v":42}',
    });
  });

  it('fails builtin:fail with the error and cause of its parameters', async () => {
    const { ending, history } = await runLikeInMemory(
      machine({
        Fail: {
          Type: 'Task',
          Resource: 'builtin:fail',
          Parameters: { error: 'Boom', cause: 'it broke' },
          End: true,
        },
      }),
    );
    expect(ending).toEqual({ status: 'FAILED', error: 'Boom', cause: 'it broke' });
    expect(types(history).slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
  });

  it('retries builtin:flaky whose error matches ErrorEquals until it succeeds', async () => {
    const { ending, history } = await runLikeInMemory(
      machine({
        Flaky: {
          Type: 'Task',
          Resource: 'builtin:flaky',
          Parameters: { failures: 2, error: 'Glitch' },
          Retry: [{ ErrorEquals: ['Glitch'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 3 }],
          End: true,
        },
      }),
    );
    expect(ending).toEqual({ status: 'SUCCEEDED', output: { failures: 2, error: 'Glitch' } });
    expect(types(history).filter((type) => type.startsWith('Task') && type !== 'TaskStateEntered')).toEqual([
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
    ]);
  });

  it('retries a Task whose error matches ErrorEquals, then catches it when retries run out', async () => {
    const { ending } = await runLikeInMemory(
      machine({
        Flaky: {
          Type: 'Task',
          Resource: 'builtin:flaky',
          Parameters: { failures: 5, error: 'Glitch', cause: 'not yet' },
          Retry: [{ ErrorEquals: ['Glitch'], IntervalSeconds: 1, MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Pass', End: true },
      }),
      { id: 1 },
    );
    expect(ending).toEqual({
      status: 'SUCCEEDED',
      output: { id: 1, caught: { Error: 'Glitch', Cause: 'not yet' } },
    });
  });

  it('sleeps builtin:sleep through a delayed job, then succeeds with its input', async () => {
    const started = Date.now();
    const { ending } = await runLikeInMemory(
      machine({
        Sleep: { Type: 'Task', Resource: 'builtin:sleep', Parameters: { seconds: 0.3 }, End: true },
      }),
    );
    expect(ending).toEqual({ status: 'SUCCEEDED', output: { seconds: 0.3 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

/** The `task` jobs (builtin attempts run by a job, not inline) ever enqueued for an execution. */
async function taskJobs(executionId: string): Promise<number> {
  const [row] = await engine.dataSource.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM pgboss.job
      WHERE name = $1 AND data->>'executionId' = $2 AND data->>'kind' = 'task'`,
    [TRANSITION_QUEUE.name, executionId],
  );
  return row?.count ?? 0;
}

describe('builtin tasks inline', () => {
  it('runs a chain of builtin Tasks in the transaction that starts it, with no task job', async () => {
    const chain = machine({
      One: {
        Type: 'Task',
        Resource: 'builtin:echo',
        Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
        Next: 'Two',
      },
      Two: {
        Type: 'Task',
        Resource: 'builtin:echo',
        Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
        Next: 'Three',
      },
      Three: {
        Type: 'Task',
        Resource: 'builtin:echo',
        Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
        End: true,
      },
    });
    const executionId = await engine.run(chain, { n: 0 });
    // Read as soon as start returns: nothing after its commit has run yet.
    expect(await engine.state(executionId)).toEqual({ status: 'SUCCEEDED', output: { n: 3 } });
    expect(await taskJobs(executionId)).toBe(0);
    await runLikeInMemory(chain, { n: 0 });
  });

  it('retries builtin:flaky with no interval inline, counting the attempts not yet written', async () => {
    const flaky = machine({
      Flaky: {
        Type: 'Task',
        Resource: 'builtin:flaky',
        Parameters: { failures: 2, error: 'Glitch' },
        Retry: [{ ErrorEquals: ['Glitch'], IntervalSeconds: 0, MaxAttempts: 3 }],
        End: true,
      },
    });
    const { executionId, history } = await runLikeInMemory(flaky);
    expect(types(history).filter((type) => type === 'TaskFailed')).toHaveLength(2);
    expect(await taskJobs(executionId)).toBe(0);
  });

  it('hands the builtin Task that finds the budget spent to a job, and the chain still completes', async () => {
    // 300 turns of two states are more than one transaction may enter (500). Start enters Init and
    // Count, each result More and Count: the budget runs out just as a Count attempt is scheduled.
    const loop = machine({
      Init: { Type: 'Pass', Next: 'Count' },
      Count: {
        Type: 'Task',
        Resource: 'builtin:echo',
        Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
        Next: 'More',
      },
      More: {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericLessThan: 300, Next: 'Count' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    });
    const { executionId, ending } = await runLikeInMemory(loop, { n: 0 });
    expect(ending).toEqual({ status: 'SUCCEEDED', output: { n: 300 } });
    expect(await taskJobs(executionId)).toBe(1);
  });
});

describe('timers', () => {
  it('waits Seconds, then moves on', async () => {
    const started = Date.now();
    const { ending, history } = await runLikeInMemory(
      machine({ W: { Type: 'Wait', Seconds: 1, Next: 'P' }, P: { Type: 'Pass', End: true } }),
      { a: 1 },
    );
    expect(ending).toEqual({ status: 'SUCCEEDED', output: { a: 1 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('waits until a Timestamp, and not at all for one in the past', async () => {
    const soon = await engine.dataSource.query<{ at: string }[]>(
      "SELECT to_char((now() + interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at",
    );
    const future = machine({ W: { Type: 'Wait', TimestampPath: '$.at', End: true } });
    const started = Date.now();
    const executionId = await engine.run(future, { at: soon[0]!.at });
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { at: soon[0]!.at } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    const past = await engine.run(future, { at: '2001-01-01T00:00:00Z' });
    expect((await engine.ended(past, 2000)).status).toBe('SUCCEEDED');
  });

  it('fails a Task that runs past its TimeoutSeconds with States.Timeout, then catches it', async () => {
    const { ending, history } = await runLikeInMemory(
      machine({
        Slow: {
          Type: 'Task',
          Resource: 'builtin:sleep',
          Parameters: { seconds: 30 },
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Late' }],
          End: true,
        },
        Late: { Type: 'Pass', End: true },
      }),
    );
    expect(ending).toEqual({
      status: 'SUCCEEDED',
      output: { error: { Error: 'States.Timeout', Cause: '' } },
    });
    expect(types(history)).toContain('TaskTimedOut');
  });

  it('fails a task that sends no heartbeat within HeartbeatSeconds with States.HeartbeatTimeout', async () => {
    const { ending } = await runLikeInMemory(
      machine({
        Silent: {
          Type: 'Task',
          Resource: 'builtin:sleep',
          Parameters: { seconds: 30 },
          HeartbeatSeconds: 1,
          End: true,
        },
      }),
    );
    expect(ending).toEqual({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  it('times the execution out after the definition TimeoutSeconds (ExecutionTimedOut)', async () => {
    const executionId = await engine.run(
      machine({ W: { Type: 'Wait', Seconds: 60, End: true } }, { TimeoutSeconds: 1 }),
    );
    expect(await engine.ended(executionId)).toEqual({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).slice(-2)).toEqual(['WaitStateAborted', 'ExecutionTimedOut']);
    expect(history.at(-1)?.details).toEqual({ error: 'States.Timeout' });
  });
});

describe('limits', () => {
  it('fails an endless Choice loop at the per-execution transition cap (docs/testing.md R13)', async () => {
    const loop = machine({
      Again: {
        Type: 'Choice',
        Choices: [{ Variable: '$.stop', BooleanEquals: true, Next: 'Done' }],
        Default: 'Again',
      },
      Done: { Type: 'Succeed' },
    });
    const executionId = await engine.run(loop, { stop: false });
    const ending = await engine.ended(executionId);
    expect(ending).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(ending.cause).toContain('limit of 1000 state transitions');
    const history = await engine.history(executionId);
    expectContiguous(history);
    // More than one transaction's worth of states: the cap counts across transactions.
    expect(history.filter((event) => event.type === 'ChoiceStateEntered')).toHaveLength(1000);
  });

  it('runs a long loop across several transactions when it enters more states than one may', async () => {
    const counter = machine(
      {
        Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'More' },
        More: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericLessThan: 300, Next: 'Count' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
      {},
    );
    const { ending } = await runLikeInMemory(counter, { n: 0 });
    expect(ending).toEqual({ status: 'SUCCEEDED', output: { n: 300 } });
  });
});
