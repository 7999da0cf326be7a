/**
 * The scheduler of an engine process, on a clock the test controls (`Scheduler.tick(nowMs)`; the
 * process's own loop is set an hour apart so it never interferes): catch-up after downtime, every
 * overlap policy, buffered fires, `triggerSchedule` and `backfillSchedule`, paused and one-shot
 * schedules, fires that cannot start, daylight saving time, and the fire metrics.
 */
import { AppError } from '../../src/common/app-error.js';
import { CANCELLED_BY_SCHEDULE_ERROR } from '../../src/engine/schedules/schedule.firing.js';
import { MAX_SKIPPED_ROWS } from '../../src/engine/schedules/schedule.fire-plan.js';
import { MAX_BACKFILL_FIRES, ScheduleCommands } from '../../src/engine/schedules/schedule.commands.js';
import { Scheduler } from '../../src/engine/schedules/scheduler.js';
import { MetricsRegistry } from '../../src/observability/metrics.registry.js';
import { cursorOf, executionsOf, firesOf, insertSchedule } from '../support/schedules.js';
import { startEngine, type EngineHarness } from './engine.harness.js';

jest.setTimeout(60_000);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2030-01-01T00:00:00Z');

const PASS = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
/** Runs for an hour unless stopped: an execution that is still running at the next fire. */
const HOLD = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

let engine: EngineHarness;
let scheduler: Scheduler;
let commands: ScheduleCommands;
let metrics: MetricsRegistry;
let passMachine: string;
let holdMachine: string;

beforeAll(async () => {
  engine = await startEngine({ SCHEDULER_INTERVAL_MS: '3600000' });
  scheduler = engine.app.get(Scheduler, { strict: false });
  commands = engine.app.get(ScheduleCommands, { strict: false });
  metrics = engine.app.get(MetricsRegistry, { strict: false });
  passMachine = await engine.createMachine(PASS);
  holdMachine = await engine.createMachine(HOLD);
});

afterAll(async () => {
  await engine?.close();
});

// Each test's schedules are paused afterwards, so that a later test's clock does not fire them.
afterEach(async () => {
  await engine.dataSource.query('UPDATE schedules SET enabled = false');
});

const iso = (ms: number) => new Date(ms).toISOString();
const minutes = (...m: number[]) => m.map((n) => T0 + n * MINUTE);

/** The current value of a series of the metrics registry (0 when absent). */
async function metric(series: string): Promise<number> {
  const { body } = await metrics.scrape();
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const fired = (outcome: string) => `stepgraph_schedule_fires_total{outcome="${outcome}"}`;

describe('catch-up after downtime', () => {
  it('runs the fires missed within the window once each, in order, and records older ones SKIPPED_CATCHUP', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      catchupWindowSeconds: 120,
      armedAfterMs: T0 - 1,
    });
    const skippedBefore = await metric(fired('skipped_catchup'));
    const startedBefore = await metric(fired('started'));
    const lagsBefore = await metric('stepgraph_schedule_fire_lag_seconds_count');

    // Down from 00:00 to 00:10: 00:08 is within the two-minute window, 00:07 is not.
    await scheduler.tick(T0 + 10 * MINUTE);

    const fires = await firesOf(engine.dataSource, scheduleId);
    expect(fires.filter((f) => f.outcome === 'SKIPPED_CATCHUP').map((f) => f.scheduledTimeMs)).toEqual(
      minutes(0, 1, 2, 3, 4, 5, 6, 7),
    );
    expect(fires.filter((f) => f.outcome === 'STARTED').map((f) => f.scheduledTimeMs)).toEqual(
      minutes(8, 9, 10),
    );
    const executions = await executionsOf(engine.dataSource, scheduleId);
    expect(executions.map((e) => [e.name, e.status])).toEqual([
      [`schedule-${scheduleId}-20300101T000800Z`, 'SUCCEEDED'],
      [`schedule-${scheduleId}-20300101T000900Z`, 'SUCCEEDED'],
      [`schedule-${scheduleId}-20300101T001000Z`, 'SUCCEEDED'],
    ]);
    expect(fires.filter((f) => f.outcome === 'STARTED').map((f) => f.executionId)).toEqual(
      executions.map((e) => e.id),
    );
    expect(await cursorOf(engine.dataSource, scheduleId)).toEqual({
      nextFireAtMs: T0 + 11 * MINUTE,
      nextDueAtMs: T0 + 11 * MINUTE,
    });
    expect((await metric(fired('skipped_catchup'))) - skippedBefore).toBe(8);
    expect((await metric(fired('started'))) - startedBefore).toBe(3);
    expect((await metric('stepgraph_schedule_fire_lag_seconds_count')) - lagsBefore).toBe(3);

    // The same instant again decides nothing more.
    await scheduler.tick(T0 + 10 * MINUTE);
    expect(await firesOf(engine.dataSource, scheduleId)).toHaveLength(fires.length);
  });

  it('after a long downtime writes rows for the latest skipped fires only, and counts them all', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 second)',
      startAtMs: T0,
      catchupWindowSeconds: 60,
      armedAfterMs: T0 - 1,
    });
    const skippedBefore = await metric(fired('skipped_catchup'));
    const now = T0 + 30_000 * SECOND;
    // More than one tick's scan: the schedule stays due until its cursor has caught up.
    for (let ticks = 0; ticks < 10; ticks += 1) {
      await scheduler.tick(now);
      const { nextFireAtMs } = await cursorOf(engine.dataSource, scheduleId);
      if ((nextFireAtMs as number) > now) break;
    }

    const fires = await firesOf(engine.dataSource, scheduleId);
    const skipped = fires.filter((f) => f.outcome === 'SKIPPED_CATCHUP').map((f) => f.scheduledTimeMs);
    // Fires before now - 60 s are skipped: 29,940 of them; the 61 from now - 60 s to now run.
    expect(skipped).toHaveLength(MAX_SKIPPED_ROWS);
    expect(skipped.at(-1)).toBe(now - 61 * SECOND);
    expect(skipped[0]).toBe(now - (60 + MAX_SKIPPED_ROWS) * SECOND);
    expect((await metric(fired('skipped_catchup'))) - skippedBefore).toBe(29_940);
    const started = fires.filter((f) => f.outcome === 'STARTED').map((f) => f.scheduledTimeMs);
    expect(started).toEqual(Array.from({ length: 61 }, (_, i) => now - (60 - i) * SECOND));
    expect(await executionsOf(engine.dataSource, scheduleId)).toHaveLength(61);
    expect((await cursorOf(engine.dataSource, scheduleId)).nextFireAtMs).toBe(now + SECOND);
  });
});

