/**
 * Pause and resume (issue 13, item 6): a paused execution enters no state — a Wait whose time
 * passes, a callback answered, Map iterations whose timers fire all wait — and a resume continues
 * it where it was, with nothing lost or doubled; a stop still ends it; the sweeper leaves it alone.
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { AppError } from '../../src/common/app-error.js';
import { TRANSITION_QUEUE } from '../../src/engine/queue/engine.queues.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(60_000);

let engine: EngineHarness;

beforeAll(async () => {
  // The sweeper is called directly: its interval is set far beyond the test.
  engine = await startEngine({ ENGINE_SWEEP_INTERVAL_SECONDS: '3600' });
});

afterAll(async () => {
  await engine?.close();
});

function machine(states: Record<string, unknown>): StateMachineDefinition {
  return { StartAt: Object.keys(states)[0], States: states } as unknown as StateMachineDefinition;
}

const query = <T>(sql: string, parameters: unknown[] = []) => engine.dataSource.query<T>(sql, parameters);

/** Waits until no engine job naming the execution is queued or running: every one was delivered. */
async function jobsDelivered(executionId: string): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pgboss.job
          WHERE name = $1 AND state IN ('created', 'retry', 'active') AND data->>'executionId' = $2`,
        [TRANSITION_QUEUE.name, executionId],
      );
      return row!.n === 0 ? true : undefined;
    },
    { timeoutMs: 15_000, what: `the jobs of ${executionId} to be delivered` },
  );
}

/** Waits until PostgreSQL's clock has passed every Wait of the execution. */
async function timersPassed(executionId: string): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await query<{ passed: boolean }[]>(
        `SELECT bool_and((state->'waiting'->>'dueAt')::float8 < extract(epoch FROM now()) * 1000) AS passed
           FROM runs WHERE execution_id = $1 AND status = 'RUNNING' AND state->'waiting'->>'kind' = 'timer'`,
        [executionId],
      );
      return row!.passed ? true : undefined;
    },
    { timeoutMs: 15_000, what: 'the timers to pass' },
  );
}

async function pauseColumns(executionId: string) {
  const [row] = await query<{ pausedAt: Date | null; pausedBy: string | null }[]>(
    'SELECT paused_at AS "pausedAt", paused_by AS "pausedBy" FROM executions WHERE id = $1',
    [executionId],
  );
  return row!;
}

async function scheduledToken(executionId: string): Promise<string> {
  return waitFor(async () => {
    const [task] = await query<{ token: string }[]>(
      "SELECT token FROM tasks WHERE execution_id = $1 AND status IN ('SCHEDULED', 'STARTED')",
      [executionId],
    );
    return task?.token;
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

const WAIT = machine({
  Nap: { Type: 'Wait', Seconds: 1, Next: 'Done' },
  Done: { Type: 'Pass', Result: 'woke', End: true },
});

const CALLBACK = machine({
  Approve: {
    Type: 'Task',
    Resource: 'builtin:callback.waitForTaskToken',
    Parameters: { 'token.$': '$$.Task.Token' },
    ResultPath: '$.answer',
    Next: 'Done',
  },
  Done: { Type: 'Pass', End: true },
});

describe('pauseExecution and resumeExecution', () => {
  it('hold a Wait whose time passes while paused, and continue it at once on resume', async () => {
    const executionId = await engine.run(WAIT);
    await engine.commands.pause(executionId, 'ops@example.com');
    expect(await pauseColumns(executionId)).toEqual({
      pausedAt: expect.any(Date),
      pausedBy: 'ops@example.com',
    });

    await timersPassed(executionId);
    await jobsDelivered(executionId);
    // The timer's job came and went: nothing advanced.
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    expect(types(await engine.history(executionId))).toEqual(['ExecutionStarted', 'WaitStateEntered']);

    await engine.commands.resume(executionId);
    // The resume's own transaction fires the passed timer and runs to the end: no job needed.
    expect(await engine.state(executionId)).toEqual({ status: 'SUCCEEDED', output: 'woke' });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(await pauseColumns(executionId)).toEqual({ pausedAt: null, pausedBy: null });
  });

  it('record a callback answered while paused on its run, and apply it on resume', async () => {
    const executionId = await engine.run(CALLBACK, { order: 7 });
    const token = await scheduledToken(executionId);
    await engine.commands.pause(executionId, 'ops@example.com');

    await engine.commands.sendTaskSuccess(token, { approved: true });
    const [task] = await query<{ status: string }[]>('SELECT status FROM tasks WHERE token = $1', [token]);
    expect(task!.status).toBe('SUCCEEDED');
    // A second answer finds the attempt closed: the result is kept once.
    expect((await rejection(engine.commands.sendTaskSuccess(token, { approved: false }))).code).toBe(
      'CONFLICT',
    );
    const [run] = await query<{ pending: unknown }[]>(
      'SELECT pending_outcome AS pending FROM runs WHERE execution_id = $1 AND parent_run_id IS NULL',
      [executionId],
    );
    expect(run!.pending).toEqual({ kind: 'task-succeeded', output: { approved: true } });
    await jobsDelivered(executionId);
    expect(types(await engine.history(executionId))).not.toContain('TaskSucceeded');
    expect((await engine.state(executionId)).status).toBe('RUNNING');

    await engine.commands.resume(executionId);
    expect(await engine.state(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: { order: 7, answer: { approved: true } },
    });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type === 'TaskSucceeded')).toHaveLength(1);
  });

  it("hold a Map's iterations while paused, and finish each one exactly once on resume", async () => {
    const executionId = await engine.run(
      machine({
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ItemProcessor: {
            StartAt: 'Nap',
            States: { Nap: { Type: 'Wait', Seconds: 1, End: true } },
          },
          End: true,
        },
      }),
      { items: [1, 2, 3, 4] },
    );
    await engine.commands.pause(executionId, 'ops@example.com');
    await timersPassed(executionId);
    await jobsDelivered(executionId);
    const held = types(await engine.history(executionId));
    expect(held.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(0);

    await engine.commands.resume(executionId);
    // Two iterations were due at once; the other two start after them and wait their second.
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: [1, 2, 3, 4] });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type === 'MapIterationStarted')).toHaveLength(4);
    expect(types(history).filter((type) => type === 'MapIterationSucceeded')).toHaveLength(4);
  });

  it('hold a Retry backoff that ends while paused; the next attempt starts on resume', async () => {
    const executionId = await engine.run(
      machine({
        Flaky: {
          Type: 'Task',
          Resource: 'builtin:fail',
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }],
          End: true,
        },
      }),
    );
    await engine.commands.pause(executionId, 'ops@example.com');
    await timersPassed(executionId);
    await jobsDelivered(executionId);
    expect(types(await engine.history(executionId)).filter((type) => type === 'TaskScheduled')).toHaveLength(
      1,
    );

    await engine.commands.resume(executionId);
    expect(await engine.ended(executionId)).toMatchObject({ status: 'FAILED' });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history).filter((type) => type === 'TaskScheduled')).toHaveLength(2);
  });

  it('drop a result held by the pause when the execution is stopped: a redrive enters the state afresh', async () => {
    const executionId = await engine.run(CALLBACK, { order: 8 });
    const token = await scheduledToken(executionId);
    await engine.commands.pause(executionId, 'ops@example.com');
    await engine.commands.sendTaskSuccess(token, { approved: 'too late' });
    await engine.commands.stop(executionId);
    expect((await engine.state(executionId)).status).toBe('ABORTED');
    const [held] = await query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM runs WHERE execution_id = $1 AND pending_outcome IS NOT NULL',
      [executionId],
    );
    expect(held!.n).toBe(0);

    await engine.commands.redrive(executionId);
    const again = await waitFor(async () => {
      const [task] = await query<{ token: string }[]>(
        "SELECT token FROM tasks WHERE execution_id = $1 AND status = 'STARTED' AND token <> $2",
        [executionId, token],
      );
      return task?.token;
    });
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    await engine.commands.sendTaskSuccess(again, { approved: true });
    expect(await engine.ended(executionId)).toEqual({
      status: 'SUCCEEDED',
      output: { order: 8, answer: { approved: true } },
    });
    expectContiguous(await engine.history(executionId));
  });

  it('is idempotent while paused, refused once ended, and a stop ends a paused execution ABORTED', async () => {
    const executionId = await engine.run(CALLBACK);
    await engine.commands.pause(executionId, 'first@example.com');
    await engine.commands.pause(executionId, 'second@example.com');
    expect((await pauseColumns(executionId)).pausedBy).toBe('first@example.com');

    await engine.commands.stop(executionId, { cause: 'held too long' });
    expect(await engine.state(executionId)).toMatchObject({ status: 'ABORTED', cause: 'held too long' });
    expect(await pauseColumns(executionId)).toEqual({ pausedAt: null, pausedBy: null });
    expect((await rejection(engine.commands.pause(executionId, 'x'))).code).toBe('CONFLICT');
    expect((await rejection(engine.commands.resume(executionId))).code).toBe('CONFLICT');
    expect((await rejection(engine.commands.pause('00000000-0000-4000-8000-000000000000', 'x'))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('is left alone by the sweeper: neither its overdue wake-ups re-armed nor the execution called stuck', async () => {
    const executionId = await engine.run(WAIT);
    await engine.commands.pause(executionId, 'ops@example.com');
    await timersPassed(executionId);
    await jobsDelivered(executionId);
    // Older than every grace of the sweep, with its wake-up overdue: the overdue rule would re-arm it.
    await query("UPDATE executions SET started_at = started_at - interval '10 minutes' WHERE id = $1", [
      executionId,
    ]);
    await query(
      `UPDATE runs SET updated_at = updated_at - interval '10 minutes', wake_at = now() - interval '10 minutes'
        WHERE execution_id = $1`,
      [executionId],
    );
    await engine.sweeper.run();
    const [jobs] = await query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry') AND data->>'executionId' = $1",
      [executionId],
    );
    expect(jobs!.n).toBe(0);

    // With its wake-up lost too, only the pause keeps it: the stuck rule must not fail it.
    await query('UPDATE runs SET wake_at = NULL WHERE execution_id = $1', [executionId]);
    expect(await engine.sweeper.run()).toMatchObject({ repaired: 0, failed: 0 });
    expect((await engine.state(executionId)).status).toBe('RUNNING');
  });
});
