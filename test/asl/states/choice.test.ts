import { ending, eventTypes, machine, run } from '../asl-test-kit.js';

const end = (name: string) => ({ Type: 'Pass', Result: name, End: true });

describe('Choice state', () => {
  const jsonPath = machine({
    C: {
      Type: 'Choice',
      InputPath: '$.in',
      Choices: [
        { Not: { Variable: '$.v', IsPresent: true }, Next: 'Missing' },
        { Variable: '$.v', NumericGreaterThan: 10, Next: 'Big', Assign: { 'size.$': '$.v' } },
      ],
      Default: 'Small',
      Assign: { size: 'default' },
    },
    Big: { Type: 'Pass', Parameters: { 'size.$': '$size', 'in.$': '$' }, End: true },
    Missing: end('missing'),
    Small: { Type: 'Pass', Parameters: { 'size.$': '$size' }, End: true },
  });

  it.each([
    ['takes the first matching rule', { in: {} }, 'missing'],
    ['takes a later rule with its Assign', { in: { v: 11 } }, { size: 11, in: { v: 11 } }],
    ['takes the Default with the state Assign', { in: { v: 1 } }, { size: 'default' }],
  ])('%s (JSONPath)', async (_title, input, output) => {
    expect(ending(await run(jsonPath, input))).toEqual({ status: 'SUCCEEDED', output });
  });

  const jsonata = machine(
    {
      C: {
        Type: 'Choice',
        Choices: [
          { Condition: '{% $states.input.v > 10 %}', Next: 'Out', Output: 'big', Assign: { size: 'big' } },
          { Condition: false, Next: 'Out' },
        ],
        Default: 'Out',
        Output: '{% "default " & $states.input.v %}',
      },
      Out: {
        Type: 'Pass',
        Output: { out: '{% $states.input %}', size: '{% $exists($size) ? $size : null %}' },
        End: true,
      },
    },
    { QueryLanguage: 'JSONata' },
  );

  it.each([
    [
      'takes the rule whose Condition holds, with its Output and Assign',
      { v: 11 },
      { out: 'big', size: 'big' },
    ],
    ['takes the Default with the state Output', { v: 2 }, { out: 'default 2', size: null }],
  ])('%s (JSONata)', async (_title, input, output) => {
    expect(ending(await run(jsonata, input))).toEqual({ status: 'SUCCEEDED', output });
  });

  it('fails with States.NoChoiceMatched when nothing matches and there is no Default', async () => {
    const definition = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.v', BooleanEquals: true, Next: 'X' }] },
      X: end('x'),
    });
    const result = await run(definition, { v: false });
    expect(ending(result)).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
    expect(result.cause).toMatch(
      /^An error occurred while executing the state 'C' \(entered at the event id #2\)\./,
    );
  });

  it('fails with States.QueryEvaluationError when a Condition is not a boolean', async () => {
    const definition = machine(
      { C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.v %}', Next: 'X' }] }, X: end('x') },
      { QueryLanguage: 'JSONata' },
    );
    expect(ending(await run(definition, { v: 'yes' }))).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
    });
  });

  it('filters its effective input by OutputPath', async () => {
    const definition = machine({
      C: { Type: 'Choice', OutputPath: '$.v', Choices: [{ Variable: '$.v', IsString: true, Next: 'X' }] },
      X: { Type: 'Pass', End: true },
    });
    expect(ending(await run(definition, { v: 's' }))).toEqual({ status: 'SUCCEEDED', output: 's' });
  });

  it('records ChoiceStateEntered and ChoiceStateExited', async () => {
    expect(eventTypes(await run(jsonPath, { in: { v: 1 } })).slice(1, 3)).toEqual([
      'ChoiceStateEntered',
      'ChoiceStateExited',
    ]);
  });
});
