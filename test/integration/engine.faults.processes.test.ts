/**
 * Faults that need engine processes of their own (docs/testing.md R2, R6, R12):
 * - R2: an engine killed after an HTTP Task's side effect, before the transaction that records its
 *   result commits (the test-only crash point ENGINE_TEST_CRASH_POINT): nothing of the attempt's
 *   result is recorded, the call runs exactly once more on another engine, nothing is lost.
 * - R6: a job delivered many times at once, and one that expires while its handler still runs,
 *   so that another engine runs it again and the stale attempt completes it: one transition.
 * - R12: engines whose clocks disagree (one an hour ahead, one an hour behind, through a preload
 *   that shifts the process's wall clock): every timer is decided by PostgreSQL's clock, so no
 *   Wait ends early, no TimeoutSeconds fires early, and none fires late.
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { checkExecutions } from '../support/engine-checker.js';
import { TRANSITION_QUEUE, type TransitionJob } from '../../src/engine/queue/engine.queues.js';
import { QueueService } from '../../src/engine/queue/queue.service.js';
import { EngineFleet, FAST_RECOVERY_ENV } from '../support/engine-processes.js';
import {
  idempotencyKeyHeader,
  idempotencyKeyOf,
  startHttpSink,
  type HttpSink,
} from '../support/http-sink.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(90_000);

const HOUR_MS = 3_600_000;

let database: TestDatabase;
let side: CommandSide;
let sink: HttpSink;
let fleet: EngineFleet;

beforeAll(async () => {
  database = await createTestDatabase();
  // A one-second HTTP timeout keeps the HTTP job's lease (timeout + ENGINE_JOB_LEASE_SECONDS) short.
  // The process that enqueues a job sets its lease: the command side shares the engines' settings.
  const env = { ...FAST_RECOVERY_ENV, HTTP_TASK_TIMEOUT_SECONDS: '1' };
  side = await startCommandSide(database.url, env);
  sink = await startHttpSink();
  fleet = new EngineFleet({ databaseUrl: database.url, env });
});

afterAll(async () => {
  await fleet?.stopAll();
  await side?.close();
  await sink?.close();
  await database?.drop();
});

afterEach(async () => {
  await fleet.stopAll();
});

async function eventTimes(executionId: string): Promise<Map<string, number>> {
  const rows = await side.dataSource.query<{ type: string; state_name: string | null; at_ms: number }[]>(
    `SELECT type, state_name, (extract(epoch FROM timestamp) * 1000)::float8 AS at_ms
       FROM execution_events WHERE execution_id = $1 ORDER BY seq`,
    [executionId],
  );
  return new Map(rows.map((row) => [`${row.type}:${row.state_name ?? ''}`, row.at_ms]));
}

/** The deadlines the execution's tasks were given, by state name, in epoch milliseconds. */
async function taskDeadlines(
  executionId: string,
): Promise<Map<string, { dueAt: number; timeoutAt: number | null }>> {
  const rows = await side.dataSource.query<
    { state_name: string; due_ms: number; timeout_ms: number | null }[]
  >(
    `SELECT state_name, (extract(epoch FROM due_at) * 1000)::float8 AS due_ms,
            (extract(epoch FROM timeout_at) * 1000)::float8 AS timeout_ms
       FROM tasks WHERE execution_id = $1`,
    [executionId],
  );
  return new Map(
    rows.map((row) => [
      row.state_name,
      {
        dueAt: Math.round(row.due_ms),
        timeoutAt: row.timeout_ms === null ? null : Math.round(row.timeout_ms),
      },
    ]),
  );
}

/** When the execution's transition jobs were due (pg-boss's start_after), in epoch milliseconds. */
async function jobsDueAt(executionId: string): Promise<number[]> {
  const rows = await side.dataSource.query<{ at_ms: number }[]>(
    `SELECT (extract(epoch FROM start_after) * 1000)::float8 AS at_ms
       FROM pgboss.job WHERE name = $1 AND data->>'executionId' = $2`,
    [TRANSITION_QUEUE.name, executionId],
  );
  return rows.map((row) => Math.round(row.at_ms));
}