describe('overlap policies, while the schedule’s previous execution still runs', () => {
  async function holding(overlapPolicy: 'SKIP' | 'BUFFER_ONE' | 'BUFFER_ALL' | 'CANCEL_OTHER' | 'ALLOW_ALL') {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: holdMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      catchupWindowSeconds: 3600,
      overlapPolicy,
      armedAfterMs: T0 - 1,
    });
    await scheduler.tick(T0);
    const [first] = await executionsOf(engine.dataSource, scheduleId);
    expect(first?.status).toBe('RUNNING');
    return { scheduleId, first: first?.id as string };
  }

  const outcomes = async (scheduleId: string) =>
    (await firesOf(engine.dataSource, scheduleId)).map((f) => [
      iso(f.scheduledTimeMs).slice(11, 19),
      f.outcome,
    ]);

  it('SKIP records the fire SKIPPED_OVERLAP and starts nothing', async () => {
    const { scheduleId } = await holding('SKIP');
    const before = await metric(fired('skipped_overlap'));
    await scheduler.tick(T0 + 2 * MINUTE);
    expect(await outcomes(scheduleId)).toEqual([
      ['00:00:00', 'STARTED'],
      ['00:01:00', 'SKIPPED_OVERLAP'],
      ['00:02:00', 'SKIPPED_OVERLAP'],
    ]);
    expect(await executionsOf(engine.dataSource, scheduleId)).toHaveLength(1);
    expect((await metric(fired('skipped_overlap'))) - before).toBe(2);
  });

  it('BUFFER_ONE keeps one fire, skips the others, and starts it once the running execution ended', async () => {
    const { scheduleId, first } = await holding('BUFFER_ONE');
    await scheduler.tick(T0 + 2 * MINUTE);
    expect(await outcomes(scheduleId)).toEqual([
      ['00:00:00', 'STARTED'],
      ['00:01:00', 'BUFFERED'],
      ['00:02:00', 'SKIPPED_OVERLAP'],
    ]);
    // Still running: a tick with no due fire leaves the buffered one waiting.
    await scheduler.tick(T0 + 2 * MINUTE + SECOND);
    expect(await executionsOf(engine.dataSource, scheduleId)).toHaveLength(1);

    await engine.commands.stop(first);
    await scheduler.tick(T0 + 2 * MINUTE + SECOND);
    expect(await outcomes(scheduleId)).toEqual([
      ['00:00:00', 'STARTED'],
      ['00:01:00', 'STARTED'],
      ['00:02:00', 'SKIPPED_OVERLAP'],
    ]);
    const executions = await executionsOf(engine.dataSource, scheduleId);
    expect(executions.map((e) => [e.scheduledTimeMs, e.status])).toEqual([
      [T0, 'ABORTED'],
      [T0 + MINUTE, 'RUNNING'],
    ]);
    const buffered = (await firesOf(engine.dataSource, scheduleId))[1];
    expect(buffered?.executionId).toBe(executions[1]?.id);
  });

  it('BUFFER_ALL keeps every fire and starts them oldest first, one at a time', async () => {
    const { scheduleId, first } = await holding('BUFFER_ALL');
    await scheduler.tick(T0 + 3 * MINUTE);
    expect((await outcomes(scheduleId)).map(([, outcome]) => outcome)).toEqual([
      'STARTED',
      'BUFFERED',
      'BUFFERED',
      'BUFFERED',
    ]);
    let running = first;
    for (const expected of minutes(1, 2, 3)) {
      await engine.commands.stop(running);
      await scheduler.tick(T0 + 3 * MINUTE + SECOND);
      const executions = await executionsOf(engine.dataSource, scheduleId);
      const live = executions.filter((e) => e.status === 'RUNNING');
      expect(live.map((e) => e.scheduledTimeMs)).toEqual([expected]);
      running = live[0]?.id as string;
    }
    expect((await outcomes(scheduleId)).map(([, outcome]) => outcome)).toEqual([
      'STARTED',
      'STARTED',
      'STARTED',
      'STARTED',
    ]);
  });

  it('CANCEL_OTHER stops the running execution, naming the schedule, and starts the new one', async () => {
    const { scheduleId, first } = await holding('CANCEL_OTHER');
    await scheduler.tick(T0 + MINUTE);
    const stopped = await engine.state(first);
    expect(stopped.status).toBe('ABORTED');
    expect(stopped.error).toBe(CANCELLED_BY_SCHEDULE_ERROR);
    expect(stopped.cause).toContain(scheduleId);
    expect(stopped.cause).toContain('CANCEL_OTHER');
    const executions = await executionsOf(engine.dataSource, scheduleId);
    expect(executions.map((e) => [e.scheduledTimeMs, e.status])).toEqual([
      [T0, 'ABORTED'],
      [T0 + MINUTE, 'RUNNING'],
    ]);
    expect((await outcomes(scheduleId)).map(([, outcome]) => outcome)).toEqual(['STARTED', 'STARTED']);
  });

  it('ALLOW_ALL starts every fire', async () => {
    const { scheduleId } = await holding('ALLOW_ALL');
    await scheduler.tick(T0 + 2 * MINUTE);
    const executions = await executionsOf(engine.dataSource, scheduleId);
    expect(executions.map((e) => [e.scheduledTimeMs, e.status])).toEqual([
      [T0, 'RUNNING'],
      [T0 + MINUTE, 'RUNNING'],
      [T0 + 2 * MINUTE, 'RUNNING'],
    ]);
  });
});

