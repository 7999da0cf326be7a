import { RuntimeError } from '../../../src/asl/errors.js';
import { errorOf, run, runRecorded, type RecordedCase } from './intrinsic.fixture.js';

/** Executions recorded on AWS (shared conformance file). */
const recorded: RecordedCase[] = [
  ...[
    {
      id: 'intr-string-split-2',
      expression: 'States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: ', , ,',
          snd: ',',
        },
      },
      expected: [' ', ' '],
    },
    {
      id: 'intr-string-split-3',
      expression: 'States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: ',,,,',
          snd: ',',
        },
      },
      expected: [],
    },
    {
      id: 'intr-string-split-5',
      expression: 'States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: 'This.is+a,test=string',
          snd: '.+,=',
        },
      },
      expected: ['This', 'is', 'a', 'test', 'string'],
    },
    {
      id: 'intr-string-split-6',
      expression: 'States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)',
      input: {
        FunctionInput: {
          fst: 'split on T and \nnew line',
          snd: 'T\n',
        },
      },
      expected: ['split on ', ' and ', 'new line'],
    },
  ],
  ...[
    {
      id: 'intr-string-split-multiline',
      expression: "States.StringSplit($$.Execution.Input.FunctionInput, ',')",
      input: {
        FunctionInput:
          "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
      },
      expected: [
        'Value1',
        'Value2',
        'Value3\nValue4',
        'Value5',
        'Value6\n',
        '\ntrue',
        '1',
        "'HelloWorld'\nNull",
        'None',
        '\n   \n',
      ],
    },
  ],
];

describe('States.StringSplit', () => {
  it.each(recorded)('$id: $expression gives what AWS gave', (recordedCase) => {
    expect(runRecorded(recordedCase)).toEqual(recordedCase.expected);
  });

  it('splits a variable as AWS did (var-reference-in-intrinsic-function)', () => {
    expect(run("States.StringSplit($csvString, ',')", { variables: { csvString: 'a,b,c,d,e' } })).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
  });

  it('splits on every character of the delimiter string, keeping multi-byte characters whole', () => {
    expect(run("States.StringSplit('1+2=3', '+=')")).toEqual(['1', '2', '3']);
    expect(run("States.StringSplit('a😀b😀c', '😀')")).toEqual(['a', 'b', 'c']);
  });

  it('gives the whole text for an empty delimiter, and nothing for an empty text', () => {
    expect(run("States.StringSplit('abc', '')")).toEqual(['abc']);
    expect(run("States.StringSplit('', ',')")).toEqual([]);
  });

  it('feeds nested calls, as in the AWS docs ARN example', () => {
    const input = {
      ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.2.3' },
    };
    const expression =
      "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))";
    expect(run(expression, { input })).toBe('1.2.3');
  });

  it.each([
    ["States.StringSplit(1, ',')", 'argument 1 (the text to split) must be a string, got the number 1'],
    ["States.StringSplit('a', null)", 'argument 2 (the delimiter characters) must be a string, got null'],
  ])('fails %s with States.Runtime', (expression, detail) => {
    const error = errorOf(() => run(expression));
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.cause).toBe(
      `The function '${expression}' had the following error: Invalid arguments in States.StringSplit: ${detail}`,
    );
  });
});
