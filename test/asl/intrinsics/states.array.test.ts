import { RuntimeError } from '../../../src/asl/errors.js';
import { evaluateIntrinsic } from '../../../src/asl/intrinsics/index.js';
import { contextFor, errorOf, run, runRecorded, type RecordedCase } from './intrinsic.fixture.js';

/** Executions recorded on AWS (shared conformance file). */
const recorded: RecordedCase[] = [
  ...[
    {
      id: 'intr-array-0',
      expression: 'States.Array()',
      input: {
        FunctionInput: 'HelloWorld',
      },
      expected: [],
    },
    {
      id: 'intr-array-2-3',
      expression: 'States.Array($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: null,
          snd: null,
        },
      },
      expected: [null, null],
    },
    {
      id: 'intr-array-2-7',
      expression: 'States.Array($.FunctionInput.fst, $.FunctionInput.snd)',
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
      expected: [
        {
          Arg1: 1,
          Arg2: [],
        },
        {
          Arg1: 1,
          Arg2: [],
        },
      ],
    },
  ],
  ...[
    {
      id: 'intr-array-partition-5',
      expression: 'States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: [0],
          snd: 1,
        },
      },
      expected: [[0]],
    },
    {
      id: 'intr-array-partition-16',
      expression: 'States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: [0, 1, 2],
          snd: 2,
        },
      },
      expected: [[0, 1], [2]],
    },
    {
      id: 'intr-array-partition-22',
      expression: 'States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: [0, 1, 2, 3],
          snd: 3,
        },
      },
      expected: [[0, 1, 2], [3]],
    },
  ],
  ...[
    {
      id: 'intr-array-contains-4',
      expression: 'States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: [[1, 2, 3], 2],
          snd: [1, 2, 3],
        },
      },
      expected: true,
    },
    {
      id: 'intr-array-contains-5',
      expression: 'States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: [
            {
              '1': 2,
              '2': [],
            },
          ],
          snd: [],
        },
      },
      expected: false,
    },
    {
      id: 'intr-array-contains-6',
      expression: 'States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: [
            {
              '1': 2,
              '2': [],
            },
          ],
          snd: {
            '1': 2,
            '2': [],
          },
        },
      },
      expected: true,
    },
  ],
  ...[
    {
      id: 'intr-array-range-0',
      expression: 'States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)',
      input: {
        FunctionInput: {
          fst: 0,
          snd: 9,
          trd: 3,
        },
      },
      expected: [0, 3, 6, 9],
    },
    {
      id: 'intr-array-range-2',
      expression: 'States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)',
      input: {
        FunctionInput: {
          fst: 1,
          snd: 9,
          trd: 9,
        },
      },
      expected: [1],
    },
  ],
  ...[
    {
      id: 'intr-array-get-item',
      expression: 'States.ArrayGetItem($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: [1, 2, 3, 4, 5, 6, 7, 8, 9],
          snd: 5,
        },
      },
      expected: 6,
    },
  ],
  ...[
    {
      id: 'intr-array-length',
      expression: 'States.ArrayLength($.FunctionInput)',
      input: {
        FunctionInput: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      },
      expected: 9,
    },
  ],
  ...[
    {
      id: 'intr-array-length-mixed',
      expression: 'States.ArrayLength($.FunctionInput)',
      input: {
        FunctionInput: [
          null,
          null,
          true,
          true,
          false,
          false,
          1,
          1,
          1.1,
          0,
          0,
          'HelloWorld',
          'HelloWorld',
          [],
          [],
          [null],
          [null],
          {
            a: 1,
            b: 2,
          },
          {
            a: 1,
            b: 2,
          },
          {
            a: 1,
            b: 1,
          },
        ],
      },
      expected: 20,
    },
  ],
];

function expectInvalidArguments(expression: string, detail: string, input: unknown = {}): void {
  const error = errorOf(() => run(expression, { input }));
  expect(error).toBeInstanceOf(RuntimeError);
  expect(error.cause).toBe(
    `The function '${expression}' had the following error: Invalid arguments in ${detail}`,
  );
}

const nine = { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] };

describe('array intrinsics on AWS recordings', () => {
  it.each(recorded)('$id: $expression gives what AWS gave', (recordedCase) => {
    expect(runRecorded(recordedCase)).toEqual(recordedCase.expected);
  });
});

describe('States.Array', () => {
  it('collects literals, paths and nested results in order', () => {
    expect(
      run("States.Array('a', 1, -2.5, true, null, $.x, States.Array())", { input: { x: { y: 1 } } }),
    ).toEqual(['a', 1, -2.5, true, null, { y: 1 }, []]);
  });
});

describe('States.ArrayPartition', () => {
  it('cuts an array into chunks, the last one shorter (AWS docs example)', () => {
    expect(run('States.ArrayPartition($.a, 4)', { input: nine })).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });

  it('gives no chunk for an empty array and rounds a fractional chunk size', () => {
    expect(run('States.ArrayPartition($.e, 2)', { input: { e: [] } })).toEqual([]);
    expect(run('States.ArrayPartition($.a, 2.5)', { input: nine })).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
  });

  it.each([
    ['States.ArrayPartition($.a, 0)', 'argument 2 (the chunk size) must be a positive integer, got 0'],
    ['States.ArrayPartition($.a, 0.49)', 'argument 2 (the chunk size) must be a positive integer, got 0.49'],
    ['States.ArrayPartition($.a, -3)', 'argument 2 (the chunk size) must be a positive integer, got -3'],
    ["States.ArrayPartition($.a, '2')", 'argument 2 (the chunk size) must be a number, got the string "2"'],
    ['States.ArrayPartition($.o, 2)', 'argument 1 (the array) must be an array, got an object'],
  ])('fails %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, `States.ArrayPartition: ${detail}`, { ...nine, o: {} });
  });
});