describe('triggerSchedule', () => {
  it('fires once now under the schedule’s overlap policy, paused or not', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: holdMachine,
      expression: 'rate(1 day)',
      enabled: false,
    });
    const committedWith: string[] = [];
    const first = await commands.trigger(scheduleId, {
      beforeCommit: async (manager, id) => {
        committedWith.push(id);
        // The caller's write shares the fire's transaction: the execution is visible to it.
        const [row] = await manager.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM executions WHERE id = $1',
          [id],
        );
        expect(row?.n).toBe(1);
      },
    });
    expect(first).toEqual({
      scheduledTimeMs: expect.any(Number),
      outcome: 'STARTED',
      executionId: expect.any(String),
      cause: null,
    });
    expect(committedWith).toEqual([first.executionId]);
    const [execution] = await executionsOf(engine.dataSource, scheduleId);
    expect(execution).toEqual({
      id: first.executionId,
      name: `trigger-${scheduleId}-${iso(first.scheduledTimeMs).replace(/[-:]/g, '').replace('.000Z', 'Z')}`,
      status: 'RUNNING',
      scheduledTimeMs: first.scheduledTimeMs,
    });

    const second = await commands.trigger(scheduleId);
    expect(second.outcome).toBe('SKIPPED_OVERLAP');
    expect(second.scheduledTimeMs).toBeGreaterThan(first.scheduledTimeMs);
    expect((await firesOf(engine.dataSource, scheduleId)).map((f) => [f.kind, f.outcome])).toEqual([
      ['TRIGGERED', 'STARTED'],
      ['TRIGGERED', 'SKIPPED_OVERLAP'],
    ]);
  });

  it('refuses an unknown schedule with NOT_FOUND', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      await expect(commands.trigger(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(commands.trigger(id)).rejects.toBeInstanceOf(AppError);
    }
  });
});

