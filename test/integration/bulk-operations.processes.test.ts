/**
 * A bulk stop of 10,000 executions that survives its engines dying: one killed at a crash point
 * after its first batch committed (before the next batch was enqueued), one SIGKILLed halfway
 * through, mid-batch. The engine started last finishes the operation; every execution was stopped
 * exactly once (one ExecutionAborted each), and progress only ever grew.
 */
import { ExecutionStarter } from '../../src/engine/start/execution.starter.js';
import { BulkOperationCommands } from '../../src/engine/bulk/bulk-operation.commands.js';
import { BULK_OPERATION_QUEUE } from '../../src/engine/queue/engine.queues.js';
import { QUEUE_SCHEMA } from '../../src/engine/queue/queue.service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { EngineFleet, FAST_RECOVERY_ENV, type EngineProcess } from '../support/engine-processes.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(600_000);

/**
 * The acceptance's size is 10,000 (`STEPGRAPH_BULK_TEST_COUNT=10000`, about three minutes on two
 * cores); the suite runs 2,000, the same batches and kills, to stay within its time budget.
 */
const COUNT = Number(process.env.STEPGRAPH_BULK_TEST_COUNT ?? 2_000);
const WAIT_AN_HOUR = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

let database: TestDatabase;
let side: CommandSide;
let fleet: EngineFleet;

beforeAll(async () => {
  database = await createTestDatabase();
  side = await startCommandSide(database.url, FAST_RECOVERY_ENV);
  fleet = new EngineFleet({ databaseUrl: database.url, env: FAST_RECOVERY_ENV });
});

afterAll(async () => {
  await fleet?.stopAll();
  await side?.close();
  await database?.drop();
});

interface Progress {
  status: string;
  total: number;
  done: number;
  failed: number;
}

async function progressOf(id: string): Promise<Progress> {
  const [row] = await side.dataSource.query<Progress[]>(
    'SELECT status, total, done, failed FROM bulk_operations WHERE id = $1',
    [id],
  );
  return row!;
}

/** What {@link whileWorking}'s probe answers once the engine it watches has died. */
const ENGINE_DIED = Symbol('engine died');

/**
 * Waits like waitFor while `engine` does the work; fails at once if the engine dies, and any failure
 * says where the operation's jobs stood and what the engines logged at error level.
 */
async function whileWorking<T>(
  engine: EngineProcess,
  operationId: string,
  probe: () => Promise<T | undefined>,
  options: Parameters<typeof waitFor>[1],
): Promise<T> {
  let failure: string;
  try {
    const outcome = await waitFor(async () => (engine.exited ? ENGINE_DIED : probe()), options);
    if (outcome !== ENGINE_DIED) return outcome;
    failure = `${engine.name} exited while working`;
  } catch (error) {
    failure = (error as Error).message;
  }
  const jobs = await side.dataSource.query(
    `SELECT data, state, retry_count, started_on, completed_on, output FROM ${QUEUE_SCHEMA}.job
      WHERE name = $1 AND data->>'operationId' = $2 ORDER BY created_on`,
    [BULK_OPERATION_QUEUE.name, operationId],
  );
  const exited = fleet.all.map((each) => `${each.name} exited: ${each.exited}`);
  throw new Error(
    [
      failure,
      `progress: ${JSON.stringify(await progressOf(operationId))}`,
      `jobs: ${JSON.stringify(jobs)}`,
      ...exited,
      ...fleet.errors(),
    ].join('\n'),
  );
}

it('stops 10,000 executions exactly once across a crash after a batch and a kill mid-batch', async () => {
  const machineId = await side.createMachine(WAIT_AN_HOUR);
  const starter = side.app.get(ExecutionStarter, { strict: false });
  for (let from = 0; from < COUNT; from += 500) {
    const requests = Array.from({ length: 500 }, (_, index) => ({
      stateMachineId: machineId,
      name: `hold-${from + index}`,
      input: {},
      parentExecutionId: null,
    }));
    await side.dataSource.transaction((manager) => starter.startAllWithin(manager, requests));
  }
  const operationId = await side.app.get(BulkOperationCommands, { strict: false }).create({
    kind: 'STOP',
    match: { where: `WHERE e.state_machine_id = $1 AND e.status = 'RUNNING'`, params: [machineId] },
    filter: { stateMachineId: machineId },
    cause: 'drill',
    actor: null,
  });
  expect(await progressOf(operationId)).toEqual({ status: 'RUNNING', total: COUNT, done: 0, failed: 0 });

  // 1. Dies at the crash point once its first batch committed: the batch's job is handed over later.
  const crashing = await fleet.start({
    env: { ...FAST_RECOVERY_ENV, ENGINE_TEST_CRASH_POINT: 'bulk-batch-after-commit' },
  });
  await waitFor(async () => (crashing.exited ? true : undefined), {
    timeoutMs: 120_000,
    what: 'the engine to die at its crash point',
  });
  const afterCrash = await progressOf(operationId);
  expect(afterCrash).toMatchObject({ status: 'RUNNING', done: 100, failed: 0 });

  // 2. Picks the batch up again and is SIGKILLed halfway through, in the middle of a batch.
  const killed = await fleet.start();
  const seen: number[] = [afterCrash.done];
  await whileWorking(
    killed,
    operationId,
    async () => {
      const { done } = await progressOf(operationId);
      seen.push(done);
      return done >= COUNT / 2 ? true : undefined;
    },
    { timeoutMs: 400_000, intervalMs: 50, what: 'half of the executions to be stopped' },
  );
  await killed.kill();
  const atKill = await progressOf(operationId);
  expect(atKill.status).toBe('RUNNING');
  expect(atKill.done).toBeLessThan(COUNT);

  // 3. Finishes it.
  const finishing = await fleet.start();
  const ended = await whileWorking(
    finishing,
    operationId,
    async () => {
      const progress = await progressOf(operationId);
      seen.push(progress.done);
      return progress.status === 'RUNNING' ? undefined : progress;
    },
    { timeoutMs: 500_000, intervalMs: 100, what: 'the bulk stop to end' },
  );
  expect(ended).toEqual({ status: 'SUCCEEDED', total: COUNT, done: COUNT, failed: 0 });
  expect(seen).toEqual([...seen].sort((a, b) => a - b));

  const perExecution = await side.dataSource.query<{ aborted: number; executions: number }[]>(
    `SELECT aborted, count(*)::int AS executions FROM (
       SELECT e.id, count(v.seq)::int AS aborted
         FROM executions e LEFT JOIN execution_events v ON v.execution_id = e.id AND v.type = 'ExecutionAborted'
        WHERE e.state_machine_id = $1 AND e.status = 'ABORTED'
        GROUP BY e.id) per
      GROUP BY aborted`,
    [machineId],
  );
  expect(perExecution).toEqual([{ aborted: 1, executions: COUNT }]);
  const items = await side.dataSource.query<{ state: string; items: number }[]>(
    'SELECT state, count(*)::int AS items FROM bulk_operation_items WHERE operation_id = $1 GROUP BY state',
    [operationId],
  );
  expect(items).toEqual([{ state: 'DONE', items: COUNT }]);
});
