/** RFC 3339 `date-time`: a date, a time and an explicit offset, e.g. `2026-11-22T01:55:00.123Z`. */
const RFC3339_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether a string is an RFC 3339 date-time that names a real instant. `Date.parse` alone is not
 * enough: it accepts many other formats and rolls `2026-02-30` over into March.
 */
export function isDateTimeString(value: string): boolean {
  const match = RFC3339_DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  return (
    calendarDay.getUTCFullYear() === year &&
    calendarDay.getUTCMonth() === month - 1 &&
    calendarDay.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 24 &&
    offsetMinutes < 60
  );
}

const MICROS_PER_MS = 1000;

/**
 * SQL for an instant column (or expression) as epoch milliseconds with its microsecond fraction,
 * a float8 node-pg hands over as a number: how every query reads an instant.
 */
export function epochMsSql(instant: string): string {
  return `(extract(epoch FROM ${instant}) * 1000)::float8`;
}

/**
 * An instant given as epoch milliseconds with a microsecond fraction (as {@link epochMsSql} reads
 * it) as RFC 3339 text with all six fraction digits, in UTC: the database's own precision,
 * which keyset cursors need (a millisecond `Date` would skip or repeat rows). The float is
 * within a quarter microsecond of the stored value until the year 2100, so rounding the fraction
 * recovers it exactly.
 */
export function epochMsToDateTimeString(epochMs: number): string {
  const wholeMs = Math.floor(epochMs);
  // Subtracting the whole part is exact, so only the fraction is rounded.
  const micros = wholeMs * MICROS_PER_MS + Math.round((epochMs - wholeMs) * MICROS_PER_MS);
  const milliseconds = Math.floor(micros / MICROS_PER_MS);
  const seconds = Math.floor(milliseconds / 1000);
  const fraction = String(micros - seconds * 1_000_000).padStart(6, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}
