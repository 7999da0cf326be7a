// A shifted wall clock for one engine process (docs/testing.md R12), loaded with `node --import`: every
// `Date.now()` and `new Date()` of the process (the engine's, pg-boss's, the logger's) reads
// STEPGRAPH_TEST_CLOCK_OFFSET_MS milliseconds ahead (or behind, when negative) of the real time,
// as on a machine whose clock drifted. Timers are left alone: they measure durations, not time.
import process from 'node:process';

const offsetMs = Number(process.env.STEPGRAPH_TEST_CLOCK_OFFSET_MS ?? '0');
const RealDate = Date;

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offsetMs;
  }
}

globalThis.Date = ShiftedDate;
