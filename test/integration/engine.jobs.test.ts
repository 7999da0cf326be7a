/**
 * Jobs come twice, late or never; transitions once (docs/design.md §3 rules 3, 6, 7; docs/testing.md R6):
 * duplicate and stale jobs change nothing, the sweeper re-arms a lost one, starts are idempotent,
 * bad commands change nothing, and every commit is announced with its `seq` range.
 */
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Json, StateMachineDefinition } from '../../src/asl/index.js';
import { MAX_PAYLOAD_BYTES } from '../../src/asl/index.js';
import { AppError } from '../../src/common/app-error.js';
import { TRANSITION_QUEUE, type TransitionJob } from '../../src/engine/queue/engine.queues.js';
import {
  executionEventsTopic,
  executionsChangedTopic,
  executionUpdatedTopic,
} from '../../src/notifications/execution.topics.js';
import { PUB_SUB } from '../../src/notifications/pub-sub.token.js';
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

function machine(states: Record<string, unknown>): StateMachineDefinition {
  return { StartAt: Object.keys(states)[0], States: states } as unknown as StateMachineDefinition;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

/** Enqueues a transition job as the engine would, and waits until a worker has settled it. */
async function deliver(job: TransitionJob): Promise<void> {
  await engine.dataSource.transaction((manager) =>
    engine.queue.sendMany(TRANSITION_QUEUE, [{ data: job }], { manager }),
  );
  await waitFor(async () => {
    const [pending] = await engine.dataSource.query<{ count: number }[]>(
      "SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND state IN ('created', 'active', 'retry') AND start_after <= now()",
      [TRANSITION_QUEUE.name],
    );
    return pending?.count === 0 ? true : undefined;
  });
}

async function runOf(executionId: string): Promise<{ id: string; fence: number }> {
  const [run] = await engine.dataSource.query<{ id: string; fence: number }[]>(
    'SELECT id, fence FROM runs WHERE execution_id = $1 AND parent_run_id IS NULL',
    [executionId],
  );
  return run!;
}

describe('duplicate and stale jobs', () => {
  it('a duplicate timer job that comes early re-arms, and a stale one after the fact does nothing', async () => {
    // Long enough that the early duplicate lands before the Wait is over, also on a busy machine.
    const executionId = await engine.run(
      machine({ W: { Type: 'Wait', Seconds: 3, Next: 'P' }, P: { Type: 'Pass', End: true } }),
    );
    const waiting = await runOf(executionId);
    await deliver({ kind: 'run', executionId, runId: waiting.id, fence: waiting.fence });
    expect((await engine.state(executionId)).status).toBe('RUNNING');
    expect(types(await engine.history(executionId))).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    await engine.ended(executionId);
    const done = await engine.history(executionId);
    await deliver({ kind: 'run', executionId, runId: waiting.id, fence: waiting.fence });
    await deliver({ kind: 'execution-timeout', executionId });
    expect(await engine.history(executionId)).toEqual(done);
    expect(types(done).filter((type) => type === 'WaitStateExited')).toHaveLength(1);
    expectContiguous(done);
  });

  it('a task job delivered again after its task completed changes nothing', async () => {
    const executionId = await engine.run(
      machine({ T: { Type: 'Task', Resource: 'builtin:echo', End: true } }),
      { once: true },
    );
    await engine.ended(executionId);
    const before = await engine.history(executionId);
    const [task] = await engine.dataSource.query<{ token: string }[]>(
      'SELECT token FROM tasks WHERE execution_id = $1',
      [executionId],
    );
    await deliver({ kind: 'task', executionId, token: task!.token });
    await deliver({ kind: 'task-deadline', executionId, token: task!.token });
    expect(await engine.history(executionId)).toEqual(before);
  });
});

describe('the sweeper', () => {
  it('re-arms a timer whose job was lost, so the execution still finishes', async () => {
    const executionId = await engine.run(machine({ W: { Type: 'Wait', Seconds: 1, End: true } }), {
      lost: true,
    });
    const run = await runOf(executionId);
    // Lose the job, and pretend the run has been overdue for a while.
    await engine.dataSource.query("DELETE FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2", [
      TRANSITION_QUEUE.name,
      run.id,
    ]);
    await engine.dataSource.query("UPDATE runs SET wake_at = now() - interval '10 minutes' WHERE id = $1", [
      run.id,
    ]);
    expect((await engine.sweeper.run()).rearmed).toBeGreaterThanOrEqual(1);
    expect(await engine.ended(executionId)).toEqual({ status: 'SUCCEEDED', output: { lost: true } });
  });
});

describe('start', () => {
  it('returns the existing execution for a repeated name (idempotent start)', async () => {
    const stateMachineId = await engine.createMachine(machine({ P: { Type: 'Pass', End: true } }));
    const first = await engine.commands.start({ stateMachineId, name: 'nightly', input: { run: 1 } });
    const again = await engine.commands.start({ stateMachineId, name: 'nightly', input: { run: 2 } });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ executionId: first.executionId, created: false });
    expect(await engine.state(first.executionId)).toEqual({ status: 'SUCCEEDED', output: { run: 1 } });
  });

  it('creates one execution when the same name is started concurrently', async () => {
    const stateMachineId = await engine.createMachine(machine({ P: { Type: 'Pass', End: true } }));
    const starts = await Promise.all(
      [1, 2, 3, 4].map(() => engine.commands.start({ stateMachineId, name: 'race', input: {} })),
    );
    expect(new Set(starts.map((start) => start.executionId)).size).toBe(1);
    expect(starts.filter((start) => start.created)).toHaveLength(1);
  });

  it('refuses an unknown machine or version, a bad name and an oversized input, and stores nothing', async () => {
    const stateMachineId = await engine.createMachine(machine({ P: { Type: 'Pass', End: true } }));
    const [before] = await engine.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM executions',
    );
    const big: Json = { blob: 'x'.repeat(MAX_PAYLOAD_BYTES) };
    const refusals = await Promise.all([
      rejection(engine.commands.start({ stateMachineId: '00000000-0000-4000-8000-000000000000', input: {} })),
      rejection(engine.commands.start({ stateMachineId: 'not-a-uuid', input: {} })),
      rejection(engine.commands.start({ stateMachineId, version: 9, input: {} })),
      rejection(engine.commands.start({ stateMachineId, name: 'has space', input: {} })),
      rejection(engine.commands.start({ stateMachineId, input: big })),
    ]);
    expect(refusals.map((error) => error.code)).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    const [after] = await engine.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM executions',
    );
    expect(after?.count).toBe(before?.count);
  });

  it('refuses a deleted machine or a missing version even under the name of an existing execution', async () => {
    const stateMachineId = await engine.createMachine(machine({ P: { Type: 'Pass', End: true } }));
    const { executionId } = await engine.commands.start({ stateMachineId, name: 'kept', input: {} });
    const unknownVersion = await rejection(
      engine.commands.start({ stateMachineId, version: 9, name: 'kept', input: {} }),
    );
    await engine.dataSource.query('UPDATE state_machines SET deleted_at = now() WHERE id = $1', [
      stateMachineId,
    ]);
    const deleted = await rejection(engine.commands.start({ stateMachineId, name: 'kept', input: {} }));
    expect([unknownVersion.code, deleted.code]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(unknownVersion.message).toMatch(/version 9 not found/);
    expect(await engine.state(executionId)).toEqual({ status: 'SUCCEEDED', output: {} });
  });
});

