/**
 * Jest's order, plus one rule for a run without timings (a fresh clone, as in CI): the browser
 * files first. Jest starts the files it has no time for first, largest first; but a browser file,
 * though short, takes one of the three workers for a minute and a half or more (Chromium and a
 * booted service), and seven of them started last would leave a long tail on a single worker.
 * With timings cached from an earlier run, Jest's own order (slowest first) stands.
 */
const Sequencer = require('@jest/test-sequencer').default;

const SLOW_BY_NATURE = /\.browser\.test\.ts$/;

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = sorted.filter((test) => test.duration == null && SLOW_BY_NATURE.test(test.path));
    return [...first, ...sorted.filter((test) => !first.includes(test))];
  }
}

module.exports = SlowFirstSequencer;
