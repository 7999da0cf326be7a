import type { FireTimes } from './fire-times.js';
import { ScheduleExpressionError } from './schedule-expression.error.js';
import type { TimeZone } from './time-zone.js';

/** `at(yyyy-mm-ddThh:mm:ss)`: one fire at that wall time in the schedule's time zone. */
export function at(expression: string, body: string, zone: TimeZone): FireTimes {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
  if (!match)
    throw new ScheduleExpressionError(
      `at() takes a local date and time yyyy-mm-ddThh:mm:ss; got ${expression}`,
    );
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(wall);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  ) {
    throw new ScheduleExpressionError(`${expression} is not a date and time that exists on the calendar`);
  }
  const instant = zone.firstInstantOf(wall);
  if (instant === null) {
    throw new ScheduleExpressionError(
      `${expression} does not exist in ${zone.name}: the clocks skip that time when daylight saving time starts`,
    );
  }
  return { firstAfter: (afterMs) => (instant > afterMs ? instant : null) };
}