describe('backfillSchedule', () => {
  it('fires every time in the range once, under the given policy; a repeat decides nothing', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 hour)',
      startAtMs: T0,
      enabled: false,
    });
    let audited = '';
    expect(
      await commands.backfill(scheduleId, T0, T0 + 5 * HOUR, {
        overlapPolicy: 'ALLOW_ALL',
        beforeCommit: async (_manager, id) => {
          audited = id;
        },
      }),
    ).toEqual({ fires: 6, started: 6, buffered: 0, skipped: 0, failed: 0 });
    expect(audited).toBe(scheduleId);
    const executions = await executionsOf(engine.dataSource, scheduleId);
    expect(executions.map((e) => e.scheduledTimeMs)).toEqual([0, 1, 2, 3, 4, 5].map((h) => T0 + h * HOUR));
    expect(executions[0]?.name).toBe(`backfill-${scheduleId}-20300101T000000Z`);
    expect(new Set(executions.map((e) => e.status))).toEqual(new Set(['SUCCEEDED']));

    expect(await commands.backfill(scheduleId, T0, T0 + 6 * HOUR)).toEqual({
      fires: 1,
      started: 1,
      buffered: 0,
      skipped: 0,
      failed: 0,
    });
    expect(await executionsOf(engine.dataSource, scheduleId)).toHaveLength(7);
  });

  it('buffers under BUFFER_ALL and starts the buffered fires one after the other', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: holdMachine,
      expression: 'rate(1 hour)',
      startAtMs: T0,
    });
    expect(await commands.backfill(scheduleId, T0, T0 + 2 * HOUR, { overlapPolicy: 'BUFFER_ALL' })).toEqual({
      fires: 3,
      started: 1,
      buffered: 2,
      skipped: 0,
      failed: 0,
    });
    for (const hour of [1, 2]) {
      const running = (await executionsOf(engine.dataSource, scheduleId)).filter(
        (e) => e.status === 'RUNNING',
      );
      expect(running).toHaveLength(1);
      await engine.commands.stop(running[0]?.id as string);
      await scheduler.tick();
      const now = (await executionsOf(engine.dataSource, scheduleId)).filter((e) => e.status === 'RUNNING');
      expect(now.map((e) => e.scheduledTimeMs)).toEqual([T0 + hour * HOUR]);
    }
  });

  it('refuses a range with too many fire times, or backwards, with BAD_USER_INPUT', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      enabled: false,
    });
    await expect(
      commands.backfill(scheduleId, T0, T0 + 2 * MAX_BACKFILL_FIRES * MINUTE),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining(String(MAX_BACKFILL_FIRES)),
    });
    await expect(commands.backfill(scheduleId, T0 + MINUTE, T0)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await firesOf(engine.dataSource, scheduleId)).toEqual([]);
    await expect(commands.backfill('00000000-0000-4000-8000-000000000000', T0, T0)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('schedules that do not fire, or fire once', () => {
  it('never fires a paused schedule', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      enabled: false,
      armedAfterMs: T0 - 1,
    });
    await scheduler.tick(T0 + 5 * MINUTE);
    expect(await firesOf(engine.dataSource, scheduleId)).toEqual([]);
    expect(await cursorOf(engine.dataSource, scheduleId)).toEqual({ nextFireAtMs: T0, nextDueAtMs: T0 });
  });

  it('fires at() once, then has no next fire', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'at(2030-01-01T00:00:00)',
      armedAfterMs: T0 - HOUR,
    });
    await scheduler.tick(T0 + SECOND);
    await scheduler.tick(T0 + 2 * HOUR);
    expect((await firesOf(engine.dataSource, scheduleId)).map((f) => [f.scheduledTimeMs, f.outcome])).toEqual(
      [[T0, 'STARTED']],
    );
    expect(await cursorOf(engine.dataSource, scheduleId)).toEqual({ nextFireAtMs: null, nextDueAtMs: null });
  });
});

