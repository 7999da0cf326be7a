import { describe, expect, it } from 'vitest';
import {
  countIterations,
  ExecutionHistory,
  prettyJson,
  timelineBars,
  visitStatus,
  type DetailEvent,
} from '../src/execution/execution-history';

const T0 = Date.UTC(2026, 11, 7, 0, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/**
 * Flaky (fails twice, then succeeds) → Each, a Map over two items whose iterations each run Line:
 * the shape the engine records (previousEventId chains each run; an iteration's chain begins with
 * MapIterationStarted, following the Map's MapStateStarted), iteration 1 failing.
 */
function recorded(): DetailEvent[] {
  const rows: Array<[number, number, string, string?, unknown?]> = [
    [1, 0, 'ExecutionStarted', undefined, { input: '{"items":[1,2]}' }],
    [2, 1, 'TaskStateEntered', 'Flaky', { name: 'Flaky', input: '{"items":[1,2]}' }],
    [3, 2, 'TaskScheduled', 'Flaky'],
    [4, 3, 'TaskFailed', 'Flaky', { error: 'States.TaskFailed', cause: 'first' }],
    [5, 4, 'TaskScheduled', 'Flaky'],
    [6, 5, 'TaskFailed', 'Flaky', { error: 'States.TaskFailed', cause: 'second' }],
    [7, 6, 'TaskScheduled', 'Flaky'],
    [8, 7, 'TaskSucceeded', 'Flaky', { output: '{"ok":true}' }],
    [9, 8, 'TaskStateExited', 'Flaky', { name: 'Flaky', output: '{"ok":true}' }],
    [10, 9, 'MapStateEntered', 'Each', { name: 'Each', input: '{}' }],
    [11, 10, 'MapStateStarted', 'Each', { length: 2 }],
    [12, 11, 'MapIterationStarted', 'Each', { name: 'Each', index: 0 }],
    [13, 11, 'MapIterationStarted', 'Each', { name: 'Each', index: 1 }],
    [14, 12, 'TaskStateEntered', 'Line', { name: 'Line', input: '1' }],
    [15, 13, 'TaskStateEntered', 'Line', { name: 'Line', input: '2' }],
    [16, 14, 'TaskStateExited', 'Line', { name: 'Line', output: '"one"' }],
    [17, 16, 'MapIterationSucceeded', 'Each', { name: 'Each', index: 0 }],
    [18, 15, 'TaskFailed', 'Line', { error: 'Boom', cause: 'item 2' }],
    [19, 18, 'MapIterationFailed', 'Each', { name: 'Each', index: 1 }],
    [20, 11, 'MapStateFailed', 'Each', {}],
    [21, 20, 'ExecutionFailed', undefined, { error: 'Boom' }],
  ];
  return rows.map(([seq, previousEventId, type, stateName, details]) => ({
    seq,
    previousEventId,
    type,
    stateName,
    timestamp: at(seq),
    details: details ?? {},
  }));
}

function historyOf(events: DetailEvent[]): ExecutionHistory {
  const history = new ExecutionHistory();
  for (const event of events) history.apply(event);
  return history;
}

describe('an execution history folded for the execution page', () => {
  it("gives a retried task's input, output, attempts and time spent from entered to exited", () => {
    const flaky = historyOf(recorded()).detailsOf('Flaky')!;
    expect(flaky.visits).toBe(1);
    expect(flaky.latest).toMatchObject({
      input: '{"items":[1,2]}',
      output: '{"ok":true}',
      attempts: 3,
      // The last failure before the success stays readable.
      error: 'States.TaskFailed',
      cause: 'second',
      enteredAt: at(2),
      exitedAt: at(9),
    });
    expect(visitStatus(flaky.latest)).toBe('SUCCEEDED');
  });

  it("tells each Map iteration's events apart by their previousEventId chain and counts them by status", () => {
    const history = historyOf(recorded());
    const iterations = history.iterationsOf('Each');
    expect(iterations.map(({ index, run, status }) => ({ index, run, status }))).toEqual([
      { index: 0, run: 'Each#0', status: 'SUCCEEDED' },
      { index: 1, run: 'Each#1', status: 'FAILED' },
    ]);
    expect(countIterations(iterations)).toEqual({ RUNNING: 0, SUCCEEDED: 1, FAILED: 1, ABORTED: 0 });
    // Across iterations the latest run shows, with the count of runs; one iteration shows its own.
    const all = history.detailsOf('Line')!;
    expect(all.visits).toBe(2);
    expect(all.latest).toMatchObject({ input: '2', error: 'Boom', cause: 'item 2' });
    const first = history.detailsOf('Line', 'Each#0')!;
    expect(first.visits).toBe(1);
    expect(first.latest).toMatchObject({ input: '1', output: '"one"' });
    expect(visitStatus(first.latest)).toBe('SUCCEEDED');
  });

  it("colours one iteration's states by that iteration's events alone", () => {
    const history = historyOf(recorded());
    expect(history.statuses().get('Line')).toBe('FAILED');
    expect(history.statusesAsOf(history.size, 'Each#0').get('Line')).toBe('SUCCEEDED');
    expect(history.statusesAsOf(history.size, 'Each#1').get('Line')).toBe('FAILED');
    // Outside the iteration nothing of it shows.
    expect(history.statusesAsOf(history.size, 'Each#0').has('Flaky')).toBe(false);
  });

  it('replays: no state started before the first event, the live colouring after the last, retrying between', () => {
    const history = historyOf(recorded());
    expect(history.statusesAsOf(0).size).toBe(0);
    expect(history.statusesAsOf(history.size)).toEqual(history.statuses());
    expect(history.statusesAsOf(4).get('Flaky')).toBe('FAILED');
    expect(history.statusesAsOf(5).get('Flaky')).toBe('RETRYING');
    expect(history.eventAt(5)).toMatchObject({ seq: 5, type: 'TaskScheduled', stateName: 'Flaky' });
  });

  it('counts every run of a state entered more than once (a loop) and shows the latest', () => {
    const history = historyOf([
      {
        seq: 1,
        previousEventId: 0,
        type: 'PassStateEntered',
        stateName: 'Loop',
        timestamp: at(0),
        details: { input: '1' },
      },
      {
        seq: 2,
        previousEventId: 1,
        type: 'PassStateExited',
        stateName: 'Loop',
        timestamp: at(1),
        details: { output: '2' },
      },
      {
        seq: 3,
        previousEventId: 2,
        type: 'PassStateEntered',
        stateName: 'Loop',
        timestamp: at(2),
        details: { input: '2' },
      },
    ]);
    const loop = history.detailsOf('Loop')!;
    expect(loop.visits).toBe(2);
    expect(loop.latest.input).toBe('2');
    expect(visitStatus(loop.latest)).toBe('RUNNING');
    expect(history.detailsOf('Never')).toBeUndefined();
  });

  it('ends the visits still going when the execution is stopped', () => {
    const history = historyOf([
      { seq: 1, previousEventId: 0, type: 'WaitStateEntered', stateName: 'Hold', timestamp: at(0) },
      { seq: 2, previousEventId: 1, type: 'ExecutionAborted', timestamp: at(5) },
    ]);
    const hold = history.detailsOf('Hold')!.latest;
    expect(visitStatus(hold)).toBe('ABORTED');
    expect(hold.endedAt).toBe(at(5));
  });

  it("carries a Map's visit on through a redrive that resumes its iterations", () => {
    const history = historyOf([
      { seq: 1, previousEventId: 0, type: 'MapStateEntered', stateName: 'Each', timestamp: at(0) },
      { seq: 2, previousEventId: 1, type: 'MapStateStarted', stateName: 'Each', timestamp: at(0) },
      { seq: 3, previousEventId: 2, type: 'MapStateFailed', stateName: 'Each', timestamp: at(1) },
      { seq: 4, previousEventId: 3, type: 'ExecutionFailed', timestamp: at(1) },
      { seq: 5, previousEventId: 4, type: 'ExecutionRedriven', timestamp: at(5) },
      { seq: 6, previousEventId: 2, type: 'MapStateSucceeded', stateName: 'Each', timestamp: at(6) },
      {
        seq: 7,
        previousEventId: 6,
        type: 'MapStateExited',
        stateName: 'Each',
        timestamp: at(6),
        details: { output: '[]' },
      },
    ]);
    const each = history.detailsOf('Each')!;
    expect(each.visits).toBe(1);
    expect(each.latest).toMatchObject({ exitedAt: at(6), output: '[]' });
    // Succeeded after all: not a failure a Catcher took.
    expect(visitStatus(each.latest)).toBe('SUCCEEDED');
    expect(history.statuses().get('Each')).toBe('SUCCEEDED');
  });
});

describe('the timeline', () => {
  it('puts one bar per state entered on one axis from the first entry to the last end', () => {
    const history = historyOf(recorded());
    const bars = timelineBars(history.visits(), T0 + 60_000);
    expect(bars.map((bar) => bar.visit.state)).toEqual(['Flaky', 'Each', 'Line', 'Line']);
    const [flaky, each] = bars;
    // The axis runs 19 s: from 2 s (Flaky entered) to 21 s (the execution failed, ending the
    // second Line, which failed but never left).
    expect(flaky!.offset).toBe(0);
    expect(flaky!.durationMs).toBe(7000);
    expect(flaky!.width).toBeCloseTo(7 / 19);
    expect(each!.offset).toBeCloseTo(8 / 19);
    expect(each!.durationMs).toBe(10_000);
  });

  it('runs a bar still going to now, and gives an instant visit a visible sliver', () => {
    const history = historyOf([
      { seq: 1, previousEventId: 0, type: 'PassStateEntered', stateName: 'Quick', timestamp: at(0) },
      { seq: 2, previousEventId: 1, type: 'PassStateExited', stateName: 'Quick', timestamp: at(0) },
      { seq: 3, previousEventId: 2, type: 'WaitStateEntered', stateName: 'Hold', timestamp: at(0) },
    ]);
    const [quick, hold] = timelineBars(history.visits(), T0 + 10_000);
    expect(quick!.width).toBeGreaterThan(0);
    expect(hold!.durationMs).toBe(10_000);
    expect(hold!.width).toBe(1);
    expect(timelineBars([], T0)).toEqual([]);
  });
});

describe('payloads', () => {
  it('pretty-prints JSON text and leaves other text as it is', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('not json')).toBe('not json');
    expect(prettyJson(undefined)).toBeUndefined();
  });
});
