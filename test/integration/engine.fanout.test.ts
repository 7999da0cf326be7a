/**
 * Parallel branches and Map iterations as independent runs: MaxConcurrency held at every moment,
 * a failing branch cancelling the rest, stops racing late results, and redrive keeping what
 * succeeded (docs/testing.md R11).
 */
import type { Json, StateMachineDefinition } from '../../src/asl/index.js';
import { AppError } from '../../src/common/app-error.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine();
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

const callbackStep = (next: Record<string, unknown> = { End: true }) => ({
  Type: 'Task',
  Resource: 'builtin:callback.waitForTaskToken',
  Parameters: { 'token.$': '$$.Task.Token', 'item.$': '$' },
  ...next,
});

/** Callback tasks of an execution still waiting for an answer, with the item each one got. */
async function openCallbacks(executionId: string): Promise<{ token: string; item: Json }[]> {
  const rows = await engine.dataSource.query<{ token: string; input: { item: Json } }[]>(
    "SELECT token, input FROM tasks WHERE execution_id = $1 AND kind = 'callback' AND status = 'STARTED' ORDER BY scheduled_event_id",
    [executionId],
  );
  return rows.map((row) => ({ token: row.token, item: row.input.item }));
}

async function untilOpenCallbacks(executionId: string, count: number) {
  return waitFor(async () => {
    const open = await openCallbacks(executionId);
    return open.length === count ? open : undefined;
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe('Map with MaxConcurrency', () => {
  it('never runs more than MaxConcurrency iterations at once, starts the next one as one ends, and keeps item order', async () => {
    const items = [1, 2, 3, 4, 5, 6, 7];
    const executionId = await engine.run(
      machine({
        M: {
          Type: 'Map',
          MaxConcurrency: 3,
          ItemProcessor: { StartAt: 'Ask', States: { Ask: callbackStep() } },
          End: true,
        },
      }),
      items,
    );
    const answered: Json[] = [];
    while (answered.length < items.length) {
      const open = await waitFor(async () => {
        const current = await openCallbacks(executionId);
        const expected = Math.min(3, items.length - answered.length);
        return current.length === expected ? current : undefined;
      });
      expect(open.length).toBeLessThanOrEqual(3);
      const [running] = await engine.dataSource.query<{ count: number }[]>(
        "SELECT count(*)::int AS count FROM runs WHERE execution_id = $1 AND parent_run_id IS NOT NULL AND status = 'RUNNING'",
        [executionId],
      );
      expect(running?.count).toBe(open.length);
      // Answer the newest first, so that completion order differs from item order.
      const last = open.at(-1)!;
      await engine.commands.sendTaskSuccess(last.token, { doubled: (last.item as number) * 2 });
      answered.push(last.item);
    }
    expect(await engine.ended(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: items.map((item) => ({ doubled: item * 2 })),
    });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type === 'MapIterationStarted')).toHaveLength(7);
    expect(types(history).filter((type) => type === 'MapIterationSucceeded')).toHaveLength(7);
  });

  it('runs a Map too big for one transaction across several, under MaxConcurrency, outputs in item order', async () => {
    const items = Array.from({ length: 1200 }, (_, index) => index);
    const executionId = await engine.run(
      machine({
        M: {
          Type: 'Map',
          MaxConcurrency: 10,
          ItemProcessor: {
            StartAt: 'Square',
            States: { Square: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($, 0)' }, End: true } },
          },
          End: true,
        },
      }),
      items,
    );
    expect(await engine.ended(executionId, 60_000)).toEqual({
      status: 'SUCCEEDED',
      output: items.map((n) => ({ n })),
    });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type === 'MapIterationSucceeded')).toHaveLength(1200);
  });

  it('runs an empty Map without iterations', async () => {
    const executionId = await engine.run(
      machine({
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
      [],
    );
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: [] });
  });
});

describe('Parallel', () => {
  it('joins branch outputs in branch order whatever order they finish in', async () => {
    const executionId = await engine.run(
      machine({
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Slow',
              States: {
                Slow: {
                  Type: 'Task',
                  Resource: 'builtin:sleep',
                  Parameters: { seconds: 0.4, b: 0 },
                  End: true,
                },
              },
            },
            {
              StartAt: 'Fast',
              States: { Fast: { Type: 'Task', Resource: 'builtin:echo', Parameters: { b: 1 }, End: true } },
            },
          ],
          End: true,
        },
      }),
    );
    expect(await engine.ended(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: [{ seconds: 0.4, b: 0 }, { b: 1 }],
    });
  });

  it('fails the state with a failing branch error and cancels the other branches, their tasks and timers', async () => {
    const executionId = await engine.run(
      machine({
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Ask', States: { Ask: callbackStep() } },
            { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 60, End: true } } },
            {
              StartAt: 'Later',
              States: {
                Later: {
                  Type: 'Task',
                  Resource: 'builtin:sleep',
                  Parameters: { seconds: 0.3 },
                  Next: 'Boom',
                },
                Boom: {
                  Type: 'Task',
                  Resource: 'builtin:fail',
                  Parameters: { error: 'Broken', cause: 'branch 2' },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      }),
    );
    const [ask] = await untilOpenCallbacks(executionId, 1);
    expect(await engine.ended(executionId)).toEqual({ status: 'FAILED', error: 'Broken', cause: 'branch 2' });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history)).toEqual(
      expect.arrayContaining(['TaskStateAborted', 'WaitStateAborted', 'ParallelStateFailed']),
    );
    expect(await openCallbacks(executionId)).toEqual([]);
    expect((await rejection(engine.commands.sendTaskSuccess(ask!.token, {}))).code).toBe('CONFLICT');
    const [waiting] = await engine.dataSource.query<{ count: number }[]>(
      "SELECT count(*)::int AS count FROM runs WHERE execution_id = $1 AND status IN ('RUNNING', 'PENDING')",
      [executionId],
    );
    expect(waiting?.count).toBe(0);
  });
});

