/**
 * What the sweeper does with an execution nothing keeps alive (docs/design.md §3 rule 6): repair
 * only when every stuck run's own row tells its next step, fail otherwise naming what was broken.
 */
import {
  stuckCause,
  stuckVerdict,
  STUCK_INVARIANT,
  type StuckRun,
} from '../../src/engine/sweeper/stuck-execution.verdict.js';

function run(overrides: Partial<StuckRun>): StuckRun {
  return {
    id: 'r1',
    fence: 3,
    stateName: 'S',
    waitingFor: null,
    redrivePending: false,
    childrenSucceeded: false,
    childRunning: false,
    childFailed: false,
    ...overrides,
  };
}

describe('stuckVerdict', () => {
  it.each([
    ['ready to start', run({ waitingFor: null })],
    ['left to continue', run({ waitingFor: 'continue' })],
    ['waiting for a timer', run({ waitingFor: 'timer' })],
    ['to be redriven', run({ waitingFor: 'task', redrivePending: true })],
    ['joining children that all succeeded', run({ waitingFor: 'children', childrenSucceeded: true })],
    ['joining a failed child', run({ waitingFor: 'children', childFailed: true })],
  ])('repairs a run %s with its run job', (_, stuck) => {
    const verdict = stuckVerdict([stuck]);
    expect(verdict).toMatchObject({ action: 'repaired', runs: [stuck] });
  });

  it.each([
    ['no running run', [], 'none of its runs is running'],
    ['a run waiting for a task that is not open', [run({ waitingFor: 'task' })], 'waits for a task attempt'],
    ['a fan-out with only pending children', [run({ waitingFor: 'children' })], 'none of which runs'],
    ['an unknown wait', [run({ waitingFor: 'dream' })], 'waits for "dream"'],
  ])('fails an execution with %s', (_, runs, reason) => {
    const verdict = stuckVerdict(runs);
    expect(verdict.action).toBe('failed');
    expect(verdict.reason).toContain(reason);
  });

  it('fails the whole execution when one run is broken, even if another could be repaired', () => {
    const verdict = stuckVerdict([
      run({ id: 'a', waitingFor: 'timer' }),
      run({ id: 'b', waitingFor: 'task' }),
    ]);
    expect(verdict).toMatchObject({ action: 'failed', reason: expect.stringContaining('run b') });
  });

  it('leaves a parent whose child runs to that child, and repairs only what is ready', () => {
    const parent = run({ id: 'p', waitingFor: 'children', childRunning: true });
    const child = run({ id: 'c', waitingFor: 'continue' });
    expect(stuckVerdict([parent, child])).toMatchObject({ action: 'repaired', runs: [child] });
  });

  it('names the broken invariant in the cause', () => {
    expect(stuckCause('x')).toBe(`Stuck execution: ${STUCK_INVARIANT}, and this one had none (x)`);
  });
});