describe('States.ArrayContains', () => {
  it('finds a value (AWS docs example) and compares objects whatever their key order', () => {
    expect(run('States.ArrayContains($.a, 5)', { input: nine })).toBe(true);
    expect(run('States.ArrayContains($.a, 10)', { input: nine })).toBe(false);
    expect(
      run('States.ArrayContains($.l, $.v)', { input: { l: [{ x: 1, y: [2] }], v: { y: [2], x: 1 } } }),
    ).toBe(true);
    expect(run('States.ArrayContains($.l, null)', { input: { l: [0, '', false] } })).toBe(false);
  });

  it('fails when the first argument is not an array', () => {
    expectInvalidArguments(
      "States.ArrayContains('abc', 'a')",
      'States.ArrayContains: argument 1 (the array) must be an array, got the string "abc"',
    );
  });
});

describe('States.ArrayRange', () => {
  it.each([
    ['States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
    ['States.ArrayRange(5, 1, -2)', [5, 3, 1]],
    ['States.ArrayRange(3, 3, -1)', [3]],
    ['States.ArrayRange(5, 1, 1)', []],
    ['States.ArrayRange(1, 5, -1)', []],
    ['States.ArrayRange(-2, 2, 2)', [-2, 0, 2]],
    ['States.ArrayRange(1.4, 5.6, 2.2)', [1, 3, 5]],
  ])('%s gives %j', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('produces up to 1000 items in either direction', () => {
    expect(run('States.ArrayRange(1, 1000, 1)')).toHaveLength(1000);
    expect(run('States.ArrayRange(1000, 1, -1)')).toHaveLength(1000);
  });

  it.each([
    [
      'States.ArrayRange(1, 1001, 1)',
      'the range would hold 1001 items; States.ArrayRange produces at most 1000',
    ],
    [
      'States.ArrayRange(0, 2147483647, 1)',
      'the range would hold 2147483648 items; States.ArrayRange produces at most 1000',
    ],
    ['States.ArrayRange(1, 10, 0)', 'argument 3 (the step) must not be 0'],
    ['States.ArrayRange(1, 10, 0.49)', 'argument 3 (the step) must not be 0'],
    ["States.ArrayRange('a', 5, 1)", 'argument 1 (the first value) must be a number, got the string "a"'],
    [
      'States.ArrayRange(1, 3000000000, 1)',
      'argument 2 (the last value) must be an integer from -2147483648 to 2147483647, got 3000000000',
    ],
  ])('fails %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, `States.ArrayRange: ${detail}`);
  });
});

describe('States.ArrayGetItem', () => {
  it('returns the item at an index, which may be a nested value', () => {
    expect(run('States.ArrayGetItem($.a, 0)', { input: nine })).toBe(1);
    expect(run('States.ArrayGetItem($.l, 1)', { input: { l: [null, { k: [1] }] } })).toEqual({ k: [1] });
  });

  it.each([
    ['States.ArrayGetItem($.a, 9)', 'argument 2 (the index) is 9, out of bounds for an array of 9 item(s)'],
    ['States.ArrayGetItem($.a, -1)', 'argument 2 (the index) is -1, out of bounds for an array of 9 item(s)'],
    ['States.ArrayGetItem($.a, null)', 'argument 2 (the index) must be a number, got null'],
    ['States.ArrayGetItem($.o, 0)', 'argument 1 (the array) must be an array, got an object'],
  ])('fails %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, `States.ArrayGetItem: ${detail}`, { ...nine, o: {} });
  });
});

describe('States.ArrayLength', () => {
  it('counts items, and fails on a value that is not an array', () => {
    expect(run('States.ArrayLength(States.Array())')).toBe(0);
    expectInvalidArguments(
      'States.ArrayLength($.s)',
      'States.ArrayLength: argument 1 (the array) must be an array, got the string "abc"',
      { s: 'abc' },
    );
  });
});

describe('States.ArrayUnique', () => {
  it('drops duplicates and keeps first occurrences in order (AWS docs example)', () => {
    expect(run('States.ArrayUnique($.a)', { input: { a: [1, 2, 3, 3, 3, 3, 3, 3, 4] } })).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('compares items deeply, objects whatever their key order', () => {
    const a = [null, null, true, 1, 1, '1', [], [], [null], { a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1, b: 1 }];
    expect(run('States.ArrayUnique($.a)', { input: { a } })).toEqual([
      null,
      true,
      1,
      '1',
      [],
      [null],
      { a: 1, b: 2 },
      { a: 1, b: 1 },
    ]);
  });

  it('handles 100,000 distinct items without comparing every pair (within the test timeout)', () => {
    const a = Array.from({ length: 100_000 }, (_, index) => ({ id: index }));
    // Over a megabyte: far more than a payload may hold, so past the default result budget.
    const context = { ...contextFor({ input: { a } }), maxResultBytes: 16 * 1024 * 1024 };
    expect(evaluateIntrinsic('States.ArrayUnique($.a)', context)).toHaveLength(100_000);
  });

  it('fails on a value that is not an array', () => {
    expectInvalidArguments(
      'States.ArrayUnique(1)',
      'States.ArrayUnique: argument 1 (the array) must be an array, got the number 1',
    );
  });
});
