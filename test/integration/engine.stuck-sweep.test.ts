/**
 * Nothing stuck unnoticed (issue 13; docs/testing.md, "Faults"): state corrupted the ways a bug
 * could — a job deleted, a timer lost, a task attempt closed under its run, a child's link lost or
 * its end never told — is repaired or failed with States.Runtime by one sweep, audited and counted
 * in `stepgraph_stuck_executions_total`; healthy long waits are left alone; a second sweep finds
 * nothing. The sweeper is called directly: its interval is set far beyond the test.
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { TRANSITION_QUEUE } from '../../src/engine/queue/engine.queues.js';
import { STUCK_INVARIANT } from '../../src/engine/sweeper/stuck-execution.verdict.js';
import { MetricsRegistry } from '../../src/observability/metrics.registry.js';
import { waitFor } from '../support/wait.js';
import { startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(60_000);

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine({ ENGINE_SWEEP_INTERVAL_SECONDS: '3600' });
});

afterAll(async () => {
  await engine?.close();
});

function machine(states: Record<string, unknown>): StateMachineDefinition {
  return { StartAt: Object.keys(states)[0], States: states } as unknown as StateMachineDefinition;
}

const query = <T>(sql: string, parameters: unknown[] = []) => engine.dataSource.query<T>(sql, parameters);

/** Moves an execution and its runs ten minutes into the past: older than every grace of the sweep. */
async function age(executionId: string): Promise<void> {
  await query("UPDATE executions SET started_at = started_at - interval '10 minutes' WHERE id = $1", [
    executionId,
  ]);
  await query("UPDATE runs SET updated_at = updated_at - interval '10 minutes' WHERE execution_id = $1", [
    executionId,
  ]);
}

/** Deletes every job naming the execution: the lost jobs of a bug or a restored backup. */
async function loseJobs(executionId: string): Promise<void> {
  await query("DELETE FROM pgboss.job WHERE data->>'executionId' = $1", [executionId]);
}

async function rootRun(executionId: string) {
  const [run] = await query<{ id: string; wakeAt: Date | null; dueAt: string }[]>(
    `SELECT id, wake_at AS "wakeAt", state->'waiting'->>'dueAt' AS "dueAt"
       FROM runs WHERE execution_id = $1 AND parent_run_id IS NULL`,
    [executionId],
  );
  return run!;
}

async function openTask(executionId: string) {
  return waitFor(async () => {
    const [task] = await query<{ token: string; childExecutionId: string | null }[]>(
      `SELECT token, child_execution_id AS "childExecutionId" FROM tasks
        WHERE execution_id = $1 AND status IN ('SCHEDULED', 'STARTED')`,
      [executionId],
    );
    return task;
  });
}

async function stuckCount(action: 'repaired' | 'failed'): Promise<number> {
  const { body } = await engine.app.get(MetricsRegistry, { strict: false }).scrape();
  const series = `stepgraph_stuck_executions_total{action="${action}"} `;
  const line = body.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length)) : 0;
}

async function auditRows(executionId: string) {
  return query<
    { actorType: string; operation: string; details: { by: string; action: string; reason: string } }[]
  >(
    `SELECT actor_type AS "actorType", operation, details FROM audit_log
      WHERE $1 = ANY(target_ids) ORDER BY seq`,
    [executionId],
  );
}

/** Sweeps once, then again: the second sweep must find nothing left to repair or fail. */
async function sweepTwice() {
  const first = await engine.sweeper.run();
  const second = await engine.sweeper.run();
  expect({ repaired: second.repaired, failed: second.failed }).toEqual({ repaired: 0, failed: 0 });
  return first;
}

const WAIT_AN_HOUR = machine({
  W: { Type: 'Wait', Seconds: 3600, Next: 'Done' },
  Done: { Type: 'Pass', End: true },
});
const PARALLEL = machine({
  Fan: {
    Type: 'Parallel',
    Branches: [
      { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 'quick', End: true } } },
      { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 3600, End: true } } },
    ],
    End: true,
  },
});
const CALLBACK = machine({
  T: {
    Type: 'Task',
    Resource: 'builtin:callback.waitForTaskToken',
    Parameters: { 'token.$': '$$.Task.Token' },
    End: true,
  },
});

