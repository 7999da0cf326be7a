import { ending, eventTypes, run, single } from '../asl-test-kit.js';

describe('Succeed state', () => {
  it.each([
    ['ends the run with its input', { Type: 'Succeed' }, { a: 1 }, { a: 1 }],
    [
      'applies InputPath and OutputPath',
      { Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' },
      { a: { b: 2 } },
      2,
    ],
    [
      'outputs a JSONata Output',
      { Type: 'Succeed', QueryLanguage: 'JSONata', Output: '{% $states.input.a %}' },
      { a: 3 },
      3,
    ],
  ])('%s', async (_title, state, input, output) => {
    const result = await run(single(state), input);
    expect(ending(result)).toEqual({ status: 'SUCCEEDED', output });
    expect(eventTypes(result)).toEqual([
      'ExecutionStarted',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });
});

describe('Fail state', () => {
  it.each([
    ['with a literal Error and Cause', { Error: 'E', Cause: 'C' }, {}, { error: 'E', cause: 'C' }],
    ['with neither', {}, {}, {}],
    [
      'with ErrorPath and CausePath',
      { ErrorPath: '$.e', CausePath: '$.c' },
      { e: 'E', c: 'C' },
      { error: 'E', cause: 'C' },
    ],
    [
      'with an intrinsic CausePath',
      { Error: 'E', CausePath: "States.Format('n={}', $.n)" },
      { n: 3 },
      { error: 'E', cause: 'n=3' },
    ],
    [
      'with JSONata Error and Cause',
      { QueryLanguage: 'JSONata', Error: '{% $states.input.e %}', Cause: 'literal' },
      { e: 'E' },
      { error: 'E', cause: 'literal' },
    ],
  ])('fails the run %s', async (_title, fields, input, failure) => {
    const result = await run(single({ Type: 'Fail', ...fields }), input);
    expect(ending(result)).toEqual({ status: 'FAILED', ...failure });
    expect(eventTypes(result)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(result.events.at(-1)?.details).toEqual(failure);
  });

  it.each([
    ['an ErrorPath to a non-string', { ErrorPath: '$.n' }, 'States.Runtime'],
    [
      'a JSONata Cause that is not a string',
      { QueryLanguage: 'JSONata', Cause: '{% $states.input.n %}' },
      'States.Runtime',
    ],
  ])('fails with a runtime error on %s', async (_title, fields, error) => {
    expect(ending(await run(single({ Type: 'Fail', ...fields }), { n: 1 }))).toMatchObject({
      status: 'FAILED',
      error,
    });
  });
});
