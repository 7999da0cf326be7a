import { createHash } from 'node:crypto';
import {
  evaluateJsonata,
  jsonataExpressionOf,
  type JsonataScope,
} from '../../../src/asl/jsonata/jsonata-expression.js';
import { evaluateJsonataTemplate } from '../../../src/asl/jsonata/jsonata-template.js';
import { uuidFrom } from '../../../src/asl/jsonata/jsonata-functions.js';

const NOW = Date.UTC(2030, 5, 15, 12, 30);
const scope: JsonataScope = {
  input: { n: 2, list: [1, 2, 3, 4, 5] },
  result: 'the result',
  errorOutput: { Error: 'E', Cause: 'C' },
  context: { Execution: { Id: 'exec' } },
  variables: { answer: 42 },
  now: NOW,
  random: () => 0.5,
};
const evaluate = (expression: string) => evaluateJsonata(expression, 'Output', scope);

describe('jsonataExpressionOf', () => {
  it.each([
    ['{% $x %}', '$x'],
    ['{%$x%}', '$x'],
    ['{% a\n+ b %}', 'a\n+ b'],
    [' {% $x %}', undefined],
    ['{% $x %} ', undefined],
    ['$x', undefined],
    [42, undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(jsonataExpressionOf(value)).toBe(expected);
  });
});

describe('evaluateJsonata', () => {
  it.each([
    ['$states.input.n * 2', 4],
    ['$states.result', 'the result'],
    ['$states.errorOutput.Error', 'E'],
    ['$states.context.Execution.Id', 'exec'],
    ['$answer + 1', 43],
    ['$partition($states.input.list, 2)', [[1, 2], [3, 4], [5]]],
    ['$range(0, 10, 5)', [0, 5, 10]],
    ['$range(1, 3)', [1, 2, 3]],
    ['$range(5, 1, -2)', [5, 3, 1]],
    ['$range(1, 1, 1)', 1],
    ["$hash('abc', 'SHA-256')", createHash('sha256').update('abc').digest('hex')],
    ["$hash('abc', 'MD5')", createHash('md5').update('abc').digest('hex')],
    ['$random()', 0.5],
    ['$random(7) = $random(7)', true],
    ['$uuid()', uuidFrom(() => 0.5)],
    ['$parse(\'{"a":[1]}\')', { a: [1] }],
    ['$millis()', NOW],
    ['$now()', '2030-06-15T12:30:00.000Z'],
    ["$now('[Y0001]-[M01]')", '2030-06'],
  ])('evaluates %s', async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });

  it('draws seeded $random values in [0, 1)', async () => {
    const value = (await evaluate('$random(123)')) as number;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
  });

  it.each([
    ["$partition('x', 2)", 'D3137: $partition expects an array as its first argument'],
    ['$partition([1], 0)', 'D3137: $partition expects a positive integer as its chunk size'],
    ['$range(0, 1, 0)', 'D3137: $range expects numbers start, end and a non-zero step'],
    ['$range(0, 5000)', 'D3137: $range may produce at most 1000 values'],
    ["$hash('x', 'CRC')", "D3137: $hash does not support the algorithm 'CRC'"],
    ['$parse(1)', 'D3137: $parse expects a string'],
    ["$parse('{')", 'D3137: $parse was given a string that is not JSON'],
    ['$nope()', 'T1006: Attempted to invoke a non-function'],
    ['(', 'S0203: Expected ")" before end of expression'],
  ])('reports %s failing as AWS words it', async (expression, reason) => {
    await expect(evaluate(expression)).rejects.toMatchObject({
      name: 'States.QueryEvaluationError',
      cause: `The JSONata expression '${expression}' specified for the field 'Output' threw an error during evaluation. ${reason}`,
    });
  });

  it('reports an expression that returns nothing', async () => {
    await expect(evaluate('$states.input.none')).rejects.toMatchObject({
      cause:
        "The JSONata expression '$states.input.none' specified for the field 'Output' returned nothing (undefined).",
    });
  });

  it('hashes a non-string value as its JSON text', async () => {
    expect(await evaluate("$hash({'a': 1}, 'SHA-1')")).toBe(
      createHash('sha1').update('{"a":1}').digest('hex'),
    );
  });
});

describe('evaluateJsonataTemplate', () => {
  it('evaluates every expression in a nested template, keeping other values and .$ keys as written', async () => {
    const template = {
      a: '{% $states.input.n %}',
      'b.$': '$.x',
      list: [1, '{% $answer %}', { c: ' {% 1 %}' }],
    };
    expect(await evaluateJsonataTemplate(template, 'Output', scope)).toEqual({
      a: 2,
      'b.$': '$.x',
      list: [1, 42, { c: ' {% 1 %}' }],
    });
  });

  it('names the nested field in the cause', async () => {
    await expect(
      evaluateJsonataTemplate({ a: [{ b: '{% $none %}' }] }, 'Arguments', scope),
    ).rejects.toMatchObject({
      cause:
        "The JSONata expression '$none' specified for the field 'Arguments/a/0/b' returned nothing (undefined).",
    });
  });
});
