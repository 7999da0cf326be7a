import { jitterMs, type ParsedSchedule } from './expression/index.js';

/** A schedule's cursor: its next nominal fire time, and when the scheduler takes it (plus jitter). */
export interface ArmedTimes {
  readonly nextFireAtMs: number | null;
  readonly nextDueAtMs: number | null;
}

/**
 * The cursor after `afterMs`: `schedules.next_fire_at` and `next_due_at`, both null when the
 * schedule has no fire left. The one copy of this arithmetic, for the API (create, update,
 * resume: `afterMs` is the database's now) and the scheduler (after the fires it decided).
 */
export function armedTimes(
  parsed: ParsedSchedule,
  scheduleId: string,
  jitterSeconds: number,
  afterMs: number,
): ArmedTimes {
  const nextFireAtMs = parsed.nextAfter(afterMs);
  if (nextFireAtMs === null) return { nextFireAtMs: null, nextDueAtMs: null };
  return { nextFireAtMs, nextDueAtMs: nextFireAtMs + jitterMs(scheduleId, nextFireAtMs, jitterSeconds) };
}
