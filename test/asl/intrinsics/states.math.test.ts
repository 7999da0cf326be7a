import { RuntimeError } from '../../../src/asl/errors.js';
import { JavaRandom } from '../../../src/asl/intrinsics/intrinsic.java-random.js';
import { errorOf, run, runRecorded, seededRandom, type RecordedCase } from './intrinsic.fixture.js';

/** States.MathAdd executions recorded on AWS (shared conformance file). */
const recordedAdds: RecordedCase[] = [
  {
    id: 'intr-math-add-1',
    expression: 'States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)',
    input: {
      FunctionInput: {
        fst: 1.49,
        snd: 1.5,
      },
    },
    expected: 3,
  },
  {
    id: 'intr-math-add-2',
    expression: 'States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)',
    input: {
      FunctionInput: {
        fst: 1.5,
        snd: 1.51,
      },
    },
    expected: 4,
  },
  {
    id: 'intr-math-add-10',
    expression: 'States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)',
    input: {
      FunctionInput: {
        fst: -1.5,
        snd: 0,
      },
    },
    expected: -1,
  },
  {
    id: 'intr-math-add-16',
    expression: 'States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)',
    input: {
      FunctionInput: {
        fst: -0.5,
        snd: 0.5,
      },
    },
    expected: 1,
  },
  {
    id: 'intr-math-add-17',
    expression: 'States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)',
    input: {
      FunctionInput: {
        fst: -0.5,
        snd: 0,
      },
    },
    expected: 0,
  },
];

function expectInvalidArguments(expression: string, detail: string, input: unknown = {}): void {
  const error = errorOf(() => run(expression, { input }));
  expect(error).toBeInstanceOf(RuntimeError);
  expect(error.cause).toBe(
    `The function '${expression}' had the following error: Invalid arguments in ${detail}`,
  );
}

describe('States.MathAdd', () => {
  it.each(recordedAdds)(
    '$id: $input.FunctionInput.fst + $input.FunctionInput.snd gives $expected as on AWS',
    (recordedCase) => {
      expect(runRecorded(recordedCase)).toBe(recordedCase.expected);
    },
  );

  it('adds variables as AWS did (var-reference-in-intrinsic-function)', () => {
    expect(run('States.MathAdd($value1, $value2)', { variables: { value1: 5, value2: 3 } })).toBe(8);
  });

  it.each([
    ['States.MathAdd(-9, 3)', -6],
    ['States.MathAdd(2.5, 0)', 3],
    ['States.MathAdd(-2.5, 0)', -2],
    ['States.MathAdd(111, -1)', 110],
    ['States.MathAdd(2147483647, 2147483647)', 4294967294],
    ['States.MathAdd(States.MathAdd(States.MathAdd(44, 9), 6), 4.3)', 63],
  ])('%s gives %d, rounding halves up like Java', (expression, expected) => {
    expect(run(expression)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(run('States.MathAdd(-0.5, 0)'), 0)).toBe(true);
  });

  it.each([
    [
      "States.MathAdd($.n, 'NOT A NUMBER')",
      'argument 2 (the second number) must be a number, got the string "NOT A NUMBER"',
    ],
    ['States.MathAdd(null, 1)', 'argument 1 (the first number) must be a number, got null'],
    [
      'States.MathAdd(2147483648, 1)',
      'argument 1 (the first number) must be an integer from -2147483648 to 2147483647, got 2147483648',
    ],
    [
      'States.MathAdd(1, -2147483649)',
      'argument 2 (the second number) must be an integer from -2147483648 to 2147483647, got -2147483649',
    ],
  ])('fails %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, `States.MathAdd: ${detail}`, { n: 1 });
  });
});

describe('States.MathRandom', () => {
  const recorded = {
    expression: 'States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)',
    input: { FunctionInput: { fst: 12.5, snd: 44.51 } },
  };

  it('intr-math-random: returns an integer in [12.5, 44.51) whatever the injected random gives', () => {
    const random = seededRandom(7);
    for (let draw = 0; draw < 500; draw++) {
      const value = run(recorded.expression, { input: recorded.input }, random) as number;
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(12.5);
      expect(value).toBeLessThan(44.51);
    }
  });

  it('maps the injected random onto [start, end) after rounding the bounds', () => {
    expect(run(recorded.expression, { input: recorded.input }, () => 0)).toBe(13);
    expect(run(recorded.expression, { input: recorded.input }, () => 0.999999)).toBe(44);
    expect(run('States.MathRandom(1, 2)', {}, () => 0.7)).toBe(1);
    expect(run('States.MathRandom(-99999, -9999)', {}, () => 0.5)).toBe(-54999);
  });

  it('stays below end even when the injected random misbehaves and returns 1', () => {
    expect(run('States.MathRandom(0, 10)', {}, () => 1)).toBe(9);
  });

  it('gives java.util.Random(seed).nextInt(end - start) + start with a seed, on every run', () => {
    const never = () => {
      throw new Error('a seeded draw must not use the injected random');
    };
    expect(run('States.MathRandom(0, 10, 42)', {}, never)).toBe(0);
    expect(run('States.MathRandom(5, 21, 42)', {}, never)).toBe(16);
    expect(run('States.MathRandom(0, 1500000000, 42)', {}, never)).toBe(117392763);
    expect(run('States.MathRandom(1, 1000, 7)', {}, never)).toBe(
      run('States.MathRandom(1, 1000, 7)', {}, never),
    );
    expect(run('States.MathRandom(1, 10, -10)', {}, never)).toEqual(expect.any(Number));
  });

  it.each([
    ['States.MathRandom(1, 1)', 'argument 1 (the start) must be less than argument 2 (the end), got 1 and 1'],
    [
      'States.MathRandom(10, 5)',
      'argument 1 (the start) must be less than argument 2 (the end), got 10 and 5',
    ],
    [
      'States.MathRandom(1.49, 1.49)',
      'argument 1 (the start) must be less than argument 2 (the end), got 1 and 1',
    ],
    ["States.MathRandom('a', 10)", 'argument 1 (the start) must be a number, got the string "a"'],
    ['States.MathRandom(1, 10, null)', 'argument 3 (the seed) must be a number, got null'],
    [
      'States.MathRandom(-2147483648, 2147483647)',
      'the range from -2147483648 to 2147483647 is wider than 2147483647',
    ],
  ])('fails %s with States.Runtime', (expression, detail) => {
    expectInvalidArguments(expression, `States.MathRandom: ${detail}`);
  });
});

describe('JavaRandom', () => {
  it('reproduces the sequences every JVM gives for new Random(42) and new Random(0)', () => {
    const random = new JavaRandom(42);
    expect([random.nextInt(), random.nextInt(), random.nextInt(), random.nextInt()]).toEqual([
      -1170105035, 234785527, -1360544799, 205897768,
    ]);
    expect(new JavaRandom(0).nextInt()).toBe(-1155484576);
  });
});
