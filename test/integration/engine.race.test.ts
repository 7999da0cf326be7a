/**
 * Race (docs/testing.md R7): three engine processes on one database run the same 200
 * executions of the mixed workflow (500, the acceptance's size, with STEPGRAPH_RACE_TEST_EXECUTIONS=500). Their Parallel branches and Map iterations are separate jobs,
 * so engines advance one execution at the same moment and meet on its lock. Nothing is killed:
 * the checker must hold with no fault at all, so every HTTP side effect happens exactly once.
 */
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { checkExecutions } from '../support/engine-checker.js';
import { EngineFleet, FAST_RECOVERY_ENV } from '../support/engine-processes.js';
import { startHttpSink, type HttpSink } from '../support/http-sink.js';
import { startMixedExecutions } from '../support/mixed-workflow.js';

jest.setTimeout(150_000);

const EXECUTIONS = Number(process.env.STEPGRAPH_RACE_TEST_EXECUTIONS ?? 200);
const ENGINES = 3;
const ALL_ENDED_TIMEOUT_MS = 100_000;

let database: TestDatabase;
let side: CommandSide;
let sink: HttpSink;
let fleet: EngineFleet;

beforeAll(async () => {
  database = await createTestDatabase();
  side = await startCommandSide(database.url, FAST_RECOVERY_ENV);
  sink = await startHttpSink();
  fleet = new EngineFleet({ databaseUrl: database.url, env: FAST_RECOVERY_ENV });
});

afterAll(async () => {
  await fleet?.stopAll();
  await side?.close();
  await sink?.close();
  await database?.drop();
});

describe('three engine processes on the same executions', () => {
  it(`run ${EXECUTIONS} mixed executions with no forked run, no duplicate seq and each side effect exactly once`, async () => {
    await fleet.startMany(ENGINES);
    const { expected, sideEffectKeys } = await startMixedExecutions(side, sink.origin, {
      count: EXECUTIONS,
      prefix: 'race',
    });
    await side.allEnded([...expected.keys()], ALL_ENDED_TIMEOUT_MS);

    const report = await checkExecutions(side.dataSource, {
      executions: expected,
      sideEffects: { deliveries: sink.deliveries, expectedKeys: sideEffectKeys, faults: 0 },
    });
    expect(report.violations).toEqual([]);
    expect(report.executions).toBe(EXECUTIONS);
    expect(fleet.running).toHaveLength(ENGINES);
    expect(fleet.errors()).toEqual([]);
  });
});
