import fc from 'fast-check';
import { epochMsToDateTimeString } from '../../src/common/date-time.js';

/** The instant `micros` microseconds after the epoch as PostgreSQL's to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'). */
function exactText(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/**
 * What node-pg hands over for `(extract(epoch FROM t) * 1000)::float8`: PostgreSQL computes the
 * milliseconds exactly as a numeric and casts once to the nearest double, as Number() does.
 */
function epochMsAsFloat(micros: number): number {
  return Number(`${Math.floor(micros / 1000)}.${String(micros % 1000).padStart(3, '0')}`);
}

/** 2100-01-01T00:00:00Z in microseconds. */
const YEAR_2100_MICROS = 4_102_444_800_000_000;

describe('epochMsToDateTimeString', () => {
  it('recovers every microsecond of an instant from its float epoch milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: YEAR_2100_MICROS }), (micros) => {
        expect(epochMsToDateTimeString(epochMsAsFloat(micros))).toBe(exactText(micros));
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes whole seconds and the last microsecond of a second in full', () => {
    expect(epochMsToDateTimeString(epochMsAsFloat(1_767_225_600_000_000))).toBe(
      '2026-01-01T00:00:00.000000Z',
    );
    expect(epochMsToDateTimeString(epochMsAsFloat(1_767_225_600_999_999))).toBe(
      '2026-01-01T00:00:00.999999Z',
    );
  });
});
