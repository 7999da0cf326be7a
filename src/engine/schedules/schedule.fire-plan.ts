/**
 * Which fires of a due schedule one scheduler tick decides: pure, every time passed in, so that
 * catch-up can be tested with any clock.
 */
import { jitterMs, type ParsedSchedule } from './expression/index.js';

const MS_PER_SECOND = 1000;

/**
 * A fire is never skipped for being late by less than this, whatever the schedule's catch-up
 * window: a loaded scheduler may well be a few seconds late, and that is not downtime.
 */
export const MIN_CATCHUP_WINDOW_MS = 10_000;
/** Skipped fires written as rows per schedule and tick (the latest ones); the rest are only counted. */
export const MAX_SKIPPED_ROWS = 100;
/** Missed fire times looked at per schedule and tick; a longer backlog takes further ticks. */
export const MAX_MISSED_SCAN = 10_000;
/** Fires started (or buffered, skipped...) per schedule and tick; more wait for the next tick. */
export const MAX_FIRES_PER_TICK = 100;

/** What to decide for a schedule now. */
export interface FirePlan {
  /** Fires missed by more than the catch-up window that get a SKIPPED_CATCHUP row, ascending. */
  readonly skippedTimesMs: readonly number[];
  /** Every fire skipped by catch-up, those with a row included. */
  readonly skippedCount: number;
  /** Fires to run, ascending, each under the overlap policy. */
  readonly fireTimesMs: readonly number[];
  /** The last fire time decided, from which the cursor moves on; null when none was. */
  readonly lastDecidedMs: number | null;
}

export interface FirePlanInput {
  readonly scheduleId: string;
  /** `next_fire_at`: the first fire not decided yet. */
  readonly cursorMs: number;
  readonly nowMs: number;
  readonly catchupWindowSeconds: number;
  readonly jitterSeconds: number;
}

/**
 * The fires from the cursor up to now. Those whose time is more than the catch-up window (at
 * least {@link MIN_CATCHUP_WINDOW_MS}) plus the jitter before now were missed (the scheduler was
 * down) and are skipped; the others run in order, each once its jittered time has come.
 */
export function planFires(parsed: ParsedSchedule, input: FirePlanInput): FirePlan {
  const { scheduleId, cursorMs, nowMs, jitterSeconds } = input;
  const windowMs = Math.max(input.catchupWindowSeconds * MS_PER_SECOND, MIN_CATCHUP_WINDOW_MS);
  const skipBeforeMs = nowMs - windowMs - jitterSeconds * MS_PER_SECOND;
  const missed = timesFrom(parsed, cursorMs, skipBeforeMs - 1, MAX_MISSED_SCAN + MAX_SKIPPED_ROWS);
  if (missed.length === MAX_MISSED_SCAN + MAX_SKIPPED_ROWS) {
    // At least MAX_SKIPPED_ROWS more missed fires follow the first MAX_MISSED_SCAN: these are
    // not among the latest, so they are counted without rows and the next tick goes on.
    return {
      skippedTimesMs: [],
      skippedCount: MAX_MISSED_SCAN,
      fireTimesMs: [],
      lastDecidedMs: missed[MAX_MISSED_SCAN - 1] as number,
    };
  }
  let lastDecidedMs = missed.at(-1) ?? null;
  const fireTimesMs: number[] = [];
  let next: number | null = lastDecidedMs === null ? cursorMs : parsed.nextAfter(lastDecidedMs);
  while (
    next !== null &&
    fireTimesMs.length < MAX_FIRES_PER_TICK &&
    next + jitterMs(scheduleId, next, jitterSeconds) <= nowMs
  ) {
    fireTimesMs.push(next);
    lastDecidedMs = next;
    next = parsed.nextAfter(next);
  }
  return {
    skippedTimesMs: missed.slice(-MAX_SKIPPED_ROWS),
    skippedCount: missed.length,
    fireTimesMs,
    lastDecidedMs,
  };
}

/** `firstMs` (a fire time) and the fire times after it up to `toMs`, at most `limit`. */
function timesFrom(parsed: ParsedSchedule, firstMs: number, toMs: number, limit: number): number[] {
  if (firstMs > toMs) return [];
  return [firstMs, ...parsed.between(firstMs, toMs, limit - 1)];
}
