import { isAwsName } from '../../../src/common/identifiers.js';
import { jitterMs, parseSchedule } from '../../../src/engine/schedules/expression/index.js';
import { armedTimes } from '../../../src/engine/schedules/schedule.arming.js';
import { scheduleExecutionName } from '../../../src/engine/schedules/schedule-execution.name.js';
import {
  MAX_FIRES_PER_TICK,
  MAX_MISSED_SCAN,
  MAX_SKIPPED_ROWS,
  MIN_CATCHUP_WINDOW_MS,
  planFires,
} from '../../../src/engine/schedules/schedule.fire-plan.js';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const ID = '7d0c2a4e-5b1f-4c3a-9e8d-6f2b1a0c9d8e';

/** A rate() schedule in UTC counting from T0. */
function rateFromT0(expression: string) {
  return parseSchedule({ expression, timezone: 'UTC', startAtMs: T0, endAtMs: null, anchorMs: T0 });
}

function everyMinute() {
  return rateFromT0('rate(1 minute)');
}

function plan(nowMs: number, options: { window?: number; jitter?: number; cursorMs?: number } = {}) {
  return planFires(everyMinute(), {
    scheduleId: ID,
    cursorMs: options.cursorMs ?? T0,
    nowMs,
    catchupWindowSeconds: options.window ?? 120,
    jitterSeconds: options.jitter ?? 0,
  });
}

describe('planFires', () => {
  it('fires every time from the cursor up to now, in order', () => {
    expect(plan(T0 + 2 * MINUTE + 5 * SECOND, { window: 600 })).toEqual({
      skippedTimesMs: [],
      skippedCount: 0,
      fireTimesMs: [T0, T0 + MINUTE, T0 + 2 * MINUTE],
      lastDecidedMs: T0 + 2 * MINUTE,
    });
  });

  it('decides nothing before the cursor is due', () => {
    expect(plan(T0 - 1)).toEqual({
      skippedTimesMs: [],
      skippedCount: 0,
      fireTimesMs: [],
      lastDecidedMs: null,
    });
  });

  it('skips the fires missed by more than the catch-up window and runs the rest', () => {
    // Down from T0 to T0 + 10 min: with a 2-minute window, 00:08 is just inside.
    const result = plan(T0 + 10 * MINUTE, { window: 120 });
    expect(result.skippedTimesMs).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((m) => T0 + m * MINUTE));
    expect(result.skippedCount).toBe(8);
    expect(result.fireTimesMs).toEqual([8, 9, 10].map((m) => T0 + m * MINUTE));
    expect(result.lastDecidedMs).toBe(T0 + 10 * MINUTE);
  });

  it('never skips a fire late by less than the minimum window, even with a window of 0', () => {
    const result = plan(T0 + MIN_CATCHUP_WINDOW_MS, { window: 0 });
    expect(result.skippedCount).toBe(0);
    expect(result.fireTimesMs).toEqual([T0]);
  });

  it('counts the window from the end of the jitter, and waits for each fire’s jittered time', () => {
    const jitter = 30;
    const now = T0 + 3 * MINUTE + 2 * MIN_CATCHUP_WINDOW_MS;
    const result = plan(now, { window: 0, jitter });
    const due = (t: number) => t + jitterMs(ID, t, jitter);
    const all = [0, 1, 2, 3].map((m) => T0 + m * MINUTE);
    const skipped = all.filter((t) => t < now - MIN_CATCHUP_WINDOW_MS - jitter * SECOND);
    expect(result.skippedTimesMs).toEqual(skipped);
    const rest = all.filter((t) => !skipped.includes(t));
    const firstNotDue = rest.findIndex((t) => due(t) > now);
    expect(skipped.length).toBeGreaterThan(0);
    expect(result.fireTimesMs).toEqual(firstNotDue === -1 ? rest : rest.slice(0, firstNotDue));
  });

  it('writes rows for the latest skipped fires only, and counts the others', () => {
    const parsed = rateFromT0('rate(1 second)');
    const missed = 500;
    const now = T0 + (missed + 60) * SECOND;
    const result = planFires(parsed, {
      scheduleId: ID,
      cursorMs: T0,
      nowMs: now,
      catchupWindowSeconds: 60,
      jitterSeconds: 0,
    });
    expect(result.skippedCount).toBe(missed);
    expect(result.skippedTimesMs).toHaveLength(MAX_SKIPPED_ROWS);
    expect(result.skippedTimesMs[0]).toBe(T0 + (missed - MAX_SKIPPED_ROWS) * SECOND);
    expect(result.skippedTimesMs.at(-1)).toBe(T0 + (missed - 1) * SECOND);
    expect(result.fireTimesMs).toHaveLength(Math.min(61, MAX_FIRES_PER_TICK));
  });

  it('leaves a backlog longer than one scan to the next ticks, writing no row for its head', () => {
    const parsed = rateFromT0('rate(1 second)');
    const now = T0 + 86_400 * SECOND;
    const first = planFires(parsed, {
      scheduleId: ID,
      cursorMs: T0,
      nowMs: now,
      catchupWindowSeconds: 60,
      jitterSeconds: 0,
    });
    expect(first).toEqual({
      skippedTimesMs: [],
      skippedCount: MAX_MISSED_SCAN,
      fireTimesMs: [],
      lastDecidedMs: T0 + (MAX_MISSED_SCAN - 1) * SECOND,
    });
  });

  it('caps the fires run in one tick', () => {
    const parsed = rateFromT0('rate(1 second)');
    const result = planFires(parsed, {
      scheduleId: ID,
      cursorMs: T0,
      nowMs: T0 + 3_600_000,
      catchupWindowSeconds: 7200,
      jitterSeconds: 0,
    });
    expect(result.fireTimesMs).toHaveLength(MAX_FIRES_PER_TICK);
    expect(result.lastDecidedMs).toBe(T0 + (MAX_FIRES_PER_TICK - 1) * SECOND);
  });
});

describe('armedTimes', () => {
  it('is the next fire after a time, and its due time with the jitter', () => {
    expect(armedTimes(everyMinute(), ID, 0, T0)).toEqual({
      nextFireAtMs: T0 + MINUTE,
      nextDueAtMs: T0 + MINUTE,
    });
    const jittered = armedTimes(everyMinute(), ID, 20, T0);
    expect(jittered.nextDueAtMs).toBe(T0 + MINUTE + jitterMs(ID, T0 + MINUTE, 20));
  });

  it('is null when no fire is left', () => {
    const once = parseSchedule({
      expression: 'at(2030-01-01T00:00:00)',
      timezone: 'UTC',
      startAtMs: null,
      endAtMs: null,
      anchorMs: T0,
    });
    expect(armedTimes(once, ID, 5, T0 - 1).nextFireAtMs).toBe(T0);
    expect(armedTimes(once, ID, 5, T0)).toEqual({ nextFireAtMs: null, nextDueAtMs: null });
  });
});

describe('scheduleExecutionName', () => {
  it('derives the name from the kind, the schedule and the fire time, as a valid execution name', () => {
    expect(scheduleExecutionName('SCHEDULED', ID, T0)).toBe(`schedule-${ID}-20300101T000000Z`);
    expect(scheduleExecutionName('TRIGGERED', ID, T0 + 250)).toBe(`trigger-${ID}-20300101T000000.250Z`);
    const longest = scheduleExecutionName('BACKFILL', ID, T0 + 999);
    expect(longest).toBe(`backfill-${ID}-20300101T000000.999Z`);
    expect(isAwsName(longest)).toBe(true);
    expect(longest.length).toBeLessThanOrEqual(80);
  });
});
