/**
 * Step Functions' own JSONata functions round a non-integer number argument down, as the developer
 * guide's page on transforming data with JSONata says.
 */
import { evaluateJsonata, type JsonataScope } from '../../../src/asl/jsonata/jsonata-expression.js';

const scope: JsonataScope = {
  input: {},
  context: {},
  variables: {},
  now: Date.UTC(2030, 0, 1),
  random: () => 0.5,
};
const evaluate = (expression: string) => evaluateJsonata(expression, 'Output', scope);

describe("Step Functions' JSONata functions round non-integer arguments down", () => {
  it.each([
    ['$range(0, 10.9, 2.5)', [0, 2, 4, 6, 8, 10]],
    ['$range(1.7, 3.2)', [1, 2, 3]],
    ['$range(-0.5, 1)', [-1, 0, 1]],
    ['$partition([1, 2, 3, 4, 5], 2.9)', [[1, 2], [3, 4], [5]]],
  ])('%s', async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });

  it('seeds $random with the seed rounded down', async () => {
    expect(await evaluate('$random(7.9)')).toBe(await evaluate('$random(7)'));
    expect(await evaluate('$random(-1.5)')).toBe(await evaluate('$random(-2)'));
    expect(await evaluate('$random(7)')).not.toBe(await evaluate('$random(8)'));
  });

  it('refuses a chunk size that rounds down to 0', async () => {
    await expect(evaluate('$partition([1, 2], 0.5)')).rejects.toThrow(/positive integer/);
  });
});
