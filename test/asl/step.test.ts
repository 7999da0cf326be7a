import {
  abortRun,
  initialRun,
  step,
  type Json,
  type Outcome,
  type RunState,
  type StepEnv,
  type StepResult,
} from '../../src/asl/index.js';
import { ending, machine, run, single } from './asl-test-kit.js';

const NOW = Date.UTC(2030, 0, 1);

function env(nextEventId: number, overrides: Partial<StepEnv> = {}): StepEnv {
  let tokens = 0;
  return {
    now: NOW,
    random: () => 0.5,
    newTaskToken: () => `t${++tokens}`,
    nextEventId,
    context: {
      Execution: { Id: 'exec', Name: 'n', Input: {}, StartTime: new Date(NOW).toISOString() },
      StateMachine: { Id: 'sm', Name: 'sm' },
    },
    ...overrides,
  };
}

/** Steps a run, stores and reloads it as the engine would (JSON), and numbers events on. */
async function advance(
  definition: Parameters<typeof step>[0],
  current: RunState,
  outcome: Outcome,
  from: number,
) {
  const result = await step(definition, JSON.parse(JSON.stringify(current)) as RunState, outcome, env(from));
  return { ...result, next: from + result.events.length };
}

const taskMachine = machine({
  T: {
    Type: 'Task',
    Resource: 'builtin:echo',
    Parameters: { 'v.$': '$.v' },
    Retry: [{ ErrorEquals: ['E'] }],
    Next: 'P',
  },
  P: { Type: 'Pass', End: true },
});

describe('step', () => {
  it('starts an execution and stops at its first task with a run-task effect', async () => {
    const result = await advance(taskMachine, initialRun(taskMachine, { v: 1 }), { kind: 'start' }, 1);
    expect(result.events.map((event) => [event.id, event.type])).toEqual([
      [1, 'ExecutionStarted'],
      [2, 'TaskStateEntered'],
      [3, 'TaskScheduled'],
      [4, 'TaskStarted'],
    ]);
    expect(result.effect).toEqual({
      kind: 'run-task',
      task: {
        stateName: 'T',
        resourceArn: 'builtin:echo',
        resource: { kind: 'builtin', name: 'echo', pattern: 'request-response' },
        input: { v: 1 },
        token: 't1',
        retryCount: 0,
      },
    });
    expect(result.run).toMatchObject({
      stateName: 'T',
      enteredEventId: 2,
      lastEventId: 4,
      waiting: { kind: 'task', token: 't1' },
    });
    expect(result.transitions).toBe(1);
  });

  it('finishes the execution when the task succeeds', async () => {
    const started = await advance(taskMachine, initialRun(taskMachine, { v: 1 }), { kind: 'start' }, 1);
    const done = await advance(
      taskMachine,
      started.run!,
      { kind: 'task-succeeded', output: 'r' },
      started.next,
    );
    expect(done.events.map((event) => event.type)).toEqual([
      'TaskSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(done.events[0]?.id).toBe(5);
    expect(done.run).toBeNull();
    expect(done.effect).toEqual({ kind: 'run-succeeded', output: 'r' });
  });

  it('asks for a retry timer when a task fails with a retryable error, then runs the task again', async () => {
    const started = await advance(taskMachine, initialRun(taskMachine, { v: 1 }), { kind: 'start' }, 1);
    const failed = await advance(
      taskMachine,
      started.run!,
      { kind: 'task-failed', error: 'E', cause: 'c' },
      started.next,
    );
    expect(failed.effect).toEqual({ kind: 'start-timer', purpose: 'retry', dueAt: NOW + 1000 });
    expect(failed.run?.retryCounts).toEqual([1]);
    const retried = await advance(taskMachine, failed.run!, { kind: 'timer-fired' }, failed.next);
    expect(retried.events.map((event) => event.type)).toEqual(['TaskScheduled', 'TaskStarted']);
    expect(retried.effect).toMatchObject({ kind: 'run-task', task: { retryCount: 1 } });
  });

  it('records ActivityStarted when a worker picks an activity up, and keeps waiting', async () => {
    const activity = single({ Type: 'Task', Resource: 'activity:work', End: true });
    const started = await advance(activity, initialRun(activity, {}), { kind: 'start' }, 1);
    const picked = await advance(
      activity,
      started.run!,
      { kind: 'task-started', workerName: 'w1' },
      started.next,
    );
    expect(picked.events.map(({ type, details }) => [type, details])).toEqual([
      ['ActivityStarted', { workerName: 'w1' }],
    ]);
    expect(picked.effect).toEqual({ kind: 'none' });
    expect(picked.run?.waiting).toEqual(started.run?.waiting);
  });

  it('forks Parallel branches as child runs and joins their outputs', async () => {
    const parallel = single({
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
        { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
      ],
    });
    const forked = await advance(parallel, initialRun(parallel, { x: 1 }), { kind: 'start' }, 1);
    expect(forked.effect).toMatchObject({ kind: 'fork', maxConcurrency: 0 });
    const children = (forked.effect as Extract<StepResult['effect'], { kind: 'fork' }>).children;
    expect(children.map((child) => [child.path, child.stateName, child.input, child.lastEventId])).toEqual([
      [[{ state: 'S', branch: 0 }], 'A', { x: 1 }, 3],
      [[{ state: 'S', branch: 1 }], 'B', { x: 1 }, 3],
    ]);
    const branch = await advance(parallel, children[1]!, { kind: 'start' }, forked.next);
    expect(branch.events.map((event) => event.type)).toEqual(['PassStateEntered', 'PassStateExited']);
    expect(branch.effect).toEqual({ kind: 'run-succeeded', output: { x: 1 } });
    const joined = await advance(
      parallel,
      forked.run!,
      { kind: 'children-succeeded', outputs: [1, 2] },
      branch.next,
    );
    expect(joined.effect).toEqual({ kind: 'run-succeeded', output: [1, 2] });
  });

  it('refuses an outcome the run is not waiting for', async () => {
    const started = await advance(taskMachine, initialRun(taskMachine, { v: 1 }), { kind: 'start' }, 1);
    await expect(step(taskMachine, started.run!, { kind: 'timer-fired' }, env(5))).rejects.toThrow(
      "Outcome 'timer-fired' does not fit run 'T' waiting for 'task'.",
    );
    await expect(
      step(taskMachine, initialRun(taskMachine, {}), { kind: 'continue' }, env(1)),
    ).rejects.toThrow(/waiting for 'start'/);
  });

  it('stops at the inline-transition cap with a continue effect, and resumes from there', async () => {
    const chain = machine({
      A: { Type: 'Pass', Next: 'B' },
      B: { Type: 'Pass', Next: 'C' },
      C: { Type: 'Pass', End: true },
    });
    const first = await step(
      chain,
      initialRun(chain, 1),
      { kind: 'start' },
      env(1, { maxInlineTransitions: 2 }),
    );
    expect(first.effect).toEqual({ kind: 'continue' });
    expect(first.run).toMatchObject({ stateName: 'C', input: 1, waiting: { kind: 'continue' } });
    expect(first.transitions).toBe(2);
    const second = await step(
      chain,
      first.run!,
      { kind: 'continue' },
      env(1 + first.events.length, { maxInlineTransitions: 2 }),
    );
    expect(second.effect).toEqual({ kind: 'run-succeeded', output: 1 });
  });

  it('fails an execution that loops past the transition cap with States.Runtime (docs/testing.md R13)', async () => {
    const loop = machine({
      Again: {
        Type: 'Choice',
        Choices: [{ Variable: '$.go', BooleanEquals: true, Next: 'Again' }],
        Default: 'Out',
      },
      Out: { Type: 'Pass', End: true },
    });
    const result = await run(loop, { go: true }, { maxExecutionTransitions: 100, maxInlineTransitions: 7 });
    expect(ending(result)).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "The execution reached the limit of 100 state transitions before entering the state 'Again'; a loop in the state machine may have no exit.",
    });
    expect(result.events.filter((event) => event.type === 'ChoiceStateEntered')).toHaveLength(100);
  });

  it('refuses a run whose path does not match the definition', async () => {
    const stray: RunState = { ...initialRun(taskMachine, {}), path: [{ state: 'T', branch: 0 }] };
    await expect(step(taskMachine, stray, { kind: 'start' }, env(1))).rejects.toMatchObject({
      name: 'States.Runtime',
      cause: "The run path does not match the definition at state 'T'.",
    });
  });

  it('gives the same result for the same arguments', async () => {
    const random = machine({ R: { Type: 'Pass', Parameters: { 'id.$': 'States.UUID()' }, End: true } });
    const once = await step(random, initialRun(random, {}), { kind: 'start' }, env(1));
    const twice = await step(random, initialRun(random, {}), { kind: 'start' }, env(1));
    expect(twice).toEqual(once);
  });
});