describe('an engine killed after the side effect, before its commit (R2)', () => {
  it('records nothing of that attempt, and another engine runs the call exactly once more', async () => {
    const definition = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::http:invoke',
          Parameters: { ApiEndpoint: `${sink.origin}/once`, Method: 'POST', Headers: idempotencyKeyHeader() },
          ResultSelector: { 'status.$': '$.StatusCode' },
          End: true,
        },
      },
    } as unknown as StateMachineDefinition;
    const doomed = await fleet.start({ env: { ENGINE_TEST_CRASH_POINT: 'http-task-before-commit' } });
    const stateMachineId = await side.createMachine(definition);
    const executionId = await side.start(stateMachineId, {}, 'crash-point');
    const key = idempotencyKeyOf('crash-point', 'Call');

    await waitFor(() => (doomed.exited ? true : undefined), { what: 'the engine to reach its crash point' });
    expect(sink.deliveries.get(key)).toBe(1);
    expect((await side.execution(executionId)).status).toBe('RUNNING');
    const [task] = await side.dataSource.query<{ status: string }[]>(
      'SELECT status FROM tasks WHERE execution_id = $1',
      [executionId],
    );
    expect(task?.status).toBe('SCHEDULED');

    await fleet.start();
    await side.allEnded([executionId], 30_000);
    expect(await side.execution(executionId)).toEqual({ status: 'SUCCEEDED', output: { status: 200 } });
    expect(sink.deliveries.get(key)).toBe(2);
    const report = await checkExecutions(side.dataSource, {
      executions: new Map([[executionId, { status: 'SUCCEEDED', output: { status: 200 } }]]),
      sideEffects: { deliveries: sink.deliveries, expectedKeys: [key], faults: 1 },
    });
    expect(report.violations).toEqual([]);
  });
});

describe('jobs delivered twice, expiring while they run, completed by a stale attempt (R6)', () => {
  it('apply one transition: the losers change nothing', async () => {
    await fleet.startMany(2);
    const definition = {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', Seconds: 1, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
    } as unknown as StateMachineDefinition;
    const stateMachineId = await side.createMachine(definition);
    // Hold the execution's lock, so that every job for it waits inside its handler.
    const blocker = side.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    const executionId = await side.start(stateMachineId, { once: true }, 'duplicates');
    await blocker.query('SELECT id FROM executions WHERE id = $1 FOR UPDATE', [executionId]);
    const [run] = await side.dataSource.query<{ id: string; fence: number }[]>(
      'SELECT id, fence FROM runs WHERE execution_id = $1',
      [executionId],
    );
    const job: TransitionJob = { kind: 'run', executionId, runId: run!.id, fence: run!.fence };
    const queue = side.app.get(QueueService, { strict: false });
    await side.dataSource.transaction((manager) =>
      queue.sendMany(
        TRANSITION_QUEUE,
        Array.from({ length: 5 }, () => ({ data: job })),
        { manager },
      ),
    );
    // The timer's own job expires in a blocked handler, and another engine takes it again.
    const retried = await waitFor(
      async () => {
        const [row] = await side.dataSource.query<{ id: string }[]>(
          `SELECT id FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2 AND retry_count >= 1 AND state = 'active'`,
          [TRANSITION_QUEUE.name, run!.id],
        );
        return row?.id;
      },
      // Expiry waits for a supervise round of pg-boss, which a loaded machine can delay well past
      // the 2 s lease (seen in CI): a generous deadline, still inside the file's 90 s test timeout.
      { timeoutMs: 60_000, what: 'a job to expire and be taken again while its first attempt still runs' },
    );
    await blocker.commitTransaction();
    await blocker.release();

    await side.allEnded([executionId], 20_000);
    expect(await side.execution(executionId)).toEqual({ status: 'SUCCEEDED', output: { once: true } });
    const report = await checkExecutions(side.dataSource, {
      executions: new Map([[executionId, { status: 'SUCCEEDED', output: { once: true } }]]),
    });
    expect(report.violations).toEqual([]);
    const [exits] = await side.dataSource.query<{ count: number }[]>(
      "SELECT count(*)::int AS count FROM execution_events WHERE execution_id = $1 AND type = 'WaitStateExited'",
      [executionId],
    );
    expect(exits?.count).toBe(1);
    await waitFor(async () => {
      const [row] = await side.dataSource.query<{ state: string }[]>(
        'SELECT state FROM pgboss.job WHERE id = $1',
        [retried],
      );
      return row?.state === 'completed' ? true : undefined;
    });
  });
});