describe('stop', () => {
  it('stops a running Parallel with everything in it, once; late task results are refused (docs/testing.md R11)', async () => {
    const executionId = await engine.run(
      machine({
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: callbackStep() } },
            {
              StartAt: 'M',
              States: {
                M: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  ItemProcessor: { StartAt: 'B', States: { B: callbackStep() } },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      }),
      { items: [1, 2] },
    );
    const open = await untilOpenCallbacks(executionId, 3);
    await engine.commands.stop(executionId, { error: 'Operator', cause: 'maintenance' });
    expect(await engine.state(executionId)).toEqual({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'maintenance',
    });
    const late = await Promise.all(
      open.map((task) => rejection(engine.commands.sendTaskSuccess(task.token, 'late'))),
    );
    expect(late.map((error) => error.code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    const stoppedAgain = await rejection(engine.commands.stop(executionId));
    expect(stoppedAgain.code).toBe('CONFLICT');
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type === 'ExecutionAborted')).toHaveLength(1);
    expect(history.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      details: { error: 'Operator', cause: 'maintenance' },
    });
    // Deepest first, in branch and item order: each run after everything below it.
    expect(types(history).slice(-8)).toEqual([
      'TaskStateAborted',
      'TaskStateAborted',
      'MapIterationAborted',
      'TaskStateAborted',
      'MapIterationAborted',
      'MapStateAborted',
      'ParallelStateAborted',
      'ExecutionAborted',
    ]);
  });

  it('refuses to stop an unknown execution with NOT_FOUND', async () => {
    expect((await rejection(engine.commands.stop('00000000-0000-4000-8000-000000000000'))).code).toBe(
      'NOT_FOUND',
    );
    expect((await rejection(engine.commands.stop('not-an-id'))).code).toBe('NOT_FOUND');
  });
});

describe('redrive', () => {
  it('redrives a failed Map from the iterations that failed, keeping those that succeeded', async () => {
    const definition = machine({
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }],
              Default: 'Ask',
            },
            Ask: callbackStep({ Next: 'Done' }),
            Done: { Type: 'Pass', End: true },
          },
        },
        End: true,
      },
    });
    const executionId = await engine.run(definition, [
      { ok: true, n: 0 },
      { ok: false, n: 1 },
      { ok: true, n: 2 },
    ]);
    const [first] = await untilOpenCallbacks(executionId, 1);
    await engine.commands.sendTaskFailure(first!.token, { error: 'NotYet', cause: 'try later' });
    expect(await engine.ended(executionId)).toEqual({
      status: 'FAILED',
      error: 'NotYet',
      cause: 'try later',
    });
    const failedHistory = await engine.history(executionId);

    await engine.commands.redrive(executionId);
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    const [again] = await untilOpenCallbacks(executionId, 1);
    expect(again!.item).toEqual({ ok: false, n: 1 });
    await engine.commands.sendTaskSuccess(again!.token, { ok: true, n: 1, fixed: true });
    expect(await engine.ended(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: [
        { ok: true, n: 0 },
        { ok: true, n: 1, fixed: true },
        { ok: true, n: 2 },
      ],
    });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(history.slice(0, failedHistory.length)).toEqual(failedHistory);
    const after = types(history.slice(failedHistory.length));
    expect(after[0]).toBe('ExecutionRedriven');
    expect(history[failedHistory.length]?.details).toEqual({ redriveCount: 1 });
    // Only the failed iteration ran again: one task entered, no Choice re-entered.
    expect(after.filter((type) => type === 'TaskStateEntered')).toHaveLength(1);
    expect(after).not.toContain('ChoiceStateEntered');
    expect(after).not.toContain('MapStateEntered');
    const [row] = await engine.dataSource.query<{ redrive_count: number }[]>(
      'SELECT redrive_count FROM executions WHERE id = $1',
      [executionId],
    );
    expect(row?.redrive_count).toBe(1);
  });

  it('redrives a stopped execution from the state it was stopped in, and refuses to redrive a running or succeeded one', async () => {
    const executionId = await engine.run(
      machine({ Ask: callbackStep({ Next: 'After' }), After: { Type: 'Pass', End: true } }),
      { v: 1 },
    );
    await untilOpenCallbacks(executionId, 1);
    expect((await rejection(engine.commands.redrive(executionId))).code).toBe('CONFLICT');
    await engine.commands.stop(executionId);
    await engine.commands.redrive(executionId);
    const [task] = await untilOpenCallbacks(executionId, 1);
    await engine.commands.sendTaskSuccess(task!.token, { v: 2 });
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { v: 2 } });
    expect((await rejection(engine.commands.redrive(executionId))).code).toBe('CONFLICT');
    expectContiguous(await engine.history(executionId));
  });
});
