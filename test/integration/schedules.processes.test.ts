/**
 * The scheduler across real engine processes (test/support/engine-processes.ts), on PostgreSQL's
 * own clock: two processes racing on the same `rate(1 second)` schedules start each fire exactly
 * once with no gap (the acceptance: N fires in N seconds); a process killed between
 * deciding a fire and committing it (crash point `schedule-fire-before-commit`) leaves nothing,
 * and the fire happens once after a restart; an engine killed and restarted within the catch-up
 * window runs the fires it missed once each, in order.
 */
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startCommandSide, type CommandSide } from '../support/engine-commands.js';
import { EngineFleet } from '../support/engine-processes.js';
import { cursorOf, databaseNowMs, executionsOf, firesOf, insertSchedule } from '../support/schedules.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(180_000);

const SECOND = 1000;
/**
 * The acceptance runs a rate(1 second) schedule for 30 s (`STEPGRAPH_SCHEDULE_TEST_SECONDS=30`);
 * the suite runs 10 s of the same race to stay within its time budget.
 */
const RUN_SECONDS = Number(process.env.STEPGRAPH_SCHEDULE_TEST_SECONDS ?? 10);
const PASS = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

let database: TestDatabase;
let side: CommandSide;
let fleet: EngineFleet;
let passMachine: string;

beforeAll(async () => {
  database = await createTestDatabase();
  side = await startCommandSide(database.url);
  fleet = new EngineFleet({ databaseUrl: database.url });
  passMachine = await side.createMachine(PASS);
});

afterAll(async () => {
  await fleet?.stopAll();
  await side?.close();
  await database?.drop();
});

afterEach(async () => {
  await fleet.stopAll();
});

/** A whole second a little after PostgreSQL's now, for schedules to start at. */
async function startSoon(dataSource: DataSource, leadSeconds: number): Promise<number> {
  return Math.ceil((await databaseNowMs(dataSource)) / SECOND) * SECOND + leadSeconds * SECOND;
}

/** Waits until the schedule has decided its last fire (its cursor is empty). */
async function finished(scheduleId: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => ((await cursorOf(side.dataSource, scheduleId)).nextFireAtMs === null ? true : undefined),
    { timeoutMs, intervalMs: 250, what: `schedule ${scheduleId} to decide its last fire` },
  );
}

/** Every execution time in order, each once: startAt, startAt + 1 s, ..., N of them. */
function everySecond(startAtMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => startAtMs + i * SECOND);
}

describe('two engine processes racing on the same schedules', () => {
  it(`start each fire of rate(1 second) schedules exactly once: ${RUN_SECONDS} executions in ${RUN_SECONDS} s`, async () => {
    await fleet.startMany(2);
    const startAtMs = await startSoon(side.dataSource, 2);
    const endAtMs = startAtMs + (RUN_SECONDS - 1) * SECOND;
    const schedules = await Promise.all(
      Array.from({ length: 4 }, () =>
        insertSchedule(side.dataSource, {
          stateMachineId: passMachine,
          expression: 'rate(1 second)',
          startAtMs,
          endAtMs,
        }),
      ),
    );

    for (const scheduleId of schedules) await finished(scheduleId, (RUN_SECONDS + 60) * SECOND);

    expect(fleet.errors()).toEqual([]);
    for (const scheduleId of schedules) {
      const executions = await executionsOf(side.dataSource, scheduleId);
      expect(executions.map((e) => e.scheduledTimeMs)).toEqual(everySecond(startAtMs, RUN_SECONDS));
      expect(new Set(executions.map((e) => e.status))).toEqual(new Set(['SUCCEEDED']));
      const fires = await firesOf(side.dataSource, scheduleId);
      expect(fires.map((f) => [f.scheduledTimeMs, f.outcome])).toEqual(
        everySecond(startAtMs, RUN_SECONDS).map((t) => [t, 'STARTED']),
      );
    }
    const twice = await side.dataSource.query(
      `SELECT trigger_schedule_id, trigger_scheduled_time FROM executions
        WHERE trigger_schedule_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
  });
});

describe('an engine killed between deciding a fire and committing it', () => {
  it('leaves no trace of the fire, which happens once after a restart', async () => {
    const doomed = await fleet.start({ env: { ENGINE_TEST_CRASH_POINT: 'schedule-fire-before-commit' } });
    const startAtMs = await startSoon(side.dataSource, 1);
    const scheduleId = await insertSchedule(side.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 hour)',
      startAtMs,
    });

    await waitFor(() => (doomed.exited ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the engine to reach its crash point',
    });
    expect(await firesOf(side.dataSource, scheduleId)).toEqual([]);
    expect(await executionsOf(side.dataSource, scheduleId)).toEqual([]);
    expect((await cursorOf(side.dataSource, scheduleId)).nextFireAtMs).toBe(startAtMs);

    await fleet.start();
    const [fire] = await waitFor(
      async () => {
        const fires = await firesOf(side.dataSource, scheduleId);
        return fires.length > 0 ? fires : undefined;
      },
      { timeoutMs: 60_000, what: 'the fire after the restart' },
    );
    expect(fire).toMatchObject({ kind: 'SCHEDULED', scheduledTimeMs: startAtMs, outcome: 'STARTED' });
    const executions = await executionsOf(side.dataSource, scheduleId);
    expect(executions.map((e) => [e.id, e.scheduledTimeMs, e.status])).toEqual([
      [fire?.executionId, startAtMs, 'SUCCEEDED'],
    ]);
    expect((await cursorOf(side.dataSource, scheduleId)).nextFireAtMs).toBe(startAtMs + 3600 * SECOND);
  });
});

describe('an engine killed and restarted within the catch-up window', () => {
  it('runs the fires it missed once each, in order', async () => {
    const first = await fleet.start();
    const count = 15;
    const startAtMs = await startSoon(side.dataSource, 1);
    const scheduleId = await insertSchedule(side.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 second)',
      startAtMs,
      endAtMs: startAtMs + (count - 1) * SECOND,
    });
    await waitFor(
      async () => ((await executionsOf(side.dataSource, scheduleId)).length >= 3 ? true : undefined),
      { timeoutMs: 30_000, what: 'the first fires' },
    );
    await first.kill();
    const killedAtMs = await databaseNowMs(side.dataSource);
    // Down for a few of the schedule's seconds before the next engine starts.
    await waitFor(
      async () => ((await databaseNowMs(side.dataSource)) > killedAtMs + 4 * SECOND ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: 'some downtime',
      },
    );
    expect((await executionsOf(side.dataSource, scheduleId)).length).toBeLessThan(count);

    await fleet.start();
    await finished(scheduleId, 90_000);
    const executions = await executionsOf(side.dataSource, scheduleId);
    expect(executions.map((e) => e.scheduledTimeMs)).toEqual(everySecond(startAtMs, count));
    // In order: no fire's execution started before an earlier fire's (missed ones share a transaction).
    const startedAt = await side.dataSource.query<{ started_ms: number }[]>(
      `SELECT (extract(epoch FROM started_at) * 1000)::float8 AS started_ms FROM executions
        WHERE trigger_schedule_id = $1 ORDER BY trigger_scheduled_time`,
      [scheduleId],
    );
    const times = startedAt.map((row) => row.started_ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await firesOf(side.dataSource, scheduleId)).every((f) => f.outcome === 'STARTED')).toBe(true);
  });
});
