/**
 * The conformance check itself (test/support/conformance.ts): a result that differs from AWS's in
 * any way it records, an extra error or cause included, must fail it.
 */
import { checkConformance, type ConformanceCase } from '../support/conformance.js';

const definition = { StartAt: 'S', States: { S: { Type: 'Pass', End: true } } } as never;

function recorded(expect: ConformanceCase['expect']): ConformanceCase {
  return { id: 'case', area: 'test', definition, input: {}, expect };
}

describe('checkConformance', () => {
  const succeeded = recorded({ status: 'SUCCEEDED', output: { a: 1 } });
  const failedWithNothing = recorded({ status: 'FAILED' });
  const failedWithError = recorded({ status: 'FAILED', error: 'Boom' });
  const failedWithCausePrefix = recorded({
    status: 'FAILED',
    error: 'Boom',
    cause: 'It broke',
    cause_match: 'prefix',
  });

  it('passes results equal to what AWS recorded', () => {
    expect(() => checkConformance(succeeded, { status: 'SUCCEEDED', output: { a: 1 } })).not.toThrow();
    expect(() => checkConformance(failedWithNothing, { status: 'FAILED' })).not.toThrow();
    expect(() => checkConformance(failedWithError, { status: 'FAILED', error: 'Boom' })).not.toThrow();
    expect(() =>
      checkConformance(failedWithCausePrefix, { status: 'FAILED', error: 'Boom', cause: 'It broke: at S' }),
    ).not.toThrow();
  });

  it.each([
    ['an error on a success', succeeded, { status: 'SUCCEEDED', output: { a: 1 }, error: 'Boom' }],
    ['a cause on a success', succeeded, { status: 'SUCCEEDED', output: { a: 1 }, cause: 'why' }],
    ['an error where AWS recorded none', failedWithNothing, { status: 'FAILED', error: 'Boom' }],
    ['a cause where AWS recorded none', failedWithError, { status: 'FAILED', error: 'Boom', cause: 'why' }],
    ['a missing error', failedWithError, { status: 'FAILED' }],
    ['another error', failedWithError, { status: 'FAILED', error: 'Other' }],
    ['another cause prefix', failedWithCausePrefix, { status: 'FAILED', error: 'Boom', cause: 'It held' }],
    ['another output', succeeded, { status: 'SUCCEEDED', output: { a: 2 } }],
    ['another status', succeeded, { status: 'FAILED' }],
  ])('fails %s', (_label, testCase, result) => {
    expect(() => checkConformance(testCase, result)).toThrow();
  });
});
