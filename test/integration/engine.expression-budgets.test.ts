/**
 * JSONata expressions past the inline step budget, through the durable engine: evaluated on worker
 * threads, they give the results and the history evaluating in place gives.
 */
import { runInMemory, type StateMachineDefinition } from '../../src/asl/index.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(60_000);

/** Every expression here takes a few hundred steps: past this budget, so each goes to a worker. */
const INLINE_STEPS = 50;

/** A JSONata Map whose iterations, Choice condition, variables and output all evaluate long expressions. */
const DEFINITION = {
  QueryLanguage: 'JSONata',
  StartAt: 'Sums',
  States: {
    Sums: {
      Type: 'Map',
      Items: '{% $states.input.bases %}',
      ItemProcessor: {
        StartAt: 'Sum',
        States: {
          Sum: {
            Type: 'Pass',
            Output: '{% $reduce([1..100], function($a, $b) { $a + $b }) + $states.input %}',
            End: true,
          },
        },
      },
      Assign: { total: '{% $reduce($states.result, function($a, $b) { $a + $b }) %}' },
      Next: 'Big?',
    },
    'Big?': {
      Type: 'Choice',
      Choices: [
        {
          Condition: '{% $reduce([1..100], function($a, $b) { $a + $b }) < $total %}',
          Next: 'Big',
        },
      ],
      Default: 'Small',
    },
    Big: { Type: 'Pass', Output: '{% { "total": $total, "label": "big" } %}', End: true },
    Small: { Type: 'Pass', Output: '{% { "total": $total, "label": "small" } %}', End: true },
  },
} as StateMachineDefinition;

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine({ JSONATA_INLINE_STEPS: String(INLINE_STEPS) });
});

afterAll(async () => {
  await engine?.close();
});

it('gives the output and history that evaluating in place gives', async () => {
  const input = { bases: [1, 2, 3, 4] };
  const inPlace = await runInMemory(DEFINITION, input);
  expect(inPlace).toMatchObject({ status: 'SUCCEEDED', output: { total: 20210, label: 'big' } });

  const id = await engine.run(DEFINITION, input);
  expect(await engine.ended(id, 30_000)).toEqual({ status: 'SUCCEEDED', output: inPlace.output });
  const history = await engine.history(id);
  expectContiguous(history);
  expect(types(history)).toEqual(inPlace.events.map((event) => event.type));
});

it('fails a state whose expression fails on the worker thread as it would in place', async () => {
  const failing = {
    QueryLanguage: 'JSONata',
    StartAt: 'Divide',
    States: {
      Divide: {
        Type: 'Pass',
        Output: '{% $reduce([1..100], function($a, $b) { $a + $b }) & $number("x") %}',
        End: true,
      },
    },
  } as StateMachineDefinition;
  const inPlace = await runInMemory(failing, {});
  expect(inPlace).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  const id = await engine.run(failing, {});
  expect(await engine.ended(id, 30_000)).toEqual({
    status: 'FAILED',
    error: inPlace.error,
    cause: inPlace.cause,
  });
});
