import {
  DEFAULT_EVALUATION_BUDGET,
  evaluateJsonata,
  initialRun,
  runInMemory,
  step,
  type EvaluationBudget,
  type Json,
  type JsonataEvaluation,
  type StateMachineDefinition,
} from '../../src/asl/index.js';
import { JSONATA_MAX_SEQUENCE } from '../../src/asl/jsonata/jsonata-expression.js';
import { exceedsJsonBytes } from '../../src/asl/json.js';
import { queryJsonPath } from '../../src/asl/paths/jsonpath.js';

/** What the issue saw take 41 s on the event loop: ten million items, thirty million steps. */
const RANGE_RUNAWAY = '{% $reduce([1..10000000], function($a, $b) { $a + $b }) %}';
/** A hundred million additions over small sequences: only the step budget stops it. */
const RUNAWAY =
  '{% $reduce([1..10000], function($a, $i) { $a + $reduce([1..10000], function($x, $y) { $x + $y }) }) %}';

const jsonata = (states: StateMachineDefinition['States']): StateMachineDefinition =>
  ({ QueryLanguage: 'JSONata', StartAt: Object.keys(states)[0]!, States: states }) as StateMachineDefinition;

const budget = (overrides: Partial<EvaluationBudget>): EvaluationBudget => ({
  ...DEFAULT_EVALUATION_BUDGET,
  ...overrides,
});

const scope = { input: {}, context: {}, variables: {}, now: 0, random: () => 0.5 };

