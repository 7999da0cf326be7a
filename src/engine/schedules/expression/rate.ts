import type { FireTimes } from './fire-times.js';
import { ScheduleExpressionError } from './schedule-expression.error.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

const UNITS = 'second(s), minute(s), hour(s), day(s)';

/**
 * `rate(N unit)`: every N units of absolute time (DST does not move it), on the grid
 * anchorMs + k * interval for every integer k, so every process computes the same fire times.
 */
export function rate(expression: string, body: string, anchorMs: number): FireTimes {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(body);
  if (!match)
    throw new ScheduleExpressionError(
      `rate() takes a value and a unit, e.g. rate(5 minutes); got ${expression}`,
    );
  const [, value, unit] = match;
  const count = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ScheduleExpressionError(`rate() value must be a positive whole number; got "${value}"`);
  }
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  const unitMs = UNIT_MS[singular];
  if (unitMs === undefined)
    throw new ScheduleExpressionError(`rate() unit must be one of ${UNITS}; got "${unit}"`);
  if (count !== 1 && singular === unit) {
    throw new ScheduleExpressionError(
      `rate() unit must be plural when the value is not 1: "${count} ${unit}s"`,
    );
  }
  const intervalMs = count * unitMs;
  if (!Number.isSafeInteger(intervalMs))
    throw new ScheduleExpressionError(`rate() interval ${count} ${unit} is too long`);
  return {
    firstAfter: (afterMs) => anchorMs + (Math.floor((afterMs - anchorMs) / intervalMs) + 1) * intervalMs,
  };
}
