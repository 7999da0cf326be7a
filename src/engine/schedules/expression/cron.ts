import { Cron, type CronOptions } from 'croner';
import type { FireTimes } from './fire-times.js';
import { ScheduleExpressionError } from './schedule-expression.error.js';
import type { TimeZone } from './time-zone.js';

const EVENTBRIDGE_FIELDS = 'minutes hours day-of-month month day-of-week year';

/** Characters each EventBridge field may hold (names such as JAN or MON are letters). */
const EVENTBRIDGE_CHARACTERS: readonly [string, RegExp][] = [
  ['minutes', /^[0-9,*/-]+$/],
  ['hours', /^[0-9,*/-]+$/],
  ['day-of-month', /^[0-9,*/?LW-]+$/],
  ['month', /^[0-9A-Za-z,*/-]+$/],
  ['day-of-week', /^[0-9A-Za-z,*?L#-]+$/],
  ['year', /^[0-9,*/-]+$/],
];

const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;

/**
 * croner matches the fields; it runs on wall times in UTC so that DST is decided here, as
 * EventBridge Scheduler defines it, rather than croner's Vixie-cron rules (which run a fixed time
 * that falls in the spring gap after the gap, and interval jobs twice in the repeated hour).
 * A fixed utcOffset rather than timezone 'UTC' keeps croner off Intl: an order of magnitude faster.
 * sloppyRanges admits EventBridge's `0/15` steps.
 */
const WALL_TIME: CronOptions = { utcOffset: 0, sloppyRanges: true };

/** `cron(minutes hours day-of-month month day-of-week year)` as EventBridge Scheduler reads it. */
export function eventBridgeCron(expression: string, body: string, zone: TimeZone): FireTimes {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      `cron() takes 6 fields (${EVENTBRIDGE_FIELDS}); got ${body.trim() ? fields.length : 0}`,
    );
  }
  fields.forEach((field, index) => {
    const [name, allowed] = EVENTBRIDGE_CHARACTERS[index];
    if (!allowed.test(field))
      throw new ScheduleExpressionError(`cron() ${name} field "${field}" is not valid`);
  });
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(
      `cron() needs "?" in exactly one of day-of-month and day-of-week; got "${dayOfMonth}" and "${dayOfWeek}"`,
    );
  }
  for (const [name, field] of [
    ['day-of-month', dayOfMonth],
    ['day-of-week', dayOfWeek],
  ] as const) {
    if (field !== '?' && field.includes('?')) {
      throw new ScheduleExpressionError(`cron() ${name} field "${field}": "?" stands alone`);
    }
  }
  checkWeekdays(dayOfWeek);
  checkYears(year);
  // A lone L in day-of-week is the last day of the week: Saturday (7 with 1 = Sunday).
  const weekday = dayOfWeek === 'L' ? '7' : dayOfWeek;
  const pattern = ['0', minutes, hours, dayOfMonth, month, weekday, year]
    .map((f) => (f === '?' ? '*' : f))
    .join(' ');
  return cronFireTimes(
    expression,
    pattern,
    { ...WALL_TIME, mode: '7-part', alternativeWeekdays: true, domAndDow: true },
    zone,
  );
}

/** A standard five-field cron, or six fields with seconds first (day-of-week 0-7, Sunday = 0 or 7). */
export function standardCron(expression: string, zone: TimeZone): FireTimes {
  const fields = expression.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new ScheduleExpressionError(
      `"${expression}" is not an expression: use cron(${EVENTBRIDGE_FIELDS}), a standard cron of 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, rate(N unit) or at(yyyy-mm-ddThh:mm:ss)`,
    );
  }
  return cronFireTimes(
    expression,
    fields.join(' '),
    { ...WALL_TIME, mode: fields.length === 5 ? '5-part' : '6-part' },
    zone,
  );
}

/** croner would wrap 8 round to Sunday; EventBridge numbers the days 1 (SUN) to 7 (SAT). */
function checkWeekdays(field: string): void {
  for (const item of field.split(',')) {
    const days = item.replace(/#\d+$/, '').match(/\d+/g) ?? [];
    if (days.some((day) => Number(day) < 1 || Number(day) > 7)) {
      throw new ScheduleExpressionError(
        `cron() day-of-week field "${field}": days run from 1 (SUN) to 7 (SAT)`,
      );
    }
  }
}

function checkYears(field: string): void {
  for (const item of field.split(',')) {
    const [range] = item.split('/');
    if (range === '*') continue;
    for (const value of range.split('-')) {
      const year = Number(value);
      if (value === '' || !Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
        throw new ScheduleExpressionError(
          `cron() year field "${field}": years run from ${FIRST_YEAR} to ${LAST_YEAR}`,
        );
      }
    }
  }
}

function cronFireTimes(expression: string, pattern: string, options: CronOptions, zone: TimeZone): FireTimes {
  let cron: Cron;
  try {
    cron = new Cron(pattern, options);
  } catch (error) {
    const reason = (error as Error).message.replace(/^CronPattern:\s*/, '');
    throw new ScheduleExpressionError(`${expression} is not a valid cron expression: ${reason}`);
  }
  return {
    firstAfter(afterMs) {
      // Wall times only move back in the repeated autumn hour, whose fires already happened on its
      // first pass; so the search starts at the wall time of afterMs and moves forward.
      let wall = cron.nextRun(new Date(zone.wallTime(afterMs)));
      while (wall !== null) {
        const instant = zone.firstInstantOf(wall.getTime());
        if (instant !== null && instant > afterMs) return instant;
        wall = cron.nextRun(wall);
      }
      return null;
    },
  };
}