describe('notifications after commit', () => {
  it('announces every committed event range, contiguously, and each status change', async () => {
    const pubSub = engine.app.get<PubSubEngine>(PUB_SUB, { strict: false });
    // The sleep ends the first transaction (a builtin:echo would run inline, ending in one).
    const stateMachineId = await engine.createMachine(
      machine({
        T: { Type: 'Task', Resource: 'builtin:sleep', Parameters: { seconds: 0.2 }, Next: 'P' },
        P: { Type: 'Pass', End: true },
      }),
    );
    const ranges: { fromSeq: number; toSeq: number }[] = [];
    const statuses: string[] = [];
    const changes: string[] = [];
    const name = 'watched';
    // The execution id is known only after start: listen on the machine, then on the execution.
    const executionId = await new Promise<string>((resolve) => {
      void pubSub.subscribe(
        executionsChangedTopic(stateMachineId).name,
        (notice: { executionId: string; status: string }) => {
          changes.push(notice.status);
          resolve(notice.executionId);
        },
        {},
      );
      void engine.commands.start({ stateMachineId, name, input: {} });
    });
    await pubSub.subscribe(
      executionEventsTopic(executionId).name,
      (notice: { fromSeq: number; toSeq: number }) => {
        ranges.push({ fromSeq: notice.fromSeq, toSeq: notice.toSeq });
      },
      {},
    );
    await pubSub.subscribe(
      executionUpdatedTopic(executionId).name,
      (notice: { status: string }) => {
        statuses.push(notice.status);
      },
      {},
    );
    await engine.ended(executionId);
    await waitFor(() => (changes.length === 2 ? true : undefined));
    expect(changes).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(statuses).toEqual(['SUCCEEDED']);
    const history = await engine.history(executionId);
    // The first range was published before this test could subscribe to the execution.
    expect(ranges.at(-1)?.toSeq).toBe(history.length);
    for (const [index, range] of ranges.entries()) {
      if (index > 0) expect(range.fromSeq).toBe(ranges[index - 1]!.toSeq + 1);
    }
  });
});
