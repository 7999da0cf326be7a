/**
 * ASL timestamps: RFC 3339 date-times with an uppercase `T` between date and time and a zone that is
 * either an uppercase `Z` or a numeric offset (`2016-03-14T01:59:00Z`, `2016-03-14T02:59:00.5+01:00`).
 * Date-only strings, a missing zone, a space or a lowercase `t`/`z` are not timestamps.
 *
 * Parsed by hand rather than with `Date.parse`: that function accepts many other shapes, rolls
 * `02-30` over into March, and keeps only milliseconds, while AWS keeps up to nanoseconds.
 */

const TIMESTAMP_SHAPE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000;
const SECONDS_PER_DAY = 86_400;

/** An instant as whole seconds since the Unix epoch plus the nanoseconds within that second. */
interface Instant {
  readonly epochSeconds: number;
  /** 0 to 999,999,999. */
  readonly nanos: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function parseInstant(value: string): Instant | undefined {
  const match = TIMESTAMP_SHAPE.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [fraction = '', offsetSign, offsetHour = '0', offsetMinute = '0'] = match.slice(7);
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    Number(offsetHour) <= 23 &&
    Number(offsetMinute) <= 59;
  if (!inRange) return undefined;
  const offsetSeconds =
    (offsetSign === '-' ? -1 : 1) * (Number(offsetHour) * 3600 + Number(offsetMinute) * 60);
  const epochSeconds =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetSeconds;
  return { epochSeconds, nanos: Number(fraction.padEnd(9, '0')) };
}

/**
 * Parses an ASL timestamp into milliseconds since the Unix epoch, rounding sub-millisecond digits
 * down, or returns `undefined` when `value` is not a timestamp AWS accepts.
 */
export function parseTimestamp(value: string): number | undefined {
  const instant = parseInstant(value);
  if (instant === undefined) return undefined;
  return instant.epochSeconds * 1000 + Math.floor(instant.nanos / NANOS_PER_MILLI);
}

/**
 * Parses an ASL timestamp into exact nanoseconds since the Unix epoch, so that Choice comparisons
 * tell apart instants that differ below a millisecond.
 */
export function parseTimestampNanos(value: string): bigint | undefined {
  const instant = parseInstant(value);
  if (instant === undefined) return undefined;
  return BigInt(instant.epochSeconds) * NANOS_PER_SECOND + BigInt(instant.nanos);
}
