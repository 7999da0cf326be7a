/**
 * An engine killed right after it committed the scheduling of work it carries out itself (an HTTP
 * call, a nested start), before it began that work (the test-only crash point
 * `task-after-commit`): the queued job is the durable fallback, and another engine does the work
 * once the job's lease has passed; nothing is lost and the work is done once.
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { EngineFleet, FAST_RECOVERY_ENV } from '../support/engine-processes.js';
import {
  idempotencyKeyHeader,
  idempotencyKeyOf,
  startHttpSink,
  type HttpSink,
} from '../support/http-sink.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(90_000);

let database: TestDatabase;
let side: CommandSide;
let sink: HttpSink;
let fleet: EngineFleet;

beforeAll(async () => {
  database = await createTestDatabase();
  // A one-second HTTP timeout keeps the HTTP job's lease (timeout + ENGINE_JOB_LEASE_SECONDS) short.
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

/** A Wait first, so that the engine (not the API that starts the execution) schedules `task`. */
function afterAWait(task: Record<string, unknown>): StateMachineDefinition {
  return {
    StartAt: 'Pause',
    States: {
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Work' },
      Work: { Type: 'Task', End: true, ...task },
    },
  } as unknown as StateMachineDefinition;
}

async function taskStatuses(executionId: string): Promise<string[]> {
  const rows = await side.dataSource.query<{ status: string }[]>(
    'SELECT status FROM tasks WHERE execution_id = $1',
    [executionId],
  );
  return rows.map((row) => row.status);
}

describe('an engine killed after committing an HTTP Task, before calling it', () => {
  it('leaves the call to the queued job: another engine calls once, and the execution succeeds', async () => {
    const stateMachineId = await side.createMachine(
      afterAWait({
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: {
          ApiEndpoint: `${sink.origin}/after-commit`,
          Method: 'POST',
          Headers: idempotencyKeyHeader(),
        },
        ResultSelector: { 'status.$': '$.StatusCode' },
      }),
    );
    const doomed = await fleet.start({ env: { ENGINE_TEST_CRASH_POINT: 'task-after-commit' } });
    const executionId = await side.start(stateMachineId, {}, 'http-after-commit');
    const key = idempotencyKeyOf('http-after-commit', 'Work');

    await waitFor(() => (doomed.exited ? true : undefined), { what: 'the engine to reach its crash point' });
    expect(sink.deliveries.get(key)).toBeUndefined();
    expect(await taskStatuses(executionId)).toEqual(['SCHEDULED']);

    await fleet.start();
    await side.allEnded([executionId], 30_000);
    expect(await side.execution(executionId)).toEqual({ status: 'SUCCEEDED', output: { status: 200 } });
    expect(sink.deliveries.get(key)).toBe(1);
  });
});

describe('an engine killed after committing a nested start, before starting the child', () => {
  it('leaves the start to the queued job: another engine starts one child, and the parent succeeds', async () => {
    await side.createMachine(
      {
        StartAt: 'Done',
        States: { Done: { Type: 'Pass', Result: { child: true }, End: true } },
      } as unknown as StateMachineDefinition,
      'crash-child',
    );
    const stateMachineId = await side.createMachine(
      afterAWait({
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Parameters: { StateMachineArn: 'crash-child' },
        OutputPath: '$.Output',
      }),
    );
    const doomed = await fleet.start({ env: { ENGINE_TEST_CRASH_POINT: 'task-after-commit' } });
    const executionId = await side.start(stateMachineId, {}, 'nested-after-commit');

    await waitFor(() => (doomed.exited ? true : undefined), { what: 'the engine to reach its crash point' });
    expect(await taskStatuses(executionId)).toEqual(['SCHEDULED']);

    await fleet.start();
    await side.allEnded([executionId], 30_000);
    expect(await side.execution(executionId)).toEqual({ status: 'SUCCEEDED', output: { child: true } });
    const children = await side.dataSource.query<{ status: string }[]>(
      'SELECT status FROM executions WHERE parent_execution_id = $1',
      [executionId],
    );
    expect(children).toEqual([{ status: 'SUCCEEDED' }]);
  });
});
