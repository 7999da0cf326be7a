import { errorMatches, errorOutput, type RaisedError } from '../../src/asl/error-matching.js';
import { backoffMs, decideRetry } from '../../src/asl/retry.js';
import type { Retrier } from '../../src/asl/index.js';

const never = () => {
  throw new Error('randomness is not drawn without JitterStrategy FULL');
};

describe('errorMatches', () => {
  it.each<[string, readonly string[], RaisedError, boolean]>([
    ['an exact name', ['Boom'], { error: 'Boom' }, true],
    ['another name', ['Other'], { error: 'Boom' }, false],
    ['States.ALL for a task error', ['States.ALL'], { error: 'Boom', fromTask: true }, true],
    ['States.ALL for States.Timeout', ['States.ALL'], { error: 'States.Timeout' }, true],
    ['States.ALL for States.Runtime', ['States.ALL'], { error: 'States.Runtime' }, false],
    ['States.Runtime by name', ['States.Runtime'], { error: 'States.Runtime' }, false],
    ['States.ALL for States.DataLimitExceeded', ['States.ALL'], { error: 'States.DataLimitExceeded' }, false],
    [
      'States.DataLimitExceeded by name',
      ['States.DataLimitExceeded'],
      { error: 'States.DataLimitExceeded' },
      true,
    ],
    ['States.TaskFailed for any task error', ['States.TaskFailed'], { error: 'Boom', fromTask: true }, true],
    [
      'States.TaskFailed for a task timeout',
      ['States.TaskFailed'],
      { error: 'States.Timeout', fromTask: true },
      false,
    ],
    ['States.TaskFailed for a branch error', ['States.TaskFailed'], { error: 'Boom' }, false],
    ['States.ALL for an error with no name', ['States.ALL'], {}, true],
  ])('matches %s: %s', (_title, errorEquals, raised, expected) => {
    expect(errorMatches(errorEquals, raised)).toBe(expected);
  });

  it('hands a Catcher empty strings for a missing name or cause, as AWS does', () => {
    expect(errorOutput({})).toEqual({ Error: '', Cause: '' });
    expect(errorOutput({ error: 'E', cause: 'C' })).toEqual({ Error: 'E', Cause: 'C' });
  });
});

describe('backoffMs', () => {
  it.each<[string, Retrier, number, number]>([
    ['defaults to 1 s doubled per attempt', { ErrorEquals: ['E'] }, 2, 4000],
    ['multiplies by BackoffRate', { ErrorEquals: ['E'], IntervalSeconds: 3, BackoffRate: 1.5 }, 2, 6750],
    [
      'is capped by MaxDelaySeconds',
      { ErrorEquals: ['E'], IntervalSeconds: 10, MaxDelaySeconds: 15 },
      3,
      15000,
    ],
  ])('%s', (_title, retrier, attempt, expected) => {
    expect(backoffMs(retrier, attempt, never)).toBe(expected);
  });

  it('scales the delay by the injected randomness with JitterStrategy FULL', () => {
    expect(
      backoffMs({ ErrorEquals: ['E'], IntervalSeconds: 10, JitterStrategy: 'FULL' }, 0, () => 0.25),
    ).toBe(2500);
  });
});

describe('decideRetry', () => {
  const retriers: Retrier[] = [
    { ErrorEquals: ['First'], MaxAttempts: 1 },
    { ErrorEquals: ['First', 'Second'], MaxAttempts: 5 },
    { ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 2 },
  ];

  it('uses the first Retrier whose ErrorEquals matches', () => {
    expect(decideRetry(retriers, { error: 'Second' }, [], never)).toEqual({
      kind: 'retry',
      delayMs: 1000,
      retryCounts: [0, 1],
    });
  });

  it('gives up once the matching Retrier spent its MaxAttempts, without trying later Retriers', () => {
    expect(decideRetry(retriers, { error: 'First' }, [1], never)).toEqual({ kind: 'give-up' });
  });

  it('counts each Retrier separately and backs off by its own attempts', () => {
    expect(decideRetry(retriers, { error: 'Other' }, [1, 3, 1], never)).toEqual({
      kind: 'retry',
      delayMs: 4000,
      retryCounts: [1, 3, 2],
    });
  });

  it('never retries with MaxAttempts 0', () => {
    expect(decideRetry([{ ErrorEquals: ['E'], MaxAttempts: 0 }], { error: 'E' }, [], never)).toEqual({
      kind: 'give-up',
    });
  });

  it('gives up when no Retrier matches or there are none', () => {
    expect(decideRetry(retriers, { error: 'States.Runtime' }, [], never)).toEqual({ kind: 'give-up' });
    expect(decideRetry(undefined, { error: 'E' }, [], never)).toEqual({ kind: 'give-up' });
  });
});
