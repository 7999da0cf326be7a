/**
 * Crash (docs/testing.md R1): 200 executions of the mixed workflow run on engine
 * processes started as real children, while one of them is SIGKILLed at a random moment, five
 * times, and a fresh engine replaces it. The executions start in five waves, one before each
 * kill, so that every kill lands while steps are in flight. A killed engine's transactions never commit; its jobs
 * come back once their lease expires (ENGINE_JOB_LEASE_SECONDS, short here), to the engines still
 * alive. Afterwards the checker must hold: every execution ended as the in-memory driver says,
 * with the same history run by run, `seq` contiguous, nothing entered twice, nothing left open,
 * and each HTTP side effect delivered at least once and at most once more per kill. And the kills
 * must have cut work short: some job in flight at a kill was handed out again afterwards.
 */
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { checkExecutions, type ExpectedEnding } from '../support/engine-checker.js';
import { EngineFleet, FAST_RECOVERY_ENV, type EngineProcess } from '../support/engine-processes.js';
import { startHttpSink, type HttpSink } from '../support/http-sink.js';
import { startMixedExecutions } from '../support/mixed-workflow.js';
import { seededRandomFor } from '../support/test-seed.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(150_000);

const EXECUTIONS = 200;
const KILLS = 5;
const ENGINES = 2;
/** Jobs of one queue an engine runs at once: also how many HTTP calls one kill can cut short. */
const ENGINE_CONCURRENCY = 8;
/** A kill lands this long after its wave of executions started, at random. */
const KILL_DELAY_MS = { min: 200, max: 2000 };
const ALL_ENDED_TIMEOUT_MS = 90_000;

let database: TestDatabase;
let side: CommandSide;
let sink: HttpSink;
let fleet: EngineFleet;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { ...FAST_RECOVERY_ENV, ENGINE_CONCURRENCY: String(ENGINE_CONCURRENCY) };
  // The process that enqueues a job sets its lease: the command side shares the engines' settings.
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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runningCount(commandSide: CommandSide, executionIds: readonly string[]): Promise<number> {
  const [row] = await commandSide.dataSource.query<{ running: number }[]>(
    "SELECT count(*)::int AS running FROM executions WHERE id = ANY($1) AND status = 'RUNNING'",
    [executionIds],
  );
  return row?.running ?? 0;
}

/** A job being worked when an engine was killed, and how often it had been retried then. */
interface ActiveJob {
  readonly id: string;
  readonly retryCount: number;
}

/**
 * The jobs being worked now by engines still alive: started after `since`, the previous kill (a
 * killed engine's jobs stay active until their lease runs out, then run again whatever comes next).
 */
async function activeJobs(commandSide: CommandSide, since: Date): Promise<ActiveJob[]> {
  return commandSide.dataSource.query<ActiveJob[]>(
    `SELECT id, retry_count AS "retryCount" FROM pgboss.job WHERE state = 'active' AND started_on > $1`,
    [since],
  );
}

async function databaseNow(commandSide: CommandSide): Promise<Date> {
  const [{ now }] = await commandSide.dataSource.query<{ now: Date }[]>('SELECT now() AS now');
  return now;
}

/** Of the jobs active at a kill, those handed out again afterwards: the killed engine's. */
async function runAgain(commandSide: CommandSide, atKills: readonly ActiveJob[]): Promise<string[]> {
  const now = await commandSide.dataSource.query<ActiveJob[]>(
    `SELECT id, retry_count AS "retryCount" FROM pgboss.job WHERE id = ANY($1::uuid[])`,
    [atKills.map((job) => job.id)],
  );
  const before = new Map(atKills.map((job) => [job.id, job.retryCount]));
  return now.filter((job) => job.retryCount > (before.get(job.id) ?? job.retryCount)).map((job) => job.id);
}

describe('engine processes killed with SIGKILL', () => {
  it('finish 200 mixed executions correctly, five kills later, with each side effect at most once more per kill', async () => {
    const random = seededRandomFor('engine.crash');
    await fleet.startMany(ENGINES);
    const expected = new Map<string, ExpectedEnding>();
    const sideEffectKeys: string[] = [];
    const replacements: Promise<EngineProcess>[] = [];
    const activeAtKills: ActiveJob[] = [];
    let lastKillAt = new Date(0);
    for (let kill = 0; kill < KILLS; kill += 1) {
      const wave = await startMixedExecutions(side, sink.origin, {
        count: EXECUTIONS / KILLS,
        prefix: `crash-${kill}`,
      });
      wave.expected.forEach((ending, executionId) => expected.set(executionId, ending));
      sideEffectKeys.push(...wave.sideEffectKeys);
      await pause(random.between(KILL_DELAY_MS.min, KILL_DELAY_MS.max));
      // A victim that has booted: a replacement still booting may not hold any work yet.
      const ready = await waitFor(() => (fleet.ready.length > 0 ? fleet.ready : undefined), {
        timeoutMs: 60_000,
        what: 'an engine to kill',
      });
      expect(await runningCount(side, [...expected.keys()])).toBeGreaterThan(0);
      // Work in flight, so that a kill can cut it short: a kill of an idle engine proves nothing.
      const active = await waitFor(
        async () => {
          const jobs = await activeJobs(side, lastKillAt);
          return jobs.length > 0 ? jobs : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 10, what: 'a job in flight to cut short' },
      );
      await random.pick(ready).kill();
      lastKillAt = await databaseNow(side);
      activeAtKills.push(...active);
      replacements.push(fleet.start({ name: `replacement-${kill + 1}` }));
    }
    await Promise.all(replacements);
    await side.allEnded([...expected.keys()], ALL_ENDED_TIMEOUT_MS);

    const report = await checkExecutions(side.dataSource, {
      executions: expected,
      sideEffects: {
        deliveries: sink.deliveries,
        expectedKeys: sideEffectKeys,
        faults: KILLS,
        inFlightPerFault: ENGINE_CONCURRENCY,
      },
    });
    expect(report.violations).toEqual([]);
    expect(report.executions).toBe(EXECUTIONS);
    const [{ retried }] = await side.dataSource.query<{ retried: number }[]>(
      'SELECT count(*)::int AS retried FROM pgboss.job WHERE retry_count > 0',
    );
    const repeated = [...sink.deliveries.values()].filter((count) => count > 1).length;
    const cutShort = await runAgain(side, activeAtKills);
    console.log(
      `engine.crash: ${report.events} events checked; ${retried} jobs retried, ${cutShort.length} of them in flight at a kill; ${repeated} side effects repeated`,
    );
    expect(fleet.all.filter((engine) => engine.exited)).toHaveLength(KILLS);
    // The kills hit engines at work: jobs they held were handed out again and finished elsewhere.
    expect(cutShort.length).toBeGreaterThan(0);
  });
});