describe('JSONata budget', () => {
  it('fails a runaway expression with States.QueryEvaluationError naming its step budget', async () => {
    const result = await runInMemory(jsonata({ Sum: { Type: 'Pass', Output: RUNAWAY, End: true } }), {});
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(result.cause).toContain(
      `The JSONata expression '${RUNAWAY.slice(3, -3)}' specified for the field 'Output' exceeded its budget of ` +
        `${DEFAULT_EVALUATION_BUDGET.jsonataInlineSteps} evaluation steps.`,
    );
  });

  it("refuses the issue's ten-million-item range before allocating it", async () => {
    const result = await runInMemory(
      jsonata({ Sum: { Type: 'Pass', Output: RANGE_RUNAWAY, End: true } }),
      {},
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(result.cause).toContain(
      `specified for the field 'Output' exceeded its budget of ${JSONATA_MAX_SEQUENCE} items in one sequence.`,
    );
  });

  it('lets a Catcher catch the budget error like any other', async () => {
    const result = await runInMemory(
      jsonata({
        Sum: {
          Type: 'Task',
          Resource: 'builtin:echo',
          Output: RUNAWAY,
          Catch: [
            {
              ErrorEquals: ['States.QueryEvaluationError'],
              Output: '{% $states.errorOutput.Error %}',
              Next: 'Caught',
            },
          ],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      }),
      {},
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: 'States.QueryEvaluationError' });
  });

  it('counts steps, not expressions: a small budget stops what the default lets through', async () => {
    const loop = jsonata({
      Sum: { Type: 'Pass', Output: '{% $reduce([1..100], function($a, $b) { $a + $b }) %}', End: true },
    });
    expect(await runInMemory(loop, {})).toMatchObject({ status: 'SUCCEEDED', output: 5050 });
    expect(await runInMemory(loop, {}, { budget: budget({ jsonataInlineSteps: 100 }) })).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining('exceeded its budget of 100 evaluation steps'),
    });
  });

  it('stops an evaluation that overruns its time budget by the clock it is given', async () => {
    let now = 0;
    const clock = () => (now += 100);
    const evaluation = evaluateJsonata(RUNAWAY.slice(3, -3), 'Output', {
      ...scope,
      limits: { steps: Infinity, maxResultBytes: 1024, time: { ms: 5000, clock } },
    });
    await expect(evaluation).rejects.toMatchObject({
      name: 'States.QueryEvaluationError',
      cause: expect.stringContaining("field 'Output' exceeded its time budget of 5000 ms"),
    });
  });

  it('fails a result larger than its byte budget, even one built in a single step', async () => {
    const result = await runInMemory(
      jsonata({ Big: { Type: 'Pass', Output: '{% [1..1000000] %}', End: true } }),
      {},
      { budget: budget({ jsonataInlineSteps: 10_000_000 }) },
    );
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining(
        `The JSONata expression '[1..1000000]' specified for the field 'Output' returned a result larger than its budget of ${DEFAULT_EVALUATION_BUDGET.maxResultBytes} bytes.`,
      ),
    });
  });

  it('stops a budget error that $eval wraps in its own', async () => {
    const result = await runInMemory(
      jsonata({ Sum: { Type: 'Pass', Output: `{% $eval('${RUNAWAY.slice(3, -3)}') %}`, End: true } }),
      {},
    );
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining('evaluation steps'),
    });
  });

  it('hands an expression that used up its inline steps to offloadJsonata, then stops the step', async () => {
    const offloaded: JsonataEvaluation[] = [];
    const offloadJsonata = (evaluation: JsonataEvaluation): Promise<Json> => {
      offloaded.push(evaluation);
      return Promise.resolve(42);
    };
    const result = await runInMemory(
      jsonata({
        Sum: { Type: 'Pass', Output: RUNAWAY, Next: 'Done' },
        Done: { Type: 'Pass', End: true },
      }),
      { order: 1 },
      { offloadJsonata },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: 42 });
    expect(offloaded).toEqual([
      {
        expression: RUNAWAY.slice(3, -3),
        field: 'Output',
        scope: expect.objectContaining({ input: { order: 1 }, variables: {} }),
      },
    ]);
    // Plain data only: it crosses to a worker thread.
    expect(JSON.parse(JSON.stringify(offloaded[0]))).toEqual(offloaded[0]);
  });

  it('ends the step that offloaded before it enters another state, so the driver can commit', async () => {
    const definition = jsonata({
      Sum: { Type: 'Pass', Output: RUNAWAY, Next: 'Done' },
      Done: { Type: 'Pass', End: true },
    });
    const result = await step(
      definition,
      initialRun(definition, {}),
      { kind: 'start' },
      {
        now: 0,
        random: () => 0.5,
        newTaskToken: () => 'token',
        nextEventId: 1,
        context: {
          Execution: { Id: 'e', Name: 'e', Input: {}, StartTime: '2030-01-01T00:00:00Z' },
          StateMachine: { Id: 's', Name: 's' },
        },
        offloadJsonata: () => Promise.resolve(42),
      },
    );
    expect(result).toMatchObject({
      effect: { kind: 'continue' },
      offloaded: true,
      run: { stateName: 'Done', input: 42 },
    });
  });

  it('counts a large result as many steps, so native work on large data goes off the event loop', async () => {
    const offloadJsonata = jest.fn(() => Promise.resolve<Json>('sorted elsewhere'));
    const items = Array.from({ length: 20_000 }, (_, index) => 20_000 - index);
    const result = await runInMemory(
      jsonata({ Sort: { Type: 'Pass', Output: '{% $sort($states.input.items)[0] %}', End: true } }),
      { items },
      { offloadJsonata },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: 'sorted elsewhere' });
    expect(offloadJsonata).toHaveBeenCalledTimes(1);
  });

  it('offloads an expression that uses a regular expression, which could backtrack for minutes in one step', async () => {
    const offloadJsonata = jest.fn(() => Promise.resolve<Json>(true));
    const definition = jsonata({
      Match: { Type: 'Pass', Output: '{% $contains($states.input.text, /^(a+)+$/) %}', End: true },
    });
    const result = await runInMemory(definition, { text: 'aaaa' }, { offloadJsonata });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: true });
    expect(offloadJsonata).toHaveBeenCalledTimes(1);
    // With nowhere to offload (this driver, by default), it runs in place.
    expect(await runInMemory(definition, { text: 'aaab' })).toMatchObject({
      status: 'SUCCEEDED',
      output: false,
    });
  });

  it('does not offload what fits in the inline budget', async () => {
    const offloadJsonata = jest.fn();
    const result = await runInMemory(
      jsonata({ Add: { Type: 'Pass', Output: '{% $states.input.a + 1 %}', End: true } }),
      { a: 1 },
      { offloadJsonata },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: 2 });
    expect(offloadJsonata).not.toHaveBeenCalled();
  });
});

