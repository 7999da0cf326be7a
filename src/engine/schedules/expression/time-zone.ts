import { ScheduleExpressionError } from './schedule-expression.error.js';

const DAY_MS = 86_400_000;

/**
 * Wall-clock arithmetic in an IANA time zone. A "wall time" is the local date and time written as
 * if it were UTC (epoch ms of the local fields), so cron matching can run on it without a zone.
 */
export interface TimeZone {
  readonly name: string;
  /** The local wall time at an instant. */
  wallTime(instantMs: number): number;
  /**
   * The first instant at which the clocks show `wallMs`: null inside a spring-forward gap, the
   * earlier of the two when the autumn hour repeats.
   */
  firstInstantOf(wallMs: number): number | null;
}

const UTC: TimeZone = {
  name: 'UTC',
  wallTime: (instantMs) => instantMs,
  firstInstantOf: (wallMs) => wallMs,
};

const zones = new Map<string, TimeZone>();

export function timeZone(name: string): TimeZone {
  const known = zones.get(name);
  if (known) return known;
  const zone = name === 'UTC' ? UTC : ianaZone(name);
  zones.set(name, zone);
  return zone;
}

function ianaZone(name: string): TimeZone {
  // Intl also takes offsets such as "+01:00"; a schedule names a region so that DST applies.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) throw unknownZone(name);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw unknownZone(name);
  }
  const offsetAt = (instantMs: number): number => {
    const whole = Math.floor(instantMs / 1000) * 1000;
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(whole)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      fields.year,
      fields.month - 1,
      fields.day,
      fields.hour,
      fields.minute,
      fields.second,
    );
    return wall - whole;
  };
  return {
    name,
    wallTime: (instantMs) => instantMs + offsetAt(instantMs),
    firstInstantOf: (wallMs) => {
      // The offsets a day either side cover both sides of any one transition near wallMs; when
      // they agree there is none, and the one offset gives the instant.
      const before = offsetAt(wallMs - DAY_MS);
      const after = offsetAt(wallMs + DAY_MS);
      if (before === after) return wallMs - before;
      let first: number | null = null;
      for (const offset of [before, after]) {
        const instant = wallMs - offset;
        if (offsetAt(instant) === offset && (first === null || instant < first)) first = instant;
      }
      return first;
    },
  };
}

function unknownZone(name: string): ScheduleExpressionError {
  return new ScheduleExpressionError(
    `unknown time zone "${name}": use an IANA name such as "Europe/Berlin" or "UTC"`,
  );
}