describe('fires that cannot start', () => {
  it('are FAILED with the cause, and neither block later fires nor other schedules', async () => {
    const doomedMachine = await engine.createMachine(PASS);
    const deleted = await insertSchedule(engine.dataSource, {
      stateMachineId: doomedMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      armedAfterMs: T0 - 1,
    });
    const tooLarge = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      input: { blob: 'x'.repeat(300 * 1024) },
      armedAfterMs: T0 - 1,
    });
    const healthy = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      armedAfterMs: T0 - 1,
    });
    await engine.dataSource.query('UPDATE state_machines SET deleted_at = now() WHERE id = $1', [
      doomedMachine,
    ]);
    const failedBefore = await metric(fired('failed'));

    await scheduler.tick(T0);
    await scheduler.tick(T0 + MINUTE);

    const deletedFires = await firesOf(engine.dataSource, deleted);
    expect(deletedFires.map((f) => f.outcome)).toEqual(['FAILED', 'FAILED']);
    expect(deletedFires[0]?.cause).toContain(`State machine ${doomedMachine}`);
    expect(deletedFires[0]?.cause).toContain('not found');
    const largeFires = await firesOf(engine.dataSource, tooLarge);
    expect(largeFires.map((f) => f.outcome)).toEqual(['FAILED', 'FAILED']);
    expect(largeFires[0]?.cause).toMatch(/^input /);
    expect((await firesOf(engine.dataSource, healthy)).map((f) => f.outcome)).toEqual(['STARTED', 'STARTED']);
    expect((await metric(fired('failed'))) - failedBefore).toBe(4);
    expect(await executionsOf(engine.dataSource, deleted)).toEqual([]);
  });
});

describe('jitter', () => {
  it('starts a fire once its jittered time has come, recording the fire time itself', async () => {
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 hour)',
      startAtMs: T0,
      jitterSeconds: 600,
      armedAfterMs: T0 - 1,
    });
    const { nextDueAtMs } = await cursorOf(engine.dataSource, scheduleId);
    const dueAtMs = nextDueAtMs as number;
    expect(dueAtMs).toBeGreaterThanOrEqual(T0);
    expect(dueAtMs).toBeLessThan(T0 + 600 * SECOND);

    await scheduler.tick(dueAtMs - 1);
    expect(await firesOf(engine.dataSource, scheduleId)).toEqual([]);
    await scheduler.tick(dueAtMs);
    expect((await executionsOf(engine.dataSource, scheduleId)).map((e) => e.scheduledTimeMs)).toEqual([T0]);
  });
});

describe('a stored schedule the expression module refuses now', () => {
  it('records its due fire FAILED with the reason and stops, while the others fire', async () => {
    const [row] = await engine.dataSource.query<{ id: string }[]>(
      `INSERT INTO schedules (name, state_machine_id, expression, timezone, next_fire_at, next_due_at)
       VALUES ('unknown-zone', $1, 'cron(0 * * * ? *)', 'Mars/Base', to_timestamp($2 / 1000.0), to_timestamp($2 / 1000.0))
       RETURNING id`,
      [passMachine, T0],
    );
    const broken = (row as { id: string }).id;
    const healthy = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression: 'rate(1 minute)',
      startAtMs: T0,
      armedAfterMs: T0 - 1,
    });

    await scheduler.tick(T0);

    const [fire, ...more] = await firesOf(engine.dataSource, broken);
    expect(more).toEqual([]);
    expect(fire).toMatchObject({ scheduledTimeMs: T0, outcome: 'FAILED' });
    expect(fire?.cause).toContain('Mars/Base');
    expect(await cursorOf(engine.dataSource, broken)).toEqual({ nextFireAtMs: null, nextDueAtMs: null });
    expect((await firesOf(engine.dataSource, healthy)).map((f) => f.outcome)).toEqual(['STARTED']);
  });
});

describe('daylight saving time', () => {
  async function localFires(
    expression: string,
    timezone: string,
    days: readonly string[],
  ): Promise<string[]> {
    const first = Date.parse(`${days[0]}T00:00:00Z`) - 12 * HOUR;
    const scheduleId = await insertSchedule(engine.dataSource, {
      stateMachineId: passMachine,
      expression,
      timezone,
      catchupWindowSeconds: 86_400,
      armedAfterMs: first,
    });
    for (const day of days) await scheduler.tick(Date.parse(`${day}T23:00:00Z`));
    return (await executionsOf(engine.dataSource, scheduleId)).map((e) => iso(e.scheduledTimeMs));
  }

  it('skips a local time that does not exist in spring (Europe/Berlin)', async () => {
    expect(
      await localFires('cron(30 2 * * ? *)', 'Europe/Berlin', ['2026-03-28', '2026-03-29', '2026-03-30']),
    ).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('fires a repeated local time in autumn once (America/New_York)', async () => {
    const fires = await localFires('cron(30 1 * * ? *)', 'America/New_York', [
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
    // 01:30 comes twice on 1 November (EDT, then EST): only the first, 05:30 UTC, fires.
    expect(fires).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });
});