describe('a RUNNING execution that nothing keeps alive', () => {
  it('is repaired when its timer is lost after its due time: the run job is enqueued again and it finishes', async () => {
    const executionId = await engine.run(WAIT_AN_HOUR, { due: true });
    const run = await rootRun(executionId);
    await loseJobs(executionId);
    // The timer's record is lost as well, and its time has come.
    await query(
      `UPDATE runs SET wake_at = NULL,
              state = jsonb_set(state, '{waiting,dueAt}', to_jsonb((extract(epoch FROM now()) * 1000)::bigint - 1000))
        WHERE id = $1`,
      [run.id],
    );
    await age(executionId);
    const repairedBefore = await stuckCount('repaired');

    const swept = await sweepTwice();

    expect(swept).toMatchObject({ repaired: 1, failed: 0 });
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { due: true } });
    expect(await stuckCount('repaired')).toBe(repairedBefore + 1);
    const [audit, ...more] = await auditRows(executionId);
    expect(more).toEqual([]);
    expect(audit).toEqual({
      actorType: 'anonymous',
      operation: 'engine.stuckExecution',
      details: {
        by: 'engine.sweeper',
        action: 'repaired',
        reason: expect.stringContaining('had lost its timer'),
      },
    });
  });

  it('is repaired when a Wait of an hour loses its job and its wake time: the timer is armed again from its state', async () => {
    const executionId = await engine.run(WAIT_AN_HOUR, {});
    const before = await rootRun(executionId);
    await loseJobs(executionId);
    await query('UPDATE runs SET wake_at = NULL WHERE id = $1', [before.id]);
    await age(executionId);

    expect(await sweepTwice()).toMatchObject({ repaired: 1, failed: 0 });

    // The repair's job re-arms the timer for the time the run's own state holds; it does not fire early.
    const after = await waitFor(async () => {
      const run = await rootRun(executionId);
      return run.wakeAt ? run : undefined;
    });
    expect(after.wakeAt!.getTime()).toBe(Number(before.dueAt));
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    expect(types(await engine.history(executionId))).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    const [timer] = await query<{ count: number }[]>(
      "SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND data->>'executionId' = $2 AND state = 'created'",
      [TRANSITION_QUEUE.name, executionId],
    );
    expect(timer?.count).toBe(1);
  });

  it('is failed with States.Runtime naming the invariant when its run waits for a task attempt that was closed', async () => {
    const executionId = await engine.run(CALLBACK, {});
    const task = await openTask(executionId);
    await query("UPDATE tasks SET status = 'CANCELLED', ended_at = now() WHERE token = $1", [task.token]);
    await age(executionId);
    const failedBefore = await stuckCount('failed');

    expect(await sweepTwice()).toMatchObject({ repaired: 0, failed: 1 });

    const ending = await engine.state(executionId);
    expect(ending).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: expect.stringContaining(STUCK_INVARIANT),
    });
    expect(ending.cause).toContain('waits for a task attempt that is no longer open');
    expect(types(await engine.history(executionId)).slice(-2)).toEqual([
      'TaskStateAborted',
      'ExecutionFailed',
    ]);
    expect((await engine.history(executionId)).at(-1)?.details).toMatchObject({ error: 'States.Runtime' });
    expect(await stuckCount('failed')).toBe(failedBefore + 1);
    expect((await auditRows(executionId)).map((row) => row.details.action)).toEqual(['failed']);
  });

  it('is left alone while it changed within the grace, or while a transaction holds it, and settled after', async () => {
    const executionId = await engine.run(CALLBACK, {});
    const task = await openTask(executionId);
    await query("UPDATE tasks SET status = 'CANCELLED', ended_at = now() WHERE token = $1", [task.token]);

    // Just started: what an in-flight transaction is doing must not be misread.
    expect(await engine.sweeper.run()).toMatchObject({ repaired: 0, failed: 0 });

    await age(executionId);
    const holder = engine.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM executions WHERE id = $1 FOR UPDATE', [executionId]);
      // Locked by a transition: skipped, never waited for.
      expect(await engine.sweeper.run()).toMatchObject({ repaired: 0, failed: 0 });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await engine.state(executionId)).status).toBe('RUNNING');

    expect(await sweepTwice()).toMatchObject({ repaired: 0, failed: 1 });
    expect((await engine.state(executionId)).status).toBe('FAILED');
  });

  it('is failed when the link to the child its .sync task waits for is lost, and the child is stopped with it', async () => {
    const child = await engine.createMachine(WAIT_AN_HOUR);
    const executionId = await engine.run(
      machine({
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync',
          Parameters: { StateMachineArn: child, 'Input.$': '$' },
          End: true,
        },
      }),
      {},
    );
    const task = await waitFor(async () => {
      const open = await openTask(executionId);
      return open.childExecutionId ? open : undefined;
    });
    await query('UPDATE tasks SET child_execution_id = NULL WHERE token = $1', [task.token]);
    await age(executionId);
    await age(task.childExecutionId!);

    expect(await sweepTwice()).toMatchObject({ repaired: 0, failed: 1 });

    expect(await engine.state(executionId)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect((await engine.ended(task.childExecutionId!)).status).toBe('ABORTED');
    expect(await auditRows(task.childExecutionId!)).toEqual([]);
  });

  it('is left to the overdue sweep when its child ended without telling it: the two rules do not fight', async () => {
    const child = await engine.createMachine(WAIT_AN_HOUR);
    const executionId = await engine.run(
      machine({
        Start: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync',
          Parameters: { StateMachineArn: child, 'Input.$': '$' },
          End: true,
        },
      }),
      {},
    );
    const task = await waitFor(async () => {
      const open = await openTask(executionId);
      return open.childExecutionId ? open : undefined;
    });
    const childId = task.childExecutionId!;
    // The child ended long ago, and the job that should have told its parent never came.
    await query(
      `UPDATE executions SET status = 'FAILED', error = 'Lost.End', stopped_at = now() - interval '10 minutes'
        WHERE id = $1`,
      [childId],
    );
    await age(executionId);

    const swept = await sweepTwice();

    expect(swept).toMatchObject({ repaired: 0, failed: 0 });
    expect(swept.rearmed).toBeGreaterThanOrEqual(1);
    expect(await engine.ended(executionId)).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(await auditRows(executionId)).toEqual([]);
  });
  it("is repaired when a branch ended without waking its Parallel: the join's run job is enqueued again", async () => {
    const executionId = await engine.run(PARALLEL, { n: 1 });
    const root = await rootRun(executionId);
    await waitFor(async () => {
      const [slow] = await query<{ id: string }[]>(
        "SELECT id FROM runs WHERE parent_run_id = $1 AND status = 'RUNNING' AND wake_at IS NOT NULL",
        [root.id],
      );
      return slow;
    });
    await loseJobs(executionId);
    // The slow branch ends, counted on its parent, but the parent is never stepped to join.
    await query(
      `UPDATE runs SET status = 'SUCCEEDED', output = '"slow"', wake_at = NULL
        WHERE parent_run_id = $1 AND status = 'RUNNING'`,
      [root.id],
    );
    await query('UPDATE runs SET children_succeeded = children_total, children_running = 0 WHERE id = $1', [
      root.id,
    ]);
    await age(executionId);

    expect(await sweepTwice()).toMatchObject({ repaired: 1, failed: 0 });

    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: ['quick', 'slow'] });
    const [audit] = await auditRows(executionId);
    expect(audit?.details.reason).toContain('was never woken to join its ended children');
  });
});

