import { RuntimeError } from '../../../src/asl/errors.js';
import { errorOf, run, runRecorded, type RecordedCase } from './intrinsic.fixture.js';

/** States.Format executions recorded on AWS (shared conformance file). */
const recorded: RecordedCase[] = [
  {
    id: 'intr-format-1-4',
    expression: "States.Format('Formatting argument {}.', $.FunctionInput)",
    input: {
      FunctionInput: 1,
    },
    expected: 'Formatting argument 1.',
  },
  {
    id: 'intr-format-1-5',
    expression: "States.Format('Formatting argument {}.', $.FunctionInput)",
    input: {
      FunctionInput: 1.1,
    },
    expected: 'Formatting argument 1.1.',
  },
  {
    id: 'intr-format-1-6',
    expression: "States.Format('Formatting argument {}.', $.FunctionInput)",
    input: {
      FunctionInput: '{"Arg1": 1, "Arg2": []}',
    },
    expected: 'Formatting argument {"Arg1": 1, "Arg2": []}.',
  },
  {
    id: 'intr-format-2-6',
    expression:
      "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)",
    input: {
      FunctionInput: {
        fst: '{"Arg1": 1, "Arg2": []}',
        snd: '{"Arg1": 1, "Arg2": []}',
      },
    },
    expected: 'Formatting arguments fst={"Arg1": 1, "Arg2": []} and snd={"Arg1": 1, "Arg2": []}.',
  },
  {
    id: 'intr-format-2-7',
    expression:
      "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)",
    input: {
      FunctionInput: {
        fst: {
          Arg1: 1,
          Arg2: [],
        },
        snd: {
          Arg1: 1,
          Arg2: [],
        },
      },
    },
    expected: 'Formatting arguments fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}.',
  },
];

/** More AWS recordings of the same template (LocalStack snapshot test_format_1 and test_format_2). */
const recordedElsewhere: RecordedCase[] = [
  {
    id: 'test_format_1 #0',
    expression: "States.Format('Formatting argument {}.', $.v)",
    input: { v: '' },
    expected: 'Formatting argument .',
  },
  {
    id: 'test_format_1 #1',
    expression: "States.Format('Formatting argument {}.', $.v)",
    input: { v: ' ' },
    expected: 'Formatting argument  .',
  },
  {
    id: 'test_format_1 #2',
    expression: "States.Format('Formatting argument {}.', $.v)",
    input: { v: 'HelloWorld' },
    expected: 'Formatting argument HelloWorld.',
  },
  {
    id: 'test_format_1 #3',
    expression: "States.Format('Formatting argument {}.', $.v)",
    input: { v: null },
    expected: 'Formatting argument null.',
  },
  {
    id: 'test_format_2 #0',
    expression: "States.Format('fst={} and snd={}.', $.v, $.v)",
    input: { v: '' },
    expected: 'fst= and snd=.',
  },
];

describe('States.Format', () => {
  it.each([...recorded, ...recordedElsewhere])('$id: $expression gives what AWS gave', (recordedCase) => {
    expect(runRecorded(recordedCase)).toEqual(recordedCase.expected);
  });

  it('builds the message of a Fail state CausePath as AWS did (base-state-fail-intrinsic)', () => {
    const input = { Error: 'error string', Cause: 'cause string' };
    expect(run("States.Format('{}', $.Error)", { input })).toBe('error string');
    expect(
      run("States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)", {
        input,
      }),
    ).toBe('This is a custom error message for error string, caused by cause string.');
  });

  it('takes its template from a variable and a value from the context object (var-map-state-reference-in-intrinsic-function)', () => {
    const scope = {
      variables: { AnswerTemplate: "It's {}!" },
      context: { Map: { Item: { Value: 'Pikachu' } } },
    };
    expect(run('States.Format($AnswerTemplate, $$.Map.Item.Value)', scope)).toBe("It's Pikachu!");
  });

  it('formats variables as AWS did (var-reference-in-intrinsic-function)', () => {
    const variables = { name: 'John', place: 'LocalStack' };
    expect(run("States.Format('Hello {}, welcome to {}!', $name, $place)", { variables })).toBe(
      'Hello John, welcome to LocalStack!',
    );
  });

  it('prints booleans, null, arrays and nested objects the way Java prints them', () => {
    const input = {
      flag: true,
      nothing: null,
      list: [1, 'a', null, [2.5]],
      nested: { a: { b: 'x' }, c: [] },
    };
    expect(run("States.Format('{}|{}|{}|{}', $.flag, $.nothing, $.list, $.nested)", { input })).toBe(
      'true|null|[1, a, null, [2.5]]|{a={b=x}, c=[]}',
    );
  });

  it('prints numbers the way Java prints them', () => {
    const input = { n: [10000000, 12345678.9, 0.0001, 1e21, -3] };
    expect(
      run(
        "States.Format('{} {} {} {} {}', States.ArrayGetItem($.n, 0), States.ArrayGetItem($.n, 1), States.ArrayGetItem($.n, 2), States.ArrayGetItem($.n, 3), States.ArrayGetItem($.n, 4))",
        { input },
      ),
    ).toBe('10000000 1.23456789E7 1.0E-4 1.0E21 -3');
  });

  it('formats literal arguments and the results of nested calls', () => {
    expect(
      run("States.Format('{} has {} items, ok={}, none={}', 'list', States.ArrayLength($.a), true, null)", {
        input: { a: [1, 2, 3] },
      }),
    ).toBe('list has 3 items, ok=true, none=null');
  });

  it('returns a template without placeholders unchanged', () => {
    expect(run("States.Format('no placeholders here')")).toBe('no placeholders here');
  });

  it('turns escaped quotes, braces and backslashes of a literal template into plain characters', () => {
    expect(run("States.Format('It\\'s \\{literal\\} {} \\\\ done', 'x')")).toBe("It's {literal} x \\ done");
  });

  it('keeps a backslash that escapes nothing', () => {
    expect(run("States.Format('C:\\temp {}', 'x')")).toBe('C:\\temp x');
  });

  it('applies the same escapes to a template read from the input', () => {
    expect(run('States.Format($.t, $.v)', { input: { t: 'a \\{b\\} {}', v: 'c' } })).toBe('a {b} c');
  });

  it.each([
    ["States.Format('{} and {}', 'one')", 'the template has 2 placeholder(s) {} but 1 value(s) follow it'],
    ["States.Format('{}', 'one', 'two')", 'the template has 1 placeholder(s) {} but 2 value(s) follow it'],
    [
      "States.Format('Hello {', 'x')",
      "the template has an unmatched '{' at index 6; write \\{ for a literal brace",
    ],
    ["States.Format('}')", "the template has an unmatched '}' at index 0; write \\} for a literal brace"],
    [
      "States.Format('Hello {{}}', 'x')",
      "the template has an unmatched '{' at index 6; write \\{ for a literal brace",
    ],
    ['States.Format($.t, 1)', 'argument 1 (the template) must be a string, got the number 123'],
  ])('fails %s with States.Runtime naming the problem', (expression, detail) => {
    const error = errorOf(() => run(expression, { input: { t: 123 } }));
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.name).toBe('States.Runtime');
    expect(error.cause).toBe(
      `The function '${expression}' had the following error: Invalid arguments in States.Format: ${detail}`,
    );
  });
});
