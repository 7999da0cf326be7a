import { RuntimeError } from '../../../src/asl/errors.js';
import { errorOf, run, runRecorded, type RecordedCase } from './intrinsic.fixture.js';

/** Executions recorded on AWS (shared conformance file). */
const stringToJson: RecordedCase[] = [
  {
    id: 'intr-string-to-json-0',
    expression: 'States.StringToJson($.FunctionInput)',
    input: {
      FunctionInput: '',
    },
    expected: null,
  },
  {
    id: 'intr-string-to-json-3',
    expression: 'States.StringToJson($.FunctionInput)',
    input: {
      FunctionInput: '-0',
    },
    expected: 0,
  },
  {
    id: 'intr-string-to-json-8',
    expression: 'States.StringToJson($.FunctionInput)',
    input: {
      FunctionInput: '[1, 2, "HelloWorld"]',
    },
    expected: [1, 2, 'HelloWorld'],
  },
  {
    id: 'intr-string-to-json-9',
    expression: 'States.StringToJson($.FunctionInput)',
    input: {
      FunctionInput: '{"Arg1": 1, "Arg2": []}',
    },
    expected: {
      Arg1: 1,
      Arg2: [],
    },
  },
];
const jsonToString: RecordedCase[] = [
  {
    id: 'intr-json-to-string-0',
    expression: 'States.JsonToString($.FunctionInput)',
    input: {
      FunctionInput: null,
    },
    expected: 'null',
  },
  {
    id: 'intr-json-to-string-5',
    expression: 'States.JsonToString($.FunctionInput)',
    input: {
      FunctionInput: 'HelloWorld',
    },
    expected: '"HelloWorld"',
  },
  {
    id: 'intr-json-to-string-6',
    expression: 'States.JsonToString($.FunctionInput)',
    input: {
      FunctionInput: [1, 2, 'HelloWorld'],
    },
    expected: '[1,2,"HelloWorld"]',
  },
  {
    id: 'intr-json-to-string-7',
    expression: 'States.JsonToString($.FunctionInput)',
    input: {
      FunctionInput: {
        Arg1: 1,
        Arg2: [],
      },
    },
    expected: '{"Arg1":1,"Arg2":[]}',
  },
];
const jsonMerge: RecordedCase[] = [
  ...[
    {
      id: 'intr-json-merge-shallow',
      expression: 'States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)',
      input: {
        FunctionInput: {
          fst: {
            a: {
              a1: 1,
              a2: 2,
            },
            b: 2,
            d: 3,
          },
          snd: {
            a: {
              a3: 1,
              a4: 2,
            },
            c: 3,
            d: 4,
          },
        },
      },
      expected: {
        a: {
          a3: 1,
          a4: 2,
        },
        b: 2,
        c: 3,
        d: 4,
      },
    },
  ],
  ...[
    {
      id: 'intr-json-merge-escaped-arg',
      expression:
        'States.JsonMerge(States.StringToJson(\'{"constant_in_literal": "false"}\'), $$.Execution.Input.input_field, false)',
      input: {
        input_field: {
          constant_input_field: 'constant_value',
        },
      },
      expected: {
        constant_input_field: 'constant_value',
        constant_in_literal: 'false',
      },
    },
  ],
];

/** The variables of var-reference-in-intrinsic-function, recorded on AWS. */
const variables = {
  json1: { a: 1, b: 2 },
  json2: { c: 3, d: 4 },
  jsonString: '{"key":"value"}',
  jsonObject: { test: 'object' },
};

function expectInvalidArguments(expression: string, detail: string, input: unknown = {}): void {
  const error = errorOf(() => run(expression, { input }));
  expect(error).toBeInstanceOf(RuntimeError);
  expect(error.cause).toBe(
    `The function '${expression}' had the following error: Invalid arguments in ${detail}`,
  );
}

