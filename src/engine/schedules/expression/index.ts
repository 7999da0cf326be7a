import { at } from './at.js';
import { eventBridgeCron, standardCron } from './cron.js';
import type { FireTimes } from './fire-times.js';
import { rate } from './rate.js';
import { ScheduleExpressionError } from './schedule-expression.error.js';
import { timeZone } from './time-zone.js';

export { jitterMs } from './jitter.js';
export { ScheduleExpressionError } from './schedule-expression.error.js';

export interface ScheduleSpec {
  /** cron(...) EventBridge 6 fields, 5/6-field standard cron, rate(N unit), at(yyyy-mm-ddThh:mm:ss) */
  readonly expression: string;
  /** IANA, 'UTC' default applied by callers */
  readonly timezone: string;
  readonly startAtMs: number | null;
  readonly endAtMs: number | null;
  /** where rate() counts from: startAt ?? the schedule's created_at */
  readonly anchorMs: number;
}

export interface ParsedSchedule {
  readonly kind: 'cron' | 'rate' | 'at';
  /** First fire time strictly after afterMs inside [startAt, endAt]; null when none is left. */
  nextAfter(afterMs: number): number | null;
  /** Fire times in (fromMs, toMs], ascending, at most `limit`. */
  between(fromMs: number, toMs: number, limit: number): number[];
}

/** Parses a schedule's expression in its time zone; throws ScheduleExpressionError naming what is wrong. */
export function parseSchedule(spec: ScheduleSpec): ParsedSchedule {
  const { startAtMs, endAtMs } = spec;
  if (startAtMs !== null && endAtMs !== null && endAtMs < startAtMs) {
    throw new ScheduleExpressionError('endAt must not be before startAt');
  }
  const zone = timeZone(spec.timezone);
  const expression = spec.expression.trim();
  const call = /^(cron|rate|at)\((.*)\)$/s.exec(expression);
  const kind = call ? (call[1] as ParsedSchedule['kind']) : 'cron';
  let times: FireTimes;
  if (!call) times = standardCron(expression, zone);
  else if (kind === 'cron') times = eventBridgeCron(expression, call[2], zone);
  else if (kind === 'rate') times = rate(expression, call[2], spec.anchorMs);
  else times = at(expression, call[2], zone);

  const nextAfter = (afterMs: number): number | null => {
    let next = times.firstAfter(startAtMs !== null && startAtMs > afterMs ? startAtMs - 1 : afterMs);
    while (next !== null && startAtMs !== null && next < startAtMs) next = times.firstAfter(next);
    return next !== null && (endAtMs === null || next <= endAtMs) ? next : null;
  };
  return {
    kind,
    nextAfter,
    between(fromMs, toMs, limit) {
      const fires: number[] = [];
      for (
        let next = nextAfter(fromMs);
        next !== null && next <= toMs && fires.length < limit;
        next = nextAfter(next)
      ) {
        fires.push(next);
      }
      return fires;
    },
  };
}
