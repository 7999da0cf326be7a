import { ending, machine, run } from './asl-test-kit.js';

describe('workflow variables', () => {
  it('evaluates every field of a state with the variables as they were on entry', async () => {
    const definition = machine({
      Set: { Type: 'Pass', Assign: { x: 1 }, Next: 'Swap' },
      Swap: {
        Type: 'Pass',
        Assign: { x: 2, 'old.$': '$x' },
        Parameters: { 'p.$': '$x' },
        OutputPath: '$.p',
        Next: 'Read',
      },
      Read: { Type: 'Pass', Parameters: { 'x.$': '$x', 'old.$': '$old', 'out.$': '$' }, End: true },
    });
    expect(ending(await run(definition))).toEqual({ status: 'SUCCEEDED', output: { x: 2, old: 1, out: 1 } });
  });

  it('shares variables between JSONPath and JSONata states', async () => {
    const definition = machine({
      A: { Type: 'Pass', Assign: { n: 1 }, Next: 'B' },
      B: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: { n: '{% $n + 1 %}' }, Next: 'C' },
      C: { Type: 'Pass', Parameters: { 'n.$': '$n' }, End: true },
    });
    expect(ending(await run(definition))).toEqual({ status: 'SUCCEEDED', output: { n: 2 } });
  });

  it('assigns from a JSONata Assign with $states.input', async () => {
    const definition = machine(
      {
        A: { Type: 'Pass', Assign: { got: '{% $states.input.v %}' }, Next: 'B' },
        B: { Type: 'Pass', Output: '{% $got %}', End: true },
      },
      { QueryLanguage: 'JSONata' },
    );
    expect(ending(await run(definition, { v: 'value' }))).toEqual({ status: 'SUCCEEDED', output: 'value' });
  });

  it('reports where an undefined JSONata Assign value came from', async () => {
    const definition = machine({
      A: { Type: 'Pass', QueryLanguage: 'JSONata', Assign: { a: { b: '{% $nothing %}' } }, End: true },
    });
    expect(ending(await run(definition))).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'A' (entered at the event id #2). The JSONata expression '$nothing' specified for the field 'Assign/a/b' returned nothing (undefined).",
    });
  });
});
