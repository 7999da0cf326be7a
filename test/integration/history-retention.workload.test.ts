/**
 * Retention on a partitioned history while a workload runs (issue 13, "Tests"; docs/retention.md):
 * executions step through a Task, a Wait and a Map while old weeks (made by SQL) are dropped
 * again and again. Afterwards every execution finished correctly and every history is contiguous,
 * seq 1..n with no gap and no duplicate: no execution lost or repeated a transition; the old
 * executions retention must keep (still running) kept their whole history.
 */
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { HistoryRetention } from '../../src/engine/retention/history-retention.js';
import { createWeek, insertOldExecutions, weekExists, weekStart } from '../support/old-history.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;
const EXECUTIONS = 24;
const ITEMS = [1, 2, 3, 4];

const WORKLOAD: StateMachineDefinition = {
  StartAt: 'Echo',
  States: {
    Echo: { Type: 'Task', Resource: 'builtin:echo', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 1, Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 2,
      ItemProcessor: {
        StartAt: 'Item',
        States: { Item: { Type: 'Task', Resource: 'builtin:echo', End: true } },
      },
      ResultPath: '$.results',
      Next: 'Done',
    },
    Done: { Type: 'Pass', End: true },
  },
} as unknown as StateMachineDefinition;

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine({ ENGINE_SWEEP_INTERVAL_SECONDS: '3600', HISTORY_RETENTION_DAYS: '30' });
});

afterAll(async () => {
  await engine?.close();
});

it('drops old weeks while executions run, and no execution loses or repeats a transition', async () => {
  const retention = engine.app.get(HistoryRetention, { strict: false });
  const machineId = await engine.createMachine(WORKLOAD);
  const oldMachineId = await engine.createMachine({
    StartAt: 'P',
    States: { P: { Type: 'Pass', End: true } },
  });
  const kept: string[] = [];
  const started: string[] = [];
  let workloadDone = false;
  const workload = (async () => {
    for (let n = 0; n < EXECUTIONS; n++) {
      const { executionId } = await engine.commands.start({
        stateMachineId: machineId,
        input: { n, items: ITEMS },
      });
      started.push(executionId);
    }
    for (const id of started) await engine.ended(id, 60_000);
    workloadDone = true;
  })();

  let drops = 0;
  for (let weeksAgo = 6; !workloadDone || drops < 3; weeksAgo++) {
    const day = await weekStart(engine.dataSource, weeksAgo);
    await createWeek(engine.dataSource, day);
    const stoppedAt = new Date(Date.now() - 40 * DAY_MS);
    await insertOldExecutions(
      engine.dataSource,
      { stateMachineId: oldMachineId, day, stoppedAt, events: 20 },
      50,
    );
    // Every third week also holds an old execution still running: that week must stay.
    if (weeksAgo % 3 === 0)
      kept.push(
        ...(await insertOldExecutions(engine.dataSource, {
          stateMachineId: oldMachineId,
          day,
          stoppedAt: null,
          events: 7,
        })),
      );
    const { acts } = await retention.run();
    drops += acts.filter((act) => act.method === 'drop').length;
    expect(await weekExists(engine.dataSource, day)).toBe(weeksAgo % 3 === 0);
  }
  await workload;

  expect(drops).toBeGreaterThanOrEqual(3);
  const histories = await Promise.all(started.map((id) => engine.history(id)));
  for (const [index, id] of started.entries()) {
    expect(await engine.state(id)).toMatchObject({ status: 'SUCCEEDED' });
    expectContiguous(histories[index]!);
    expect(types(histories[index]!).at(-1)).toBe('ExecutionSucceeded');
    expect(histories[index]!.length).toBe(histories[0]!.length);
  }
  for (const id of kept) {
    const history = await engine.history(id);
    expect(history).toHaveLength(7);
    expectContiguous(history);
  }
});