describe('JSONPath budget', () => {
  const items = { items: Array.from({ length: 200 }, (_, id) => ({ id, tags: ['a', 'b'] })) };

  it('fails a query that visits more nodes than its budget with States.Runtime', () => {
    expect(queryJsonPath('$..id', items, { jsonPathSteps: 100_000, maxResultBytes: 1 << 20 })).toMatchObject({
      found: true,
    });
    expect(() => queryJsonPath('$..id', items, { jsonPathSteps: 100, maxResultBytes: 1 << 20 })).toThrow(
      expect.objectContaining({
        name: 'States.Runtime',
        cause: "The JSONPath '$..id' exceeded its budget of 100 steps (nodes visited).",
      }),
    );
  });

  it('fails matches larger than the byte budget with States.Runtime', () => {
    expect(() => queryJsonPath('$..*', items, { jsonPathSteps: 100_000, maxResultBytes: 1000 })).toThrow(
      expect.objectContaining({
        name: 'States.Runtime',
        cause: "The JSONPath '$..*' matched more than its budget of 1000 bytes.",
      }),
    );
  });

  it('fails a recursive descent into data nested too deep for the stack with States.Runtime', () => {
    let deep: Json = 1;
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(() => queryJsonPath('$..*..*', deep)).toThrow(expect.objectContaining({ name: 'States.Runtime' }));
  });

  it('applies the step budget to the paths of a running state', async () => {
    const definition = {
      StartAt: 'Pick',
      States: { Pick: { Type: 'Pass', Parameters: { 'ids.$': '$..id' }, End: true } },
    } as StateMachineDefinition;
    expect(await runInMemory(definition, items, { budget: budget({ jsonPathSteps: 100 }) })).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: expect.stringContaining(
        "The JSONPath '$..id' exceeded its budget of 100 steps (nodes visited).",
      ),
    });
  });
});

describe('intrinsic budget', () => {
  it('fails a call whose result is larger than the byte budget with States.Runtime, at any nesting level', async () => {
    const definition = {
      StartAt: 'Grow',
      States: {
        Grow: {
          Type: 'Pass',
          Parameters: {
            'text.$':
              "States.Format('{}{}', States.Format('{}{}', $.s, $.s), States.Format('{}{}', $.s, $.s))",
          },
          End: true,
        },
      },
    } as StateMachineDefinition;
    const input = { s: 'x'.repeat(50_000) };
    expect(
      await runInMemory(definition, input, { budget: budget({ maxResultBytes: 150_000 }) }),
    ).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: expect.stringContaining('States.Format produced more than its budget of 150000 bytes'),
    });
    expect(
      await runInMemory(definition, input, { budget: budget({ maxResultBytes: 300_000 }) }),
    ).toMatchObject({
      status: 'SUCCEEDED',
    });
  });
});

describe('exceedsJsonBytes', () => {
  it('measures JSON text as UTF-8 bytes', () => {
    const value = { a: ['é', 1, null, true] };
    const bytes = Buffer.byteLength(JSON.stringify(value));
    expect(exceedsJsonBytes(value, bytes)).toBe(false);
    expect(exceedsJsonBytes(value, bytes - 1)).toBe(true);
  });

  it('refuses a value far larger in text than in memory without serialising it', () => {
    let shared: unknown = 'x'.repeat(1000);
    for (let level = 0; level < 60; level++) shared = [shared, shared];
    expect(exceedsJsonBytes(shared, 1 << 20)).toBe(true);
  });
});