describe('abortRun', () => {
  const waiting = machine({
    W: { Type: 'Wait', Seconds: 10, End: true },
  });

  it.each([
    ['aborted', 'ExecutionAborted'],
    ['timed-out', 'ExecutionTimedOut'],
    ['failed', 'ExecutionFailed'],
  ] as const)('records the state abort and %s for the root run', async (kind, type) => {
    const started = await advance(waiting, initialRun(waiting, {}), { kind: 'start' }, 1);
    const aborted = abortRun(waiting, started.run!, { kind, error: 'E', cause: 'C' }, env(started.next));
    expect(aborted.events.map(({ type: eventType, details }) => [eventType, details])).toEqual([
      ['WaitStateAborted', {}],
      [type, { error: 'E', cause: 'C' }],
    ]);
    expect(aborted.effect).toEqual({ kind: 'run-failed', error: 'E', cause: 'C' });
    expect(aborted.run).toBeNull();
  });

  it('records MapIterationAborted for an iteration, and nothing for a run that waits for nothing', async () => {
    const iteration: RunState = { ...initialRun(waiting, {}), path: [{ state: 'M', iteration: 2 }] };
    expect(
      abortRun(waiting, iteration, { kind: 'aborted' }, env(9)).events.map(({ type, details }) => [
        type,
        details,
      ]),
    ).toEqual([['MapIterationAborted', { name: 'M', index: 2 }]]);
    const branch: RunState = { ...initialRun(waiting, {}), path: [{ state: 'P', branch: 0 }] };
    expect(abortRun(waiting, branch, { kind: 'aborted' }, env(9)).effect).toEqual({ kind: 'run-failed' });
  });
});

describe('runInMemory', () => {
  it('times an execution out after its TimeoutSeconds', async () => {
    const slow = single({ Type: 'Wait', Seconds: 100, End: true }, { TimeoutSeconds: 5 });
    const result = await run(slow);
    expect(ending(result)).toEqual({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(result.events.map((event) => event.type).slice(-2)).toEqual([
      'WaitStateAborted',
      'ExecutionTimedOut',
    ]);
  });

  it('repeats itself exactly, randomness included', async () => {
    const random = single({
      Type: 'Pass',
      Parameters: { 'n.$': 'States.MathRandom(0, 1000)', 'id.$': 'States.UUID()' },
      End: true,
    });
    const first = await run(random);
    const second = await run(random);
    expect(second).toEqual(first);
    const other = await run(random, {}, { random: () => 0.999 });
    expect((other.output as Record<string, Json>).n).toBe(999);
  });
});
