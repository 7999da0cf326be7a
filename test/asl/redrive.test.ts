import { initialRun, step, type Outcome, type RunState, type StepEnv } from '../../src/asl/index.js';
import { machine } from './asl-test-kit.js';

const NOW = Date.UTC(2030, 0, 1);

function env(nextEventId: number, redriveCount = 0): StepEnv {
  return {
    now: NOW,
    random: () => 0.5,
    newTaskToken: () => `t${nextEventId}`,
    nextEventId,
    context: {
      Execution: {
        Id: 'exec',
        Name: 'n',
        Input: {},
        StartTime: new Date(NOW).toISOString(),
        RedriveCount: redriveCount,
      },
      StateMachine: { Id: 'sm', Name: 'sm' },
    },
  };
}

/** Steps a run stored as the engine stores it (JSON). */
async function advance(
  definition: Parameters<typeof step>[0],
  run: RunState,
  outcome: Outcome,
  from: number,
  redriveCount = 0,
) {
  return step(definition, JSON.parse(JSON.stringify(run)) as RunState, outcome, env(from, redriveCount));
}

const failing = machine({
  A: { Type: 'Pass', Result: { a: 1 }, ResultPath: '$.a', Assign: { seen: 'yes' }, Next: 'T' },
  T: { Type: 'Task', Resource: 'builtin:echo', Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1 }], End: true },
});

describe('redrive', () => {
  it('hands back the run as it stood in the state that failed', async () => {
    const started = await advance(failing, initialRun(failing, { v: 1 }), { kind: 'start' }, 1);
    const failed = await advance(failing, started.run!, { kind: 'task-failed', error: 'F', cause: 'c' }, 7);
    expect(failed.run).toBeNull();
    expect(failed.effect).toEqual({ kind: 'run-failed', error: 'F', cause: 'c' });
    expect(failed.endedRun).toMatchObject({
      stateName: 'T',
      input: { v: 1, a: { a: 1 } },
      variables: { seen: 'yes' },
      waiting: { kind: 'task' },
    });
  });

  it('re-enters the failed state as a fresh attempt after ExecutionRedriven, keeping the states before it', async () => {
    const started = await advance(failing, initialRun(failing, { v: 1 }), { kind: 'start' }, 1);
    const retried = await advance(failing, started.run!, { kind: 'task-failed', error: 'E' }, 7);
    const fired = await advance(failing, retried.run!, { kind: 'timer-fired' }, 8);
    const failed = await advance(failing, fired.run!, { kind: 'task-failed', error: 'E' }, 10);
    expect(failed.effect.kind).toBe('run-failed');
    const redriven = await advance(failing, failed.endedRun!, { kind: 'redrive', resume: 'state' }, 12, 1);
    expect(redriven.events.map((event) => [event.id, event.type, event.details])).toEqual([
      [12, 'ExecutionRedriven', { redriveCount: 1 }],
      [13, 'TaskStateEntered', expect.objectContaining({ name: 'T' })],
      [14, 'TaskScheduled', expect.objectContaining({ parameters: '{"v":1,"a":{"a":1}}' })],
      [15, 'TaskStarted', expect.anything()],
    ]);
    // A fresh attempt: the retry that was used up before the redrive is available again.
    expect(redriven.run).toMatchObject({ stateName: 'T', retryCounts: [], variables: { seen: 'yes' } });
    const retriedAgain = await advance(failing, redriven.run!, { kind: 'task-failed', error: 'E' }, 16, 1);
    expect(retriedAgain.effect.kind).toBe('start-timer');
  });

  it('resumes a Map state waiting for its children without entering it again', async () => {
    const mapMachine = machine({
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'X' } } },
        End: true,
      },
    });
    const started = await advance(mapMachine, initialRun(mapMachine, [1, 2]), { kind: 'start' }, 1);
    const failed = await advance(mapMachine, started.run!, { kind: 'child-failed', error: 'X' }, 9);
    expect(failed.endedRun).toMatchObject({ stateName: 'M', waiting: { kind: 'children', count: 2 } });
    const resumed = await advance(
      mapMachine,
      failed.endedRun!,
      { kind: 'redrive', resume: 'children' },
      11,
      1,
    );
    expect(resumed.events.map((event) => event.type)).toEqual(['ExecutionRedriven']);
    expect(resumed.effect).toEqual({ kind: 'none' });
    expect(resumed.run?.waiting).toEqual({ kind: 'children', count: 2 });
    const joined = await advance(
      mapMachine,
      resumed.run!,
      { kind: 'children-succeeded', outputs: ['a', 'b'] },
      12,
      1,
    );
    expect(joined.effect).toEqual({ kind: 'run-succeeded', output: ['a', 'b'] });
  });

  it('records no ExecutionRedriven for a branch or an iteration', async () => {
    const mapMachine = machine({
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    const iteration: RunState = {
      ...initialRun(mapMachine, 1),
      stateName: 'P',
      path: [{ state: 'M', iteration: 0 }],
      waiting: { kind: 'continue' },
    };
    const redriven = await advance(mapMachine, iteration, { kind: 'redrive', resume: 'state' }, 5);
    expect(redriven.events.map((event) => event.type)).toEqual([
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
    ]);
  });

  it('refuses to resume children of a state that does not wait for any', async () => {
    const started = await advance(failing, initialRun(failing, {}), { kind: 'start' }, 1);
    await expect(advance(failing, started.run!, { kind: 'redrive', resume: 'children' }, 5)).rejects.toThrow(
      /cannot resume its children/,
    );
  });
});
