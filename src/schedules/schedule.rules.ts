import type { ErrorDetail } from '../common/app-error.js';

/** The longest schedule name; the table's CHECK says the same. */
export const MAX_SCHEDULE_NAME_LENGTH = 64;

/** The table's rule for schedule names (`schedules_name_format`). */
export const SCHEDULE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export const DEFAULT_TIMEZONE = 'UTC';
export const DEFAULT_CATCHUP_WINDOW_SECONDS = 60;

/** A week: a longer catch-up would flood a machine with the fires of a long outage. */
export const MAX_CATCHUP_WINDOW_SECONDS = 7 * 24 * 3600;

/** A day: jitter spreads fires within their period; more than a day hides when a schedule runs. */
export const MAX_JITTER_SECONDS = 24 * 3600;

/** The most fire times one `nextFireTimes` preview computes. */
export const MAX_FIRE_TIMES_PREVIEW = 100;

/** What is wrong with a schedule name. */
export function scheduleNameProblems(name: string): ErrorDetail[] {
  if (name.length === 0 || name.length > MAX_SCHEDULE_NAME_LENGTH) {
    return [
      {
        path: 'name',
        message: `is ${name.length} characters long: a name has 1 to ${MAX_SCHEDULE_NAME_LENGTH} characters`,
      },
    ];
  }
  const other = /[^A-Za-z0-9_.-]/u.exec(name);
  return other
    ? [
        {
          path: 'name',
          message: `contains ${JSON.stringify(other[0])}: a name has only ASCII letters, digits, ".", "-" and "_"`,
        },
      ]
    : [];
}

/**
 * Whether the runtime's time zone database knows `timezone` as a region's name (Europe/Berlin):
 * Intl also takes offsets such as "+01:00", which have no daylight saving time to follow.
 */
function isKnownTimezone(timezone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timezone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function timezoneProblems(timezone: string): ErrorDetail[] {
  return isKnownTimezone(timezone)
    ? []
    : [
        {
          path: 'timezone',
          message: `unknown time zone ${JSON.stringify(timezone)}: use an IANA name such as "Europe/Berlin" or "UTC"`,
        },
      ];
}

/** A whole number of seconds in [0, max]. */
export function secondsProblems(field: string, value: number, max: number): ErrorDetail[] {
  return Number.isInteger(value) && value >= 0 && value <= max
    ? []
    : [{ path: field, message: `is ${value}: it must be a whole number of seconds from 0 to ${max}` }];
}

export function windowProblems(startAtMs: number | null, endAtMs: number | null): ErrorDetail[] {
  return startAtMs !== null && endAtMs !== null && startAtMs >= endAtMs
    ? [{ path: 'endAt', message: 'must be later than startAt' }]
    : [];
}

export function versionProblems(version: number | null): ErrorDetail[] {
  return version === null || (Number.isInteger(version) && version >= 1)
    ? []
    : [{ path: 'version', message: `is ${version}: a version is a whole number from 1` }];
}
