import {
  jitterMs,
  parseSchedule,
  ScheduleExpressionError,
  type ScheduleSpec,
} from '../../../src/engine/schedules/expression/index.js';

const JAN_1 = Date.parse('2026-01-01T00:00:00Z');

function parse(expression: string, spec: Partial<ScheduleSpec> = {}) {
  return parseSchedule({
    expression,
    timezone: 'UTC',
    startAtMs: null,
    endAtMs: null,
    anchorMs: JAN_1,
    ...spec,
  });
}

function iso(times: number[]): string[] {
  return times.map((ms) => new Date(ms).toISOString());
}

function refusal(expression: string, spec: Partial<ScheduleSpec> = {}): string {
  try {
    parse(expression, spec);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleExpressionError);
    return (error as Error).message;
  }
  throw new Error(`${expression} was accepted`);
}

describe('EventBridge cron()', () => {
  it('reads minutes, hours, day-of-month, month, day-of-week (1-7 = SUN-SAT) and year', () => {
    // 10:15 on weekdays: 2-6 is MON-FRI; 2026-01-01 is a Thursday.
    expect(
      iso(parse('cron(15 10 ? * 2-6 *)').between(JAN_1, Date.parse('2026-01-06T00:00:00Z'), 10)),
    ).toEqual(['2026-01-01T10:15:00.000Z', '2026-01-02T10:15:00.000Z', '2026-01-05T10:15:00.000Z']);
    expect(
      parse('cron(0 8 ? * MON-FRI *)').between(JAN_1, Date.parse('2026-01-06T00:00:00Z'), 10),
    ).toHaveLength(3);
    expect(iso(parse('cron(0 8 ? * 1 *)').between(JAN_1, Date.parse('2026-01-12T00:00:00Z'), 10))).toEqual([
      '2026-01-04T08:00:00.000Z',
      '2026-01-11T08:00:00.000Z',
    ]);
  });

  it('reads steps, lists and ranges', () => {
    expect(
      iso(parse('cron(0/20 9,17 1 JAN ? *)').between(JAN_1, Date.parse('2026-01-02T00:00:00Z'), 10)),
    ).toEqual([
      '2026-01-01T09:00:00.000Z',
      '2026-01-01T09:20:00.000Z',
      '2026-01-01T09:40:00.000Z',
      '2026-01-01T17:00:00.000Z',
      '2026-01-01T17:20:00.000Z',
      '2026-01-01T17:40:00.000Z',
    ]);
  });

  it('reads L, W and # in the day fields', () => {
    const year = (expression: string) =>
      iso(parse(expression).between(JAN_1, Date.parse('2026-04-01T00:00:00Z'), 10));
    expect(year('cron(0 12 L * ? *)')).toEqual([
      '2026-01-31T12:00:00.000Z',
      '2026-02-28T12:00:00.000Z',
      '2026-03-31T12:00:00.000Z',
    ]);
    // The weekday nearest the 15th: 2026-02-15 is a Sunday, 2026-03-15 a Sunday too.
    expect(year('cron(0 12 15W * ? *)')).toEqual([
      '2026-01-15T12:00:00.000Z',
      '2026-02-16T12:00:00.000Z',
      '2026-03-16T12:00:00.000Z',
    ]);
    // The third Friday (6 = FRI).
    expect(year('cron(0 12 ? * 6#3 *)')).toEqual([
      '2026-01-16T12:00:00.000Z',
      '2026-02-20T12:00:00.000Z',
      '2026-03-20T12:00:00.000Z',
    ]);
    // The last Friday, and a lone L: the last day of the week, Saturday.
    expect(year('cron(0 12 ? * 6L *)')).toHaveLength(3);
    expect(iso(parse('cron(0 12 ? * L *)').between(JAN_1, Date.parse('2026-01-11T00:00:00Z'), 10))).toEqual([
      '2026-01-03T12:00:00.000Z',
      '2026-01-10T12:00:00.000Z',
    ]);
  });

  it('fires only in the years the year field names; a year in the past leaves nothing', () => {
    expect(
      iso(parse('cron(0 0 1 1 ? 2030-2031)').between(JAN_1, Date.parse('2100-01-01T00:00:00Z'), 10)),
    ).toEqual(['2030-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z']);
    expect(parse('cron(0 0 1 1 ? 2020)').nextAfter(JAN_1)).toBeNull();
  });

  it('parses a date that never comes (30 February) but never fires it', () => {
    expect(parse('cron(0 0 30 2 ? *)').nextAfter(JAN_1)).toBeNull();
  });

  it.each([
    ['cron(0 12 * *)', 'cron() takes 6 fields (minutes hours day-of-month month day-of-week year); got 4'],
    [
      'cron(0 12 * * * 2026 1)',
      'cron() takes 6 fields (minutes hours day-of-month month day-of-week year); got 7',
    ],
    ['cron()', 'cron() takes 6 fields (minutes hours day-of-month month day-of-week year); got 0'],
    [
      'cron(0 12 * * * *)',
      'cron() needs "?" in exactly one of day-of-month and day-of-week; got "*" and "*"',
    ],
    [
      'cron(0 12 ? * ? *)',
      'cron() needs "?" in exactly one of day-of-month and day-of-week; got "?" and "?"',
    ],
    ['cron(0 ? 1 * ? *)', 'cron() hours field "?" is not valid'],
    ['cron(0 12 1 * ? 1969)', 'cron() year field "1969": years run from 1970 to 2199'],
    ['cron(0 12 1 * ? 2026-2200)', 'cron() year field "2026-2200": years run from 1970 to 2199'],
    ['cron(0 25 1 * ? *)', 'cron(0 25 1 * ? *) is not a valid cron expression: Invalid value for hour: 25'],
    ['cron(60 1 1 * ? *)', 'cron(60 1 1 * ? *) is not a valid cron expression'],
    ['cron(0 1 ? * 0 *)', 'cron() day-of-week field "0": days run from 1 (SUN) to 7 (SAT)'],
    ['cron(0 1 ? * 6-8 *)', 'cron() day-of-week field "6-8": days run from 1 (SUN) to 7 (SAT)'],
    ['cron(0 1 ? * 2#6 *)', 'cron(0 1 ? * 2#6 *) is not a valid cron expression'],
    ['cron(0 1 ? * +MON *)', 'cron() day-of-week field "+MON" is not valid'],
  ])('refuses %s', (expression, message) => {
    expect(refusal(expression)).toContain(message);
  });
});

