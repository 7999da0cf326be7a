import { IntrinsicSyntaxError, RuntimeError, type StatesError } from '../../../src/asl/errors.js';
import { evaluateIntrinsic, parseIntrinsic } from '../../../src/asl/intrinsics/index.js';
import { contextFor, errorOf, run } from './intrinsic.fixture.js';

describe('evaluateIntrinsic', () => {
  it('resolves arguments from the input, the context object and variables', () => {
    const scope = {
      input: { items: [1, 2] },
      context: { Execution: { Id: 'arn:aws:states:::execution:sm:run-1' } },
      variables: { user: { name: 'Ada' } },
    };
    expect(
      run(
        "States.Format('{} ran {} for {}', $$.Execution.Id, States.ArrayLength($.items), $user.name)",
        scope,
      ),
    ).toBe('arn:aws:states:::execution:sm:run-1 ran 2 for Ada');
  });

  it('passes a whole root ($) as an argument', () => {
    expect(run('States.JsonToString($)', { input: { a: [true] } })).toBe('{"a":[true]}');
  });

  it('evaluates a parsed call again and again with different data', () => {
    const call = parseIntrinsic('States.MathAdd($.n, 1)');
    expect(evaluateIntrinsic(call, contextFor({ input: { n: 1 } }))).toBe(2);
    expect(evaluateIntrinsic(call, contextFor({ input: { n: 41 } }))).toBe(42);
  });

  it('accepts an argument that is present but null', () => {
    expect(run("States.Format('{}', $.nul)", { input: { nul: null } })).toBe('null');
  });

  it('fails with States.Runtime in AWS words when a path argument matches nothing', () => {
    const error = errorOf(() => run("States.Format('{}', $.nope)", { input: { other: 1 } }));
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.name).toBe('States.Runtime');
    expect(error.cause).toBe(
      "The function 'States.Format('{}', $.nope)' had the following error: " +
        "The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'",
    );
  });

  it('quotes the whole expression, as written, when the missing path is in a nested call', () => {
    const expression = "States.Format('{}',States.Format('{}', $.items[5]))";
    const error = errorOf(() => run(expression, { input: { items: [1, 2] } }));
    expect(error.cause).toBe(
      `The function '${expression}' had the following error: ` +
        "The JsonPath argument for the field '$.items[5]' could not be found in the input '{\"items\":[1,2]}'",
    );
  });

  it('fails the same way for an unknown variable or context field', () => {
    expect(errorOf(() => run('States.Array($missing)', { input: {} })).cause).toContain(
      "The JsonPath argument for the field '$missing' could not be found in the input '{}'",
    );
    expect(errorOf(() => run('States.Array($$.Task.Token)', { input: {}, context: {} })).cause).toContain(
      "the field '$$.Task.Token' could not be found",
    );
  });

  it('leaves the input out of the cause when even $ cannot be resolved', () => {
    const context = { ...contextFor(), resolvePath: () => ({ found: false as const }) };
    expect(errorOf(() => evaluateIntrinsic('States.Array($.a)', context)).cause).toMatch(
      /could not be found in the input ''$/,
    );
  });

  it('describes a wrong argument briefly, cutting long strings short', () => {
    expect(errorOf(() => run('States.MathAdd(true, 1)')).cause).toMatch(
      /must be a number, got the boolean true$/,
    );
    expect(errorOf(() => run('States.MathAdd($.s, 1)', { input: { s: 'x'.repeat(100) } })).cause).toMatch(
      new RegExp(`must be a number, got the string "${'x'.repeat(40)}\\.\\.\\."$`),
    );
  });

  it('names the inner function whose arguments are invalid but quotes the whole expression', () => {
    const expression = "States.Format('{}', States.ArrayGetItem($.a, 3))";
    const error = errorOf(() => run(expression, { input: { a: [1] } }));
    expect(error.cause).toBe(
      `The function '${expression}' had the following error: Invalid arguments in States.ArrayGetItem: ` +
        'argument 2 (the index) is 3, out of bounds for an array of 1 item(s)',
    );
  });

  it('raises failures that a Catch on States.ALL does not catch, as AWS does', () => {
    const error = errorOf(() => run("States.MathAdd(1, 'x')")) as StatesError;
    expect(error.handling).toEqual({ matchedByAll: false, handleable: false });
  });

  it('reports a call that does not parse, naming the field when it is known', () => {
    const context = { ...contextFor(), fieldName: 'FunctionResult.$' };
    const error = errorOf(() => evaluateIntrinsic('States.MathAdd(1)', context));
    expect(error).toBeInstanceOf(IntrinsicSyntaxError);
    expect(error.cause).toBe(
      "The value for the field 'FunctionResult.$' must be a valid JSONPath or a valid intrinsic function call. " +
        'Invalid intrinsic function call: States.MathAdd takes exactly 2 arguments, got 1 (at position 0 of "States.MathAdd(1)")',
    );
    expect(errorOf(() => run('States.MathAdd(1)')).cause).toMatch(/^Invalid intrinsic function call: /);
  });

  it('lets an error of the path resolver itself through unchanged', () => {
    const failure = new Error('resolver broke');
    const context = {
      ...contextFor(),
      resolvePath: () => {
        throw failure;
      },
    };
    expect(errorOf(() => evaluateIntrinsic('States.Array($.a)', context))).toBe(failure);
  });

  it('refuses a hand-built call holding an argument kind it does not know', () => {
    const call = {
      kind: 'call',
      name: 'States.Array',
      args: [{ kind: 'regex' }],
      text: 'States.Array(/x/)',
    } as never;
    expect(errorOf(() => evaluateIntrinsic(call, contextFor())).message).toBe(
      'Unhandled intrinsic argument: {"kind":"regex"}',
    );
  });

  it('does not change the data it reads', () => {
    const input = { a: [3, 1, 3], o: { k: { n: 1 } } };
    const before = structuredClone(input);
    run(
      "States.Array(States.ArrayUnique($.a), States.JsonMerge($.o, $.o, false), States.ArrayPartition($.a, 1), States.Format('{}', $.o))",
      { input },
    );
    expect(input).toEqual(before);
  });
});
