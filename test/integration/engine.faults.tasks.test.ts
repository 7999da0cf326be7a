/**
 * Task faults on one engine (docs/testing.md R8, R11):
 * - R8: an activity worker that heartbeats forever cannot keep a task past its TimeoutSeconds: the
 *   task fails with States.Timeout on time, and the worker's late result and heartbeats are refused.
 * - R11: stopping an execution while its Parallel runs, racing a branch's completion, aborts it
 *   exactly once; nothing is recorded afterwards even when every pending job fires; every open
 *   task is cancelled; the HTTP call in flight is torn down (the sink sees its connection close).
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { AppError } from '../../src/common/app-error.js';
import { checkExecutions } from '../support/engine-checker.js';
import {
  idempotencyKeyHeader,
  idempotencyKeyOf,
  startHttpSink,
  type HttpSink,
} from '../support/http-sink.js';
import { seededRandomFor } from '../support/test-seed.js';
import { waitFor } from '../support/wait.js';
import { startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(60_000);

const HEARTBEAT_EVERY_MS = 300;

let engine: EngineHarness;
let sink: HttpSink;

beforeAll(async () => {
  sink = await startHttpSink((key) => (key.includes('/Hang/') ? 'hang' : 'answer'));
  engine = await startEngine({ HTTP_TASK_ALLOW_LIST: '127.0.0.1', HTTP_TASK_TIMEOUT_SECONDS: '30' });
});

afterAll(async () => {
  await engine?.close();
  await sink?.close();
});

function machine(states: Record<string, unknown>): StateMachineDefinition {
  return { StartAt: Object.keys(states)[0], States: states } as unknown as StateMachineDefinition;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw error;
  return error.code;
}

async function eventTime(executionId: string, type: string): Promise<number> {
  const [row] = await engine.dataSource.query<{ at_ms: number }[]>(
    `SELECT (extract(epoch FROM timestamp) * 1000)::float8 AS at_ms
       FROM execution_events WHERE execution_id = $1 AND type = $2 ORDER BY seq LIMIT 1`,
    [executionId, type],
  );
  if (!row) throw new Error(`no ${type} in ${executionId}`);
  return row.at_ms;
}

describe('a task past its TimeoutSeconds while its worker heartbeats (R8)', () => {
  it('fails with States.Timeout on time, and refuses the late result and heartbeats', async () => {
    const executionId = await engine.run(
      machine({
        Work: {
          Type: 'Task',
          Resource: 'activity:forever',
          TimeoutSeconds: 2,
          HeartbeatSeconds: 1,
          End: true,
        },
      }),
    );
    const leased = await waitFor(() =>
      engine.commands.leaseActivityTask('forever', 'tireless').then((task) => task ?? undefined),
    );
    // A worker that never finishes but never falls silent either.
    const ended = await waitFor(
      async () => {
        await engine.commands.sendTaskHeartbeat(leased.taskToken).catch(() => undefined);
        const state = await engine.state(executionId);
        return state.status === 'RUNNING' ? undefined : state;
      },
      { timeoutMs: 20_000, intervalMs: HEARTBEAT_EVERY_MS, what: 'the heartbeating task to time out' },
    );
    expect(ended).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    // The deadline was set at scheduling and no heartbeat moved it; it fired no earlier.
    const scheduledAt = await eventTime(executionId, 'ActivityScheduled');
    const [task] = await engine.dataSource.query<{ timeout_ms: number }[]>(
      'SELECT (extract(epoch FROM timeout_at) * 1000)::float8 AS timeout_ms FROM tasks WHERE token = $1',
      [leased.taskToken],
    );
    expect(Math.round(task!.timeout_ms)).toBe(Math.round(scheduledAt) + 2000);
    expect((await eventTime(executionId, 'ActivityTimedOut')) - scheduledAt).toBeGreaterThanOrEqual(2000);

    const before = await engine.history(executionId);
    expect(await refusal(engine.commands.sendTaskSuccess(leased.taskToken, { late: true }))).toBe('CONFLICT');
    expect(await refusal(engine.commands.sendTaskHeartbeat(leased.taskToken))).toBe('CONFLICT');
    expect(await engine.history(executionId)).toEqual(before);
    expect(types(before).slice(-2)).toEqual(['ActivityTimedOut', 'ExecutionFailed']);
  });
});

describe('a stop racing a Parallel branch that completes (R11)', () => {
  const parallel = (sinkOrigin: string) =>
    machine({
      Fan: {
        Type: 'Parallel',
        End: true,
        Branches: [
          {
            StartAt: 'Hang',
            States: {
              Hang: {
                Type: 'Task',
                Resource: 'arn:aws:states:::http:invoke',
                Parameters: {
                  ApiEndpoint: `${sinkOrigin}/hang`,
                  Method: 'GET',
                  Headers: idempotencyKeyHeader(),
                },
                End: true,
              },
            },
          },
          {
            StartAt: 'Approve',
            States: {
              Approve: { Type: 'Task', Resource: 'builtin:callback.waitForTaskToken', End: true },
            },
          },
          { StartAt: 'Later', States: { Later: { Type: 'Wait', Seconds: 600, End: true } } },
          {
            StartAt: 'Each',
            States: {
              Each: {
                Type: 'Map',
                ItemsPath: '$.items',
                MaxConcurrency: 1,
                ItemProcessor: {
                  StartAt: 'Nap',
                  States: {
                    Nap: { Type: 'Task', Resource: 'builtin:sleep', Parameters: { seconds: 600 }, End: true },
                  },
                },
                End: true,
              },
            },
          },
        ],
      },
    });

  it('aborts once, records nothing after, cancels every task and timer, and aborts the HTTP call', async () => {
    const random = seededRandomFor('engine.faults R11');
    const stateMachineId = await engine.createMachine(parallel(sink.origin));
    for (let round = 0; round < 4; round += 1) {
      const name = `stop-race-${round}`;
      const { executionId } = await engine.commands.start({
        stateMachineId,
        name,
        input: { items: [1, 2, 3] },
      });
      const key = idempotencyKeyOf(name, 'Hang');
      await waitFor(() => (sink.deliveries.get(key) ? true : undefined), {
        what: 'the HTTP call to be in flight',
      });
      const [callback] = await waitFor(async () => {
        const rows = await engine.dataSource.query<{ token: string }[]>(
          "SELECT token FROM tasks WHERE execution_id = $1 AND state_name = 'Approve'",
          [executionId],
        );
        return rows.length > 0 ? rows : undefined;
      });
      const answer = async () => {
        await new Promise((resolve) => setTimeout(resolve, random.between(0, 20)));
        return engine.commands.sendTaskSuccess(callback!.token, { approved: true });
      };
      const [answered, stopped] = await Promise.allSettled([answer(), engine.commands.stop(executionId)]);
      expect(stopped.status).toBe('fulfilled');
      if (answered.status === 'rejected') expect((answered.reason as AppError).code).toBe('CONFLICT');

      expect(await engine.state(executionId)).toEqual({ status: 'ABORTED' });
      const history = await engine.history(executionId);
      expect(types(history).filter((type) => type === 'ExecutionAborted')).toHaveLength(1);
      expect(history.at(-1)?.type).toBe('ExecutionAborted');
      // Every job still waiting for this execution (the Wait's timer, the sleeps) fires now: none may record anything.
      await engine.dataSource.query(
        "UPDATE pgboss.job SET start_after = now() WHERE data->>'executionId' = $1 AND state IN ('created', 'retry')",
        [executionId],
      );
      await waitFor(async () => {
        const [pending] = await engine.dataSource.query<{ count: number }[]>(
          "SELECT count(*)::int AS count FROM pgboss.job WHERE data->>'executionId' = $1 AND state IN ('created', 'retry', 'active')",
          [executionId],
        );
        return pending?.count === 0 ? true : undefined;
      });
      expect(await engine.history(executionId)).toEqual(history);
      await waitFor(() => (sink.aborted.includes(key) ? true : undefined), {
        what: 'the HTTP call in flight to be aborted',
      });
      const report = await checkExecutions(engine.dataSource, {
        executions: new Map([[executionId, { status: 'ABORTED' }]]),
      });
      expect(report.violations).toEqual([]);
    }
  });
});
