import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isDateTimeString } from '../../common/date-time.js';

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