describe('standard cron', () => {
  it('reads five fields with day-of-week 0-7, Sunday being 0 or 7', () => {
    const sundays = ['2026-01-04T08:00:00.000Z', '2026-01-11T08:00:00.000Z'];
    const to = Date.parse('2026-01-12T00:00:00Z');
    expect(iso(parse('0 8 * * 0').between(JAN_1, to, 10))).toEqual(sundays);
    expect(iso(parse('0 8 * * 7').between(JAN_1, to, 10))).toEqual(sundays);
  });

  it('matches day-of-month OR day-of-week when both are set, as cron does', () => {
    // The 1st (a Thursday) or a Monday.
    expect(
      iso(
        parse('0 8 1 * MON').between(
          Date.parse('2025-12-31T00:00:00Z'),
          Date.parse('2026-01-13T00:00:00Z'),
          10,
        ),
      ),
    ).toEqual(['2026-01-01T08:00:00.000Z', '2026-01-05T08:00:00.000Z', '2026-01-12T08:00:00.000Z']);
  });

  it('reads six fields with seconds first', () => {
    expect(iso(parse('*/20 0 10 * * *').between(JAN_1, Date.parse('2026-01-01T10:01:00Z'), 10))).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:00:20.000Z',
      '2026-01-01T10:00:40.000Z',
    ]);
  });

  it.each([
    ['0 8 * *', 'a standard cron of 5 fields'],
    ['@daily', 'a standard cron of 5 fields'],
    ['0 0 8 * * * 2026', 'a standard cron of 5 fields'],
    ['every day', 'a standard cron of 5 fields'],
    ['0 8 * * 8', '0 8 * * 8 is not a valid cron expression'],
    ['', 'is not an expression'],
  ])('refuses %j', (expression, message) => {
    expect(refusal(expression)).toContain(message);
  });
});

