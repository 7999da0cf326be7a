import { ending, machine, run, single } from '../asl-test-kit.js';

describe('Pass state', () => {
  it.each([
    ['passes its input on', { Type: 'Pass', End: true }, { a: 1 }, { a: 1 }],
    ['outputs its Result', { Type: 'Pass', Result: { x: 1 }, End: true }, { a: 1 }, { x: 1 }],
    [
      'keeps Result keys ending in .$ literal',
      { Type: 'Pass', Result: { 'x.$': '$.a' }, End: true },
      {},
      { 'x.$': '$.a' },
    ],
    [
      'evaluates Parameters against the effective input',
      { Type: 'Pass', InputPath: '$.in', Parameters: { 'v.$': '$.v', k: 'c' }, End: true },
      { in: { v: 7 } },
      { v: 7, k: 'c' },
    ],
    [
      'places the result by ResultPath',
      { Type: 'Pass', Result: 2, ResultPath: '$.r', End: true },
      { a: 1 },
      { a: 1, r: 2 },
    ],
    [
      'discards the result with ResultPath null',
      { Type: 'Pass', Result: 2, ResultPath: null, End: true },
      { a: 1 },
      { a: 1 },
    ],
    ['filters by OutputPath', { Type: 'Pass', OutputPath: '$.a', End: true }, { a: { b: 1 } }, { b: 1 }],
    ['turns InputPath null into {}', { Type: 'Pass', InputPath: null, End: true }, { a: 1 }, {}],
    ['turns OutputPath null into {}', { Type: 'Pass', OutputPath: null, End: true }, { a: 1 }, {}],
    [
      'reads the context object',
      { Type: 'Pass', Parameters: { 'name.$': '$$.State.Name', 'input.$': '$$.Execution.Input' }, End: true },
      { a: 1 },
      { name: 'S', input: { a: 1 } },
    ],
    [
      'outputs a JSONata Output',
      { Type: 'Pass', QueryLanguage: 'JSONata', Output: { sum: '{% $states.input.a + 1 %}' }, End: true },
      { a: 1 },
      { sum: 2 },
    ],
    ['passes its input on in JSONata', { Type: 'Pass', QueryLanguage: 'JSONata', End: true }, [1], [1]],
  ])('%s', async (_title, state, input, output) => {
    expect(ending(await run(single(state), input))).toEqual({ status: 'SUCCEEDED', output });
  });

  it('fails with States.Runtime when InputPath matches nothing', async () => {
    const result = await run(single({ Type: 'Pass', InputPath: '$.missing', End: true }), {});
    expect(ending(result)).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    });
  });

  it('names the variable in the cause when a variable path matches nothing', async () => {
    const result = await run(single({ Type: 'Pass', OutputPath: '$nothing', End: true }), {});
    expect(result.cause).toMatch(/Invalid path '\$nothing' : No results for path: \$nothing$/);
  });

  it('chains states by Next, each one reading the previous output', async () => {
    const definition = machine({
      A: { Type: 'Pass', Result: { n: 1 }, Next: 'B' },
      B: { Type: 'Pass', Parameters: { 'm.$': '$.n' }, End: true },
    });
    expect(ending(await run(definition))).toEqual({ status: 'SUCCEEDED', output: { m: 1 } });
  });

  it('records Entered and Exited events with the input and output as JSON text', async () => {
    const result = await run(single({ Type: 'Pass', Result: 'r', Assign: { v: 1 }, End: true }), { a: 1 });
    expect(result.events.map(({ type, details }) => ({ type, details }))).toEqual([
      { type: 'ExecutionStarted', details: { input: '{"a":1}', inputDetails: { truncated: false } } },
      {
        type: 'PassStateEntered',
        details: { name: 'S', input: '{"a":1}', inputDetails: { truncated: false } },
      },
      {
        type: 'PassStateExited',
        details: {
          name: 'S',
          output: '"r"',
          outputDetails: { truncated: false },
          assignedVariables: { v: '1' },
          assignedVariablesDetails: { truncated: false },
        },
      },
      { type: 'ExecutionSucceeded', details: { output: '"r"', outputDetails: { truncated: false } } },
    ]);
    expect(result.events.map((event) => [event.id, event.previousEventId])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });

  it('fails with States.DataLimitExceeded when its output exceeds 256 KiB', async () => {
    const result = await run(single({ Type: 'Pass', End: true }), { big: 'x'.repeat(300 * 1024) });
    expect(ending(result)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});