describe('healthy long-running executions', () => {
  it('are left untouched: a Wait of an hour, a callback, an activity, a running child and a Parallel', async () => {
    const child = await engine.createMachine(WAIT_AN_HOUR);
    const parallel = await engine.run(PARALLEL, {});
    const ids = await Promise.all([
      engine.run(WAIT_AN_HOUR, {}),
      engine.run(CALLBACK, {}),
      engine.run(machine({ A: { Type: 'Task', Resource: 'activity:stuck-sweep-healthy', End: true } }), {}),
      engine.run(
        machine({
          Start: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync',
            Parameters: { StateMachineArn: child, 'Input.$': '$' },
            End: true,
          },
        }),
        {},
      ),
    ]);
    const parentTask = await waitFor(async () => {
      const open = await openTask(ids[3]!);
      return open.childExecutionId ? open : undefined;
    });
    await openTask(ids[1]!);
    await openTask(ids[2]!);
    const all = [...ids, parentTask.childExecutionId!, parallel];
    for (const id of all) await age(id);
    // The callback, the activity and the waiting parent have no job at all: their tasks keep them alive.
    for (const id of [ids[1]!, ids[2]!, ids[3]!]) await loseJobs(id);
    const histories = await Promise.all(all.map((id) => engine.history(id)));

    const swept = await sweepTwice();

    expect(swept).toMatchObject({ repaired: 0, failed: 0 });
    for (const id of all) expect((await engine.state(id)).status).toBe('RUNNING');
    expect(await Promise.all(all.map((id) => engine.history(id)))).toEqual(histories);
    for (const id of all) expect(await auditRows(id)).toEqual([]);
  });
});
