import { evaluateJsonata, type JsonataEvaluation } from '../../src/asl/index.js';
import { JsonataEvaluationPool } from '../../src/engine/evaluation/jsonata-evaluation.pool.js';

// Worker threads load the TypeScript sources through the repository's loader: seconds, not ms.
jest.setTimeout(60_000);

const pools: JsonataEvaluationPool[] = [];

function pool(options: Partial<ConstructorParameters<typeof JsonataEvaluationPool>[0]> = {}) {
  const created = new JsonataEvaluationPool({
    maxWorkers: 1,
    timeoutMs: 30_000,
    maxResultBytes: 1024 * 1024,
    maxHeapMb: 256,
    ...options,
  });
  pools.push(created);
  return created;
}

afterAll(async () => {
  await Promise.all(pools.map((each) => each.close()));
});

const scope = {
  input: { items: [1, 2, 3] },
  context: { Execution: { Id: 'e' } },
  variables: { factor: 10 },
  now: Date.UTC(2030, 0, 1),
};

const evaluation = (expression: string): JsonataEvaluation => ({ expression, field: 'Output', scope });

/** A hundred million additions: minutes of work, stopped only by the time budget. */
const RUNAWAY =
  '$reduce([1..10000], function($a, $i) { $a + $reduce([1..10000], function($x, $y) { $x + $y }) })';
/** A regular expression that backtracks for far longer than any budget inside one evaluation step. */
const BACKTRACKING = `$contains("${'a'.repeat(40)}!", /^(a+)+$/)`;

describe('JsonataEvaluationPool', () => {
  it('evaluates on a worker thread exactly what evaluating in place gives', async () => {
    const expression =
      '{ "sum": $sum($states.input.items) * $factor, "id": $states.context.Execution.Id, "at": $millis() }';
    const inPlace = await evaluateJsonata(expression, 'Output', { ...scope, random: Math.random });
    await expect(pool().evaluate(evaluation(expression))).resolves.toEqual(inPlace);
  });

  it('rejects a failing expression with the QueryEvaluationError evaluating in place raises', async () => {
    const expression = '$number("x")';
    const inPlace = await evaluateJsonata(expression, 'Output', { ...scope, random: Math.random }).catch(
      (error: unknown) => error,
    );
    await expect(pool().evaluate(evaluation(expression))).rejects.toEqual(inPlace);
  });

  it('stops a runaway expression at its time budget, and evaluates the next one', async () => {
    const workers = pool({ timeoutMs: 1000 });
    await expect(workers.evaluate(evaluation(RUNAWAY))).rejects.toMatchObject({
      name: 'States.QueryEvaluationError',
      cause: `The JSONata expression '${RUNAWAY}' specified for the field 'Output' exceeded its time budget of 1000 ms.`,
    });
    await expect(workers.evaluate(evaluation('1 + 1'))).resolves.toBe(2);
  });

  it('terminates a thread stuck inside one step past its budget, and starts a fresh one', async () => {
    // The next expression's budget includes the fresh thread's start, which loads the TypeScript
    // sources here (seconds on a busy machine; compiled code in production): a budget roomy for
    // that start, and still nothing against the backtracking, which would run for hours.
    const workers = pool({ timeoutMs: 8000 });
    await expect(workers.evaluate(evaluation(BACKTRACKING))).rejects.toMatchObject({
      name: 'States.QueryEvaluationError',
      cause: expect.stringContaining('exceeded its time budget of 8000 ms'),
    });
    await expect(workers.evaluate(evaluation('1 + 1'))).resolves.toBe(2);
  });

  it('counts the wait for a busy thread in the time budget', async () => {
    const workers = pool({ timeoutMs: 1500 });
    // Stuck inside one step, the first holds the only thread past its budget (until the grace ends):
    // a runaway would free it at its budget, the very moment the waiting one's budget ends too.
    const first = workers.evaluate(evaluation(BACKTRACKING));
    const waiting = workers.evaluate(evaluation('1 + 1'));
    await expect(waiting).rejects.toMatchObject({
      name: 'States.QueryEvaluationError',
      cause:
        "The JSONata expression '1 + 1' specified for the field 'Output' exceeded its time budget of 1500 ms.",
    });
    await expect(first).rejects.toMatchObject({ name: 'States.QueryEvaluationError' });
  });

  it('fails an expression that runs its thread out of heap, and evaluates the next one', async () => {
    const workers = pool({ maxHeapMb: 32 });
    const hungry = '$map([1..1000], function($i) { $map([1..1000], function($j) { { "i": $i, "j": $j } }) })';
    await expect(workers.evaluate(evaluation(hungry))).rejects.toMatchObject({
      name: 'States.QueryEvaluationError',
      cause: expect.stringContaining('exceeded its memory budget of 32 MB'),
    });
    await expect(workers.evaluate(evaluation('1 + 1'))).resolves.toBe(2);
  });
});