describe('engines whose clocks disagree (R12)', () => {
  it('end no Wait and no TimeoutSeconds early or late: the database clock decides', async () => {
    const shifted = (offsetMs: number) => ({
      nodeArgs: ['--import', './test/support/clock-offset.preload.mjs'],
      env: { STEPGRAPH_TEST_CLOCK_OFFSET_MS: String(offsetMs) },
    });
    await Promise.all([fleet.start(shifted(HOUR_MS)), fleet.start(shifted(-HOUR_MS))]);
    const definition = {
      StartAt: 'Pause',
      States: {
        Pause: { Type: 'Wait', Seconds: 2, Next: 'Sleep' },
        // Sleeps 1 s with 3 s allowed: an engine that read its own clock would time it out at once.
        Sleep: {
          Type: 'Task',
          Resource: 'builtin:sleep',
          Parameters: { seconds: 1 },
          TimeoutSeconds: 3,
          ResultPath: null,
          Next: 'Approval',
        },
        // Nobody answers: it must time out after 2 s, neither sooner nor much later.
        Approval: {
          Type: 'Task',
          Resource: 'builtin:callback.waitForTaskToken',
          TimeoutSeconds: 2,
          End: true,
        },
      },
    } as unknown as StateMachineDefinition;
    const stateMachineId = await side.createMachine(definition);
    const executionIds = await Promise.all(
      [0, 1, 2, 3].map((n) => side.start(stateMachineId, { n }, `clocks-${n}`)),
    );
    await side.allEnded(executionIds, 40_000);

    // Every deadline was set by PostgreSQL's clock, as the history's timestamps are: an engine that
    // read its own would have set it an hour off. None fired before its time; one an hour late would
    // have kept the executions from ending above.
    for (const executionId of executionIds) {
      expect(await side.execution(executionId)).toEqual({ status: 'FAILED', error: 'States.Timeout' });
      const at = await eventTimes(executionId);
      const tasks = await taskDeadlines(executionId);
      const waitEntered = Math.round(at.get('WaitStateEntered:Pause')!);
      const sleepScheduled = Math.round(at.get('TaskScheduled:Sleep')!);
      const approvalScheduled = Math.round(at.get('TaskScheduled:Approval')!);
      expect(await jobsDueAt(executionId)).toContain(waitEntered + 2000);
      expect(tasks.get('Sleep')).toEqual({ dueAt: sleepScheduled + 1000, timeoutAt: sleepScheduled + 3000 });
      expect(tasks.get('Approval')?.timeoutAt).toBe(approvalScheduled + 2000);
      expect(at.get('WaitStateExited:Pause')! - waitEntered).toBeGreaterThanOrEqual(2000);
      expect(at.get('TaskSucceeded:Sleep')! - sleepScheduled).toBeGreaterThanOrEqual(1000);
      expect(at.get('TaskTimedOut:Approval')! - approvalScheduled).toBeGreaterThanOrEqual(2000);
    }
    expect(fleet.errors()).toEqual([]);
  });
});