describe('States.StringToJson', () => {
  it.each(stringToJson)('$id: parses $input.FunctionInput as AWS did', (recordedCase) => {
    expect(runRecorded(recordedCase)).toEqual(recordedCase.expected);
  });

  it('parses a string held in a variable (var-reference-in-intrinsic-function)', () => {
    expect(run('States.StringToJson($jsonString)', { variables })).toEqual({ key: 'value' });
  });

  it('reads blank text as null and -0 as the integer 0', () => {
    expect(run("States.StringToJson(' \t ')")).toBeNull();
    expect(Object.is((run("States.StringToJson('[-0]')") as number[])[0], 0)).toBe(true);
  });

  it('refuses text that is not JSON, and a value that is not a string', () => {
    const error = errorOf(() => run("States.StringToJson('{oops')"));
    expect(error.name).toBe('States.Runtime');
    expect(error.cause).toMatch(
      /Invalid arguments in States\.StringToJson: argument 1 \(the JSON text\) is not valid JSON: /,
    );
    expectInvalidArguments(
      'States.StringToJson($.n)',
      'States.StringToJson: argument 1 (the JSON text) must be a string, got the number 5',
      { n: 5 },
    );
  });
});

describe('States.JsonToString', () => {
  it.each(jsonToString)('$id: writes $input.FunctionInput as AWS did', (recordedCase) => {
    expect(runRecorded(recordedCase)).toEqual(recordedCase.expected);
  });

  it('writes an object held in a variable (var-reference-in-intrinsic-function)', () => {
    expect(run('States.JsonToString($jsonObject)', { variables })).toBe('{"test":"object"}');
  });

  it('writes numbers, booleans and escapes as Jackson does', () => {
    const input = { v: { n: [1, 1.5, 1e21, 0.00001, -7], t: true, s: 'a"b\\c\n\u0001é' } };
    expect(run('States.JsonToString($.v)', { input })).toBe(
      '{"n":[1,1.5,1.0E21,1.0E-5,-7],"t":true,"s":"a\\"b\\\\c\\n\\u0001é"}',
    );
  });

  it('writes literal arguments', () => {
    expect(run("States.JsonToString('x')")).toBe('"x"');
    expect(run('States.JsonToString(false)')).toBe('false');
  });
});

describe('States.JsonMerge', () => {
  it.each(jsonMerge)('$id: merges as AWS did', (recordedCase) => {
    expect(runRecorded(recordedCase)).toEqual(recordedCase.expected);
  });

  it('merges objects held in variables (var-reference-in-intrinsic-function)', () => {
    expect(run('States.JsonMerge($json1, $json2, false)', { variables })).toEqual({ a: 1, b: 2, c: 3, d: 4 });
  });

  it("keeps the first object's key order, the second object winning on shared keys", () => {
    const input = { l: { x: 1, y: 2 }, r: { z: 3, x: 9 } };
    expect(Object.entries(run('States.JsonMerge($.l, $.r, false)', { input }) as object)).toEqual([
      ['x', 9],
      ['y', 2],
      ['z', 3],
    ]);
  });

  it('leaves both arguments untouched', () => {
    const input = { l: { x: 1 }, r: { x: 2 } };
    run('States.JsonMerge($.l, $.r, false)', { input });
    expect(input).toEqual({ l: { x: 1 }, r: { x: 2 } });
  });

  it.each([
    [
      'States.JsonMerge($.l, $.r, true)',
      'argument 3 (the deep-merge flag) must be false: only shallow merging is supported',
    ],
    [
      "States.JsonMerge($.l, $.r, 'false')",
      'argument 3 (the deep-merge flag) must be a boolean, got the string "false"',
    ],
    [
      'States.JsonMerge($.a, $.r, false)',
      'argument 1 (the first object) must be a JSON object, got an array',
    ],
    ['States.JsonMerge($.l, null, false)', 'argument 2 (the second object) must be a JSON object, got null'],
  ])('fails %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, `States.JsonMerge: ${detail}`, { l: {}, r: {}, a: [] });
  });
});
