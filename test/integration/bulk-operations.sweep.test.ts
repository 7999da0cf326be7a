/**
 * A bulk operation whose chain of batch jobs was lost (its retries used up while the database was
 * away) is not stuck RUNNING: the sweeper enqueues its current batch again once it has made no
 * progress for BULK_STALL_SECONDS, and it finishes, each execution stopped once.
 */
import { BulkOperationCommands } from '../../src/engine/bulk/bulk-operation.commands.js';
import { startEngine, type EngineHarness } from './engine.harness.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(60_000);

const WAIT_AN_HOUR = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine();
});

afterAll(async () => {
  await engine?.close();
});

it('re-arms a running bulk operation whose job vanished, and it ends with each execution stopped once', async () => {
  const machineId = await engine.createMachine(WAIT_AN_HOUR);
  const ids: string[] = [];
  for (let index = 0; index < 5; index++) {
    ids.push((await engine.commands.start({ stateMachineId: machineId, input: {} })).executionId);
  }
  // Created as the API does, but with its job deleted in the same transaction: a lost chain.
  const operationId = await engine.app.get(BulkOperationCommands, { strict: false }).create({
    kind: 'STOP',
    match: { where: `WHERE e.state_machine_id = $1 AND e.status = 'RUNNING'`, params: [machineId] },
    filter: { stateMachineId: machineId },
    actor: null,
    beforeCommit: async (manager) => {
      await manager.query(`DELETE FROM pgboss.job WHERE name = 'stepgraph.bulk'`);
    },
  });
  const stuck = async () =>
    (
      await engine.dataSource.query<{ status: string; done: number }[]>(
        'SELECT status, done FROM bulk_operations WHERE id = $1',
        [operationId],
      )
    )[0]!;
  expect(await stuck()).toEqual({ status: 'RUNNING', done: 0 });

  // Recent progress: not stalled yet, so the sweep leaves it alone.
  await engine.sweeper.run();
  const [{ jobs }] = await engine.dataSource.query<{ jobs: number }[]>(
    `SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'stepgraph.bulk'`,
  );
  expect(jobs).toBe(0);

  await engine.dataSource.query(
    `UPDATE bulk_operations SET updated_at = now() - interval '1 hour' WHERE id = $1`,
    [operationId],
  );
  expect((await engine.sweeper.run()).rearmed).toBeGreaterThanOrEqual(1);
  await waitFor(async () => ((await stuck()).status === 'SUCCEEDED' ? true : undefined), {
    what: 'the re-armed bulk stop to end',
  });
  expect(await stuck()).toEqual({ status: 'SUCCEEDED', done: 5 });
  for (const id of ids) {
    expect((await engine.history(id)).filter((event) => event.type === 'ExecutionAborted')).toHaveLength(1);
  }
});
