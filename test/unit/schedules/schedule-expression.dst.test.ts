import { parseSchedule } from '../../../src/engine/schedules/expression/index.js';

/** Fire times of `expression` in `timezone` in (from, to], as ISO strings in UTC. */
function fires(expression: string, timezone: string, from: string, to: string): string[] {
  const parsed = parseSchedule({ expression, timezone, startAtMs: null, endAtMs: null, anchorMs: 0 });
  return parsed.between(Date.parse(from), Date.parse(to), 100).map((ms) => new Date(ms).toISOString());
}

// Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z); 2026-10-25 03:00 CEST -> 02:00 CET (01:00Z).
// America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z).
describe('cron schedules across daylight saving time changes', () => {
  it('skips a daily time that does not exist on the spring-forward day (Europe/Berlin)', () => {
    expect(
      fires('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'),
    ).toEqual(['2026-03-27T01:30:00.000Z', '2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('skips a daily time that does not exist on the spring-forward day (America/New_York)', () => {
    expect(
      fires('cron(30 2 * * ? *)', 'America/New_York', '2026-03-06T12:00:00Z', '2026-03-10T12:00:00Z'),
    ).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
  });

  it('fires a daily time in the repeated autumn hour once, at its first occurrence (Europe/Berlin)', () => {
    expect(
      fires('cron(30 2 * * ? *)', 'Europe/Berlin', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z'),
    ).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('fires a daily time in the repeated autumn hour once, at its first occurrence (America/New_York)', () => {
    expect(
      fires('cron(30 1 * * ? *)', 'America/New_York', '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z'),
    ).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('leaves out the half hours the spring gap removes from an interval cron (Europe/Berlin)', () => {
    expect(
      fires('cron(0/30 1-3 * * ? *)', 'Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T03:00:00Z'),
    ).toEqual([
      '2026-03-29T00:00:00.000Z', // 01:00 CET
      '2026-03-29T00:30:00.000Z', // 01:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST: 02:00 and 02:30 do not exist
      '2026-03-29T01:30:00.000Z', // 03:30 CEST
    ]);
  });

  it('runs the repeated half hours of an interval cron once, on the first pass (Europe/Berlin)', () => {
    expect(
      fires('cron(0/30 1-3 * * ? *)', 'Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-25T04:00:00Z'),
    ).toEqual([
      '2026-10-24T23:00:00.000Z', // 01:00 CEST
      '2026-10-24T23:30:00.000Z', // 01:30 CEST
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; 02:00 and 02:30 CET (01:00Z, 01:30Z) do not fire again
      '2026-10-25T02:00:00.000Z', // 03:00 CET
      '2026-10-25T02:30:00.000Z', // 03:30 CET
    ]);
  });

  it('leaves out the half hours the spring gap removes from an interval cron (America/New_York)', () => {
    expect(
      fires('cron(0/30 1-3 * * ? *)', 'America/New_York', '2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z'),
    ).toEqual([
      '2026-03-08T06:00:00.000Z', // 01:00 EST
      '2026-03-08T06:30:00.000Z', // 01:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
      '2026-03-08T07:30:00.000Z', // 03:30 EDT
    ]);
  });

  it('runs the repeated half hours of an interval cron once, on the first pass (America/New_York)', () => {
    expect(
      fires('cron(0/30 1-3 * * ? *)', 'America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T09:00:00Z'),
    ).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:00 and 01:30 EST (06:00Z, 06:30Z) do not fire again
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-01T07:30:00.000Z', // 02:30 EST
      '2026-11-01T08:00:00.000Z', // 03:00 EST
      '2026-11-01T08:30:00.000Z', // 03:30 EST
    ]);
  });

  it('fires an hourly cron 23 times on the spring-forward day and 24 times on the fall-back day', () => {
    const spring = fires(
      'cron(0 * * * ? *)',
      'Europe/Berlin',
      '2026-03-28T22:59:59Z',
      '2026-03-29T21:59:59Z',
    );
    expect(spring).toHaveLength(23);
    expect(spring.slice(0, 3)).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
    ]);
    const autumn = fires(
      'cron(0 * * * ? *)',
      'Europe/Berlin',
      '2026-10-24T21:59:59Z',
      '2026-10-25T22:59:59Z',
    );
    expect(autumn).toHaveLength(24);
    // 02:00 CEST at 00:00Z, then 03:00 CET at 02:00Z: 02:00 CET (01:00Z) is the same wall time again.
    expect(autumn.slice(1, 4)).toEqual([
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('gives the same next fire whether asked before, during or after the repeated hour', () => {
    const parsed = parseSchedule({
      expression: 'cron(0/30 1-3 * * ? *)',
      timezone: 'Europe/Berlin',
      startAtMs: null,
      endAtMs: null,
      anchorMs: 0,
    });
    // 01:10Z is 02:10 CET, on the second pass through 02:00-03:00.
    expect(new Date(parsed.nextAfter(Date.parse('2026-10-25T01:10:00Z'))!).toISOString()).toBe(
      '2026-10-25T02:00:00.000Z',
    );
    // 00:40Z is 02:40 CEST, on the first pass.
    expect(new Date(parsed.nextAfter(Date.parse('2026-10-25T00:40:00Z'))!).toISOString()).toBe(
      '2026-10-25T02:00:00.000Z',
    );
    expect(new Date(parsed.nextAfter(Date.parse('2026-10-25T00:00:00Z'))!).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('applies the same DST rules to standard five- and six-field crons', () => {
    expect(fires('30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(fires('0 30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
      '2026-10-25T00:30:00.000Z',
    ]);
  });
});

describe('rate and at schedules across daylight saving time changes', () => {
  it('keeps rate() an absolute interval: 24 hours apart across the spring-forward day', () => {
    const parsed = parseSchedule({
      expression: 'rate(1 day)',
      timezone: 'Europe/Berlin',
      startAtMs: Date.parse('2026-03-28T09:00:00Z'),
      endAtMs: null,
      anchorMs: Date.parse('2026-03-28T09:00:00Z'),
    });
    expect(
      parsed.between(Date.parse('2026-03-28T00:00:00Z'), Date.parse('2026-03-31T00:00:00Z'), 10),
    ).toEqual([
      Date.parse('2026-03-28T09:00:00Z'),
      Date.parse('2026-03-29T09:00:00Z'),
      Date.parse('2026-03-30T09:00:00Z'),
    ]);
  });

  it('keeps rate() an absolute interval: every hour through the repeated autumn hour', () => {
    const parsed = parseSchedule({
      expression: 'rate(1 hour)',
      timezone: 'America/New_York',
      startAtMs: null,
      endAtMs: null,
      anchorMs: Date.parse('2026-11-01T00:00:00Z'),
    });
    expect(
      parsed.between(Date.parse('2026-11-01T04:00:00Z'), Date.parse('2026-11-01T08:00:00Z'), 10),
    ).toEqual([
      Date.parse('2026-11-01T05:00:00Z'),
      Date.parse('2026-11-01T06:00:00Z'),
      Date.parse('2026-11-01T07:00:00Z'),
      Date.parse('2026-11-01T08:00:00Z'),
    ]);
  });

  it('refuses an at() inside the spring gap, naming the time zone', () => {
    expect(() =>
      parseSchedule({
        expression: 'at(2026-03-29T02:30:00)',
        timezone: 'Europe/Berlin',
        startAtMs: null,
        endAtMs: null,
        anchorMs: 0,
      }),
    ).toThrow('at(2026-03-29T02:30:00) does not exist in Europe/Berlin');
  });

  it('fires an at() in the repeated autumn hour at its first occurrence', () => {
    const parsed = parseSchedule({
      expression: 'at(2026-11-01T01:30:00)',
      timezone: 'America/New_York',
      startAtMs: null,
      endAtMs: null,
      anchorMs: 0,
    });
    expect(parsed.nextAfter(0)).toBe(Date.parse('2026-11-01T05:30:00Z'));
  });
});
