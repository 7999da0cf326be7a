import type { TaskRequest } from '../../../src/asl/index.js';
import { ending, eventTypes, machine, run, single } from '../asl-test-kit.js';

const processor = (state: Record<string, unknown>) => ({
  StartAt: 'I',
  States: { I: { End: true, ...state } },
});
const map = (fields: Record<string, unknown>) => ({
  Type: 'Map',
  End: true,
  ItemProcessor: processor({ Type: 'Pass' }),
  ...fields,
});

describe('Map state', () => {
  it.each([
    ['iterates over its input', map({}), [1, 2], [1, 2]],
    ['iterates over ItemsPath', map({ ItemsPath: '$.xs' }), { xs: ['a'] }, ['a']],
    [
      'iterates over a variable',
      machine({ A: { Type: 'Pass', Assign: { xs: [7] }, Next: 'M' }, M: map({ ItemsPath: '$xs' }) }),
      {},
      [7],
    ],
    ['outputs [] for no items', map({}), [], []],
    [
      'builds each input with ItemSelector and $$.Map.Item',
      map({
        ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value', 'k.$': '$.k' },
        ItemsPath: '$.xs',
      }),
      { xs: ['a', 'b'], k: 1 },
      [
        { i: 0, v: 'a', k: 1 },
        { i: 1, v: 'b', k: 1 },
      ],
    ],
    [
      "shows each item's Source as the developer guide's Context object page does: STATE_DATA for items of the input",
      map({
        ItemSelector: { 'source.$': '$$.Map.Item.Source', 'all.$': '$$.Map.Item' },
        ItemsPath: '$.xs',
      }),
      { xs: ['a'] },
      [{ source: 'STATE_DATA', all: { Index: 0, Value: 'a', Source: 'STATE_DATA' } }],
    ],
    [
      'shows Source to JSONata too',
      map({
        QueryLanguage: 'JSONata',
        Items: '{% $states.input.xs %}',
        ItemSelector: { source: '{% $states.context.Map.Item.Source %}' },
      }),
      { xs: [1] },
      [{ source: 'STATE_DATA' }],
    ],
    [
      'builds each input with the legacy Parameters and Iterator',
      {
        Type: 'Map',
        End: true,
        Parameters: { 'v.$': '$$.Map.Item.Value' },
        Iterator: processor({ Type: 'Pass' }),
      },
      [1],
      [{ v: 1 }],
    ],
    [
      'iterates over JSONata Items with an ItemSelector',
      map({
        QueryLanguage: 'JSONata',
        Items: '{% $states.input.xs %}',
        ItemSelector: {
          v: '{% $states.context.Map.Item.Value * 10 %}',
          i: '{% $states.context.Map.Item.Index %}',
        },
      }),
      { xs: [1, 2] },
      [
        { v: 10, i: 0 },
        { v: 20, i: 1 },
      ],
    ],
    [
      'iterates over a JSONata Items array template',
      map({ QueryLanguage: 'JSONata', Items: [1, '{% 1 + 1 %}'] }),
      {},
      [1, 2],
    ],
    [
      'applies ResultSelector, ResultPath and OutputPath',
      map({ ItemsPath: '$.xs', ResultSelector: { 'n.$': '$[0]' }, ResultPath: '$.r', OutputPath: '$.r' }),
      { xs: [4] },
      { n: 4 },
    ],
  ])('%s', async (_title, stateOrMachine, input, output) => {
    const definition = 'StartAt' in stateOrMachine ? stateOrMachine : single(stateOrMachine);
    expect(ending(await run(definition as never, input))).toEqual({ status: 'SUCCEEDED', output });
  });

  it('records the Map event family with iteration indexes', async () => {
    const result = await run(single(map({})), ['a']);
    expect(result.events.map(({ type, details }) => [type, details])).toEqual([
      ['ExecutionStarted', expect.anything()],
      ['MapStateEntered', expect.anything()],
      ['MapStateStarted', { length: 1 }],
      ['MapIterationStarted', { name: 'S', index: 0 }],
      ['PassStateEntered', expect.anything()],
      ['PassStateExited', expect.anything()],
      ['MapIterationSucceeded', { name: 'S', index: 0 }],
      ['MapStateSucceeded', {}],
      ['MapStateExited', expect.anything()],
      ['ExecutionSucceeded', expect.anything()],
    ]);
  });

  it.each([
    [1, 1],
    [2, 2],
    [0, 5],
  ])('runs at most MaxConcurrency %i iterations at once (observed %i)', async (maxConcurrency, expected) => {
    let running = 0;
    let peak = 0;
    const slow = (task: TaskRequest) => {
      running += 1;
      peak = Math.max(peak, running);
      return { kind: 'succeed' as const, output: task.input, delayMs: 1000 };
    };
    const done = (task: TaskRequest) => ((running -= 1), { kind: 'succeed' as const, output: task.input });
    const definition = single(
      map({
        MaxConcurrency: maxConcurrency,
        ItemProcessor: {
          StartAt: 'Slow',
          States: {
            Slow: { Type: 'Task', Resource: 'builtin:echo', Next: 'Done' },
            Done: { Type: 'Task', Resource: 'builtin:echo.waitForTaskToken', End: true },
          },
        },
      }),
    );
    const result = await run(definition, [1, 2, 3, 4, 5], {
      tasks: { 'builtin:echo': slow, 'builtin:echo.waitForTaskToken': done },
    });
    expect(ending(result)).toEqual({ status: 'SUCCEEDED', output: [1, 2, 3, 4, 5] });
    expect(peak).toBe(expected);
  });

  it('reads MaxConcurrencyPath and JSONata MaxConcurrency', async () => {
    expect(
      ending(await run(single(map({ MaxConcurrencyPath: '$.m', ItemsPath: '$.xs' })), { m: '2', xs: [1] })),
    ).toEqual({
      status: 'SUCCEEDED',
      output: [1],
    });
    const jsonata = map({ QueryLanguage: 'JSONata', MaxConcurrency: '{% 1 %}' });
    expect(ending(await run(single(jsonata), [1]))).toEqual({ status: 'SUCCEEDED', output: [1] });
  });

  it.each([
    [
      'a negative MaxConcurrencyPath',
      map({ MaxConcurrencyPath: '$.m', ItemsPath: '$.xs' }),
      { m: -1, xs: [] },
      'States.Runtime',
    ],
    [
      'a JSONata MaxConcurrency that is not an integer',
      map({ QueryLanguage: 'JSONata', MaxConcurrency: '{% 1.5 %}' }),
      [],
      'States.QueryEvaluationError',
    ],
    ['an ItemsPath to nothing', map({ ItemsPath: '$.none' }), {}, 'States.Runtime'],
    ['an ItemsPath to an object', map({ ItemsPath: '$.o' }), { o: {} }, 'States.Runtime'],
    [
      'JSONata Items that are not an array',
      map({ QueryLanguage: 'JSONata', Items: '{% $states.input %}' }),
      { a: 1 },
      'States.QueryEvaluationError',
    ],
  ])('fails on %s', async (_title, state, input, error) => {
    expect(ending(await run(single(state), input))).toMatchObject({ status: 'FAILED', error });
  });

  it('quotes the value JSONata Items returned', async () => {
    const result = await run(single(map({ QueryLanguage: 'JSONata', Items: '{% $states.input.n %}' })), {
      n: 1,
    });
    expect(result.cause).toMatch(
      /The JSONata expression '\$states.input.n' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1$/,
    );
  });

  it('fails with the failing iteration error, aborting the iterations still running', async () => {
    const definition = single(
      map({
        ItemProcessor: {
          StartAt: 'Route',
          States: {
            Route: {
              Type: 'Choice',
              Choices: [{ Variable: '$', NumericEquals: 1, Next: 'Boom' }],
              Default: 'Slow',
            },
            Slow: { Type: 'Wait', Seconds: 10, End: true },
            Boom: { Type: 'Fail', Error: 'Boom' },
          },
        },
      }),
    );
    const result = await run(definition, [0, 1, 2]);
    expect(ending(result)).toEqual({ status: 'FAILED', error: 'Boom' });
    const types = eventTypes(result);
    // Iterations start in order; the one not yet started when its sibling failed records nothing.
    expect(types.filter((type) => type === 'MapIterationAborted')).toHaveLength(1);
    expect(types.filter((type) => type === 'WaitStateAborted')).toHaveLength(1);
    expect(types.slice(-3)).toEqual(['MapIterationAborted', 'MapStateFailed', 'ExecutionFailed']);
  });

  it('keeps each iteration variables to itself', async () => {
    const definition = machine({
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Set',
          States: {
            Set: { Type: 'Pass', Assign: { 'mine.$': '$' }, Next: 'Get' },
            Get: { Type: 'Wait', Seconds: 1, OutputPath: '$mine', End: true },
          },
        },
        End: true,
      },
    });
    expect(ending(await run(definition, ['a', 'b', 'c']))).toEqual({
      status: 'SUCCEEDED',
      output: ['a', 'b', 'c'],
    });
  });
});
