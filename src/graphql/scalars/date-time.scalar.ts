import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

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

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !isDateTimeString(value)) {
    throw new GraphQLError(
      `DateTime must be an ISO-8601 date-time with an offset, like "2026-01-31T12:00:00Z"; got ${JSON.stringify(value)}`,
    );
  }
  return new Date(value);
}

/**
 * `DateTime`: an instant as an ISO-8601 (RFC 3339) string. Resolvers may return a `Date` or a
 * string that is already a date-time (payloads that went through Redis arrive as strings; a
 * database string may carry microseconds, which are kept). Inputs arrive as `Date`.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An instant as an ISO-8601 (RFC 3339) date-time string with an offset, e.g. 2026-01-31T12:00:00.000Z.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    if (typeof value === 'string' && isDateTimeString(value)) return value;
    throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
  },
  parseValue: parseDateTime,
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be written as a string, like "2026-01-31T12:00:00Z"', {
        nodes: node,
      });
    }
    return parseDateTime(node.value);
  },
});