describe('rate()', () => {
  it('counts from the anchor, so a fire time does not depend on when it is asked', () => {
    const parsed = parse('rate(5 minutes)', { anchorMs: Date.parse('2026-01-01T00:02:30Z') });
    expect(
      iso(parsed.between(Date.parse('2026-01-01T01:00:00Z'), Date.parse('2026-01-01T01:15:00Z'), 10)),
    ).toEqual(['2026-01-01T01:02:30.000Z', '2026-01-01T01:07:30.000Z', '2026-01-01T01:12:30.000Z']);
    expect(parsed.nextAfter(Date.parse('2026-01-01T01:02:30Z'))).toBe(Date.parse('2026-01-01T01:07:30Z'));
    expect(parsed.nextAfter(Date.parse('2026-01-01T01:02:29.999Z'))).toBe(Date.parse('2026-01-01T01:02:30Z'));
  });

  it.each([
    ['rate(1 second)', 1000],
    ['rate(1 seconds)', 1000],
    ['rate(30 seconds)', 30_000],
    ['rate(1 minute)', 60_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(3 days)', 259_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate( 7  minutes )', 420_000],
  ])('%s fires every %i ms', (expression, intervalMs) => {
    expect(parse(expression).between(JAN_1, JAN_1 + 3 * intervalMs, 10)).toEqual([
      JAN_1 + intervalMs,
      JAN_1 + 2 * intervalMs,
      JAN_1 + 3 * intervalMs,
    ]);
  });

  it('lists a day of rate(1 second) with all 86,400 fires', () => {
    const fires = parse('rate(1 second)').between(JAN_1, JAN_1 + 86_400_000, 100_000);
    expect(fires).toHaveLength(86_400);
    expect(fires[0]).toBe(JAN_1 + 1000);
    expect(fires[86_399]).toBe(JAN_1 + 86_400_000);
  });

  it.each([
    ['rate(0 minutes)', 'rate() value must be a positive whole number; got "0"'],
    ['rate(-5 minutes)', 'rate() value must be a positive whole number; got "-5"'],
    ['rate(1.5 hours)', 'rate() value must be a positive whole number; got "1.5"'],
    ['rate(5 weeks)', 'rate() unit must be one of second(s), minute(s), hour(s), day(s); got "weeks"'],
    ['rate(5 minute)', 'rate() unit must be plural when the value is not 1: "5 minutes"'],
    ['rate(5)', 'rate() takes a value and a unit'],
    ['rate(99999999999999 days)', 'is too long'],
  ])('refuses %s', (expression, message) => {
    expect(refusal(expression)).toContain(message);
  });
});

describe('at()', () => {
  it('fires once at that local time in the time zone, then never again', () => {
    const parsed = parse('at(2026-12-24T09:00:00)', { timezone: 'Europe/Berlin' });
    const fire = Date.parse('2026-12-24T08:00:00Z');
    expect(parsed.kind).toBe('at');
    expect(parsed.nextAfter(JAN_1)).toBe(fire);
    expect(parsed.nextAfter(fire)).toBeNull();
    expect(parsed.between(JAN_1, Date.parse('2027-01-01T00:00:00Z'), 10)).toEqual([fire]);
  });

  it.each([
    ['at(2026-12-24 09:00:00)', 'at() takes a local date and time yyyy-mm-ddThh:mm:ss'],
    ['at(2026-12-24T09:00)', 'at() takes a local date and time yyyy-mm-ddThh:mm:ss'],
    ['at(2026-12-24T09:00:00Z)', 'at() takes a local date and time yyyy-mm-ddThh:mm:ss'],
    ['at(2026-02-30T09:00:00)', 'at(2026-02-30T09:00:00) is not a date and time that exists on the calendar'],
    ['at(2026-12-24T24:00:00)', 'is not a date and time that exists on the calendar'],
  ])('refuses %s', (expression, message) => {
    expect(refusal(expression)).toContain(message);
  });
});

