import fc from 'fast-check';
import { parseSchedule } from '../../../src/engine/schedules/expression/index.js';

const HALF_HOUR_MS = 1_800_000;
const HOUR_MS = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall clock at an instant, e.g. "2026-10-25 02:30:00", read by Intl independently of the module. */
function wallClock(timeZone: string, instantMs: number): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' });
    formats.set(timeZone, format);
  }
  return format.format(instantMs);
}

/**
 * The rules written out by brute force, for zones whose offsets are whole hours and shift by one
 * hour: walk every half hour after `afterMs`; fire where the wall clock matches and shows that time
 * for the first time (an hour earlier it showed something else).
 */
function expectedNext(
  timeZone: string,
  afterMs: number,
  matches: (hour: number, minute: number) => boolean,
): number {
  for (let t = (Math.floor(afterMs / HALF_HOUR_MS) + 1) * HALF_HOUR_MS; ; t += HALF_HOUR_MS) {
    const wall = wallClock(timeZone, t);
    const [hour, minute] = wall.slice(11, 16).split(':').map(Number);
    if (matches(hour, minute) && wallClock(timeZone, t - HOUR_MS) !== wall) return t;
  }
}

/** Instants within two days either side of each 2026 clock change in both zones. */
const nearAClockChange = fc
  .constantFrom(
    '2026-03-08T07:00:00Z',
    '2026-11-01T06:00:00Z',
    '2026-03-29T01:00:00Z',
    '2026-10-25T01:00:00Z',
  )
  .chain((change) =>
    fc.integer({ min: Date.parse(change) - 2 * 86_400_000, max: Date.parse(change) + 2 * 86_400_000 }),
  );

describe('cron fire times near clock changes, against a brute-force reading of the rules', () => {
  it.each([
    ['cron(0/30 1-3 * * ? *)', (hour: number, minute: number) => hour >= 1 && hour <= 3 && minute % 30 === 0],
    ['cron(30 2 * * ? *)', (hour: number, minute: number) => hour === 2 && minute === 30],
    ['cron(0 * * * ? *)', (_hour: number, minute: number) => minute === 0],
    ['30 1 * * *', (hour: number, minute: number) => hour === 1 && minute === 30],
  ])('%s', (expression, matches) => {
    for (const timezone of ['Europe/Berlin', 'America/New_York']) {
      const parsed = parseSchedule({ expression, timezone, startAtMs: null, endAtMs: null, anchorMs: 0 });
      fc.assert(
        fc.property(nearAClockChange, (afterMs) => {
          expect(parsed.nextAfter(afterMs)).toBe(expectedNext(timezone, afterMs, matches));
        }),
        { numRuns: 300 },
      );
    }
  });
});