describe('time zone', () => {
  it('evaluates a cron in the schedule time zone', () => {
    expect(
      iso(parse('cron(0 9 * * ? *)', { timezone: 'Asia/Kolkata' }).between(JAN_1, JAN_1 + 86_400_000, 10)),
    ).toEqual(['2026-01-01T03:30:00.000Z']);
  });

  it.each(['Mars/Base', 'Europe/Berlinn', '+01:00', '', 'UTC '])(
    'refuses the unknown time zone %j',
    (timezone) => {
      expect(refusal('rate(1 hour)', { timezone })).toBe(
        `unknown time zone "${timezone}": use an IANA name such as "Europe/Berlin" or "UTC"`,
      );
    },
  );
});

describe('the startAt / endAt window', () => {
  const startAtMs = Date.parse('2026-01-01T10:00:00Z');
  const endAtMs = Date.parse('2026-01-01T12:00:00Z');

  it('includes fires exactly at startAt and endAt and none outside', () => {
    const parsed = parse('cron(0 * * * ? *)', { startAtMs, endAtMs });
    expect(iso(parsed.between(JAN_1, Date.parse('2026-01-02T00:00:00Z'), 10))).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T11:00:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ]);
    expect(parsed.nextAfter(JAN_1)).toBe(startAtMs);
    expect(parsed.nextAfter(endAtMs)).toBeNull();
  });

  it('starts rate() at startAt, its anchor', () => {
    const parsed = parse('rate(45 minutes)', { startAtMs, endAtMs, anchorMs: startAtMs });
    expect(iso(parsed.between(JAN_1, Date.parse('2026-01-02T00:00:00Z'), 10))).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:45:00.000Z',
      '2026-01-01T11:30:00.000Z',
    ]);
  });

  it('leaves out an at() outside the window', () => {
    expect(parse('at(2026-01-01T09:00:00)', { startAtMs }).nextAfter(JAN_1)).toBeNull();
    expect(parse('at(2026-01-01T13:00:00)', { endAtMs }).nextAfter(JAN_1)).toBeNull();
  });

  it('refuses an endAt before startAt', () => {
    expect(refusal('rate(1 hour)', { startAtMs: endAtMs, endAtMs: startAtMs })).toBe(
      'endAt must not be before startAt',
    );
  });
});

describe('between', () => {
  it('returns at most `limit` fire times, the earliest ones', () => {
    const parsed = parse('cron(* * * * ? *)');
    expect(parsed.between(JAN_1, JAN_1 + 86_400_000, 3)).toEqual([
      JAN_1 + 60_000,
      JAN_1 + 120_000,
      JAN_1 + 180_000,
    ]);
    expect(parsed.between(JAN_1, JAN_1 + 86_400_000, 0)).toEqual([]);
  });

  it('excludes fromMs and includes toMs', () => {
    const parsed = parse('cron(0 * * * ? *)');
    const oneAm = JAN_1 + 3_600_000;
    expect(parsed.between(JAN_1, oneAm, 10)).toEqual([oneAm]);
    expect(parsed.between(oneAm, oneAm + 3_600_000, 10)).toEqual([oneAm + 3_600_000]);
  });
});

describe('jitterMs', () => {
  const id = '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f';

  it('is the same for the same schedule and fire time, and within [0, jitterSeconds * 1000)', () => {
    const delays = Array.from({ length: 1000 }, (_, i) => jitterMs(id, JAN_1 + i * 1000, 30));
    expect(delays.every((ms) => Number.isInteger(ms) && ms >= 0 && ms < 30_000)).toBe(true);
    expect(Array.from({ length: 1000 }, (_, i) => jitterMs(id, JAN_1 + i * 1000, 30))).toEqual(delays);
    // Spread out rather than constant: a sha256 of 1000 fire times covers most of the span.
    expect(new Set(delays).size).toBeGreaterThan(900);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(25_000);
  });

  it('differs between schedules for the same fire time', () => {
    expect(jitterMs(id, JAN_1, 3600)).not.toBe(jitterMs('5f0c8b6e-1d2a-4e3b-8c4d-6a7b8c9d0e1f', JAN_1, 3600));
  });

  it('is 0 without jitter', () => {
    expect(jitterMs(id, JAN_1, 0)).toBe(0);
  });
});
