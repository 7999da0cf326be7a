import { IntrinsicSyntaxError } from '../../../src/asl/errors.js';
import {
  INTRINSIC_MAX_NESTING,
  isIntrinsicFunction,
  parseIntrinsic,
  type IntrinsicArgument,
} from '../../../src/asl/intrinsics/index.js';
import { errorOf } from './intrinsic.fixture.js';

/** The single argument of `States.Array(<text>)`. */
function argumentOf(text: string): IntrinsicArgument {
  return parseIntrinsic(`States.Array(${text})`).args[0];
}

function syntaxErrorOf(expression: string): IntrinsicSyntaxError {
  const error = errorOf(() => parseIntrinsic(expression));
  expect(error).toBeInstanceOf(IntrinsicSyntaxError);
  return error as IntrinsicSyntaxError;
}

describe('isIntrinsicFunction', () => {
  it.each(["States.Format('{}', $.a)", 'States.UUID()', 'States.Unknown(1)', 'States.Format (1)'])(
    'recognises %s as a call',
    (expression) => {
      expect(isIntrinsicFunction(expression)).toBe(true);
    },
  );

  it.each([
    '$.a',
    '$$.Execution.Id',
    'States.Format',
    ' States.UUID()',
    'states.UUID()',
    'States.(1)',
    '{% $x %}',
    '',
  ])('does not take %j for a call', (expression) => {
    expect(isIntrinsicFunction(expression)).toBe(false);
  });
});

describe('parseIntrinsic', () => {
  it('parses a call with its name, arguments and text', () => {
    expect(parseIntrinsic("States.Format('{}', $.a)")).toEqual({
      kind: 'call',
      name: 'States.Format',
      args: [
        { kind: 'string', value: '{}', raw: '{}' },
        { kind: 'path', path: '$.a' },
      ],
      text: "States.Format('{}', $.a)",
    });
  });

  it('parses nested calls, keeping each call text as written', () => {
    const call = parseIntrinsic('States.MathAdd(States.ArrayLength( $.a ),-1)');
    expect(call.args[0]).toEqual({
      kind: 'call',
      name: 'States.ArrayLength',
      args: [{ kind: 'path', path: '$.a' }],
      text: 'States.ArrayLength( $.a )',
    });
    expect(call.args[1]).toEqual({ kind: 'number', value: -1 });
  });

  it('accepts whitespace, tabs and newlines between tokens, and after the call', () => {
    const call = parseIntrinsic("States.Array (\n\t1 ,\t'a'\n) \n");
    expect(call.args).toEqual([
      { kind: 'number', value: 1 },
      { kind: 'string', value: 'a', raw: 'a' },
    ]);
  });

  it.each([
    ['0', 0],
    ['-0', 0],
    ['42', 42],
    ['-7', -7],
    ['1.5', 1.5],
    ['-0.25', -0.25],
    ['2e3', 2000],
    ['1.5E-2', 0.015],
    ['1e+2', 100],
  ])('parses the number %s', (text, value) => {
    expect(argumentOf(text)).toEqual({ kind: 'number', value });
  });

  it('parses true, false and null', () => {
    expect(parseIntrinsic('States.Array(true, false, null)').args).toEqual([
      { kind: 'boolean', value: true },
      { kind: 'boolean', value: false },
      { kind: 'null' },
    ]);
  });

  it.each([
    ["'plain'", 'plain', 'plain'],
    ["''", '', ''],
    ["'it\\'s'", "it's", "it\\'s"],
    ["'\\{\\}'", '{}', '\\{\\}'],
    ["'a\\\\b'", 'a\\b', 'a\\\\b'],
    ["'keeps \\n as written'", 'keeps \\n as written', 'keeps \\n as written'],
    ['\'{"a": [1, 2]}, ()\'', '{"a": [1, 2]}, ()', '{"a": [1, 2]}, ()'],
  ])('parses the string %s', (text, value, raw) => {
    expect(argumentOf(text)).toEqual({ kind: 'string', value, raw });
  });

  it.each([
    '$',
    '$.a',
    '$.a.b[0]',
    '$$',
    '$$.Execution.Id',
    '$$.Map.Item.Value',
    '$myVar',
    '$myVar.field[2]',
    "$['key with, comma']",
    "$.a[?(@.b == 'x, y')]",
    '$.a[?(@.b == "q\\"uote")]',
    '$..deep',
    '$.a[*].b',
    '$.my-field',
  ])('parses the path %s', (path) => {
    expect(argumentOf(path)).toEqual({ kind: 'path', path });
  });

  it(`accepts calls nested ${INTRINSIC_MAX_NESTING} deep and refuses one more`, () => {
    const nest = (depth: number): string =>
      depth === 1 ? 'States.Array()' : `States.Array(${nest(depth - 1)})`;
    expect(() => parseIntrinsic(nest(INTRINSIC_MAX_NESTING))).not.toThrow();
    const error = syntaxErrorOf(nest(INTRINSIC_MAX_NESTING + 1));
    expect(error.position).toBe(13 * INTRINSIC_MAX_NESTING);
    expect(error.cause).toContain('intrinsic functions are nested more than 10 deep');
  });

  it.each([
    ['$.a', 0, 'an intrinsic function call starts with "States."'],
    ['States.Foo(1)', 0, 'unknown intrinsic function "States.Foo"'],
    ['States.format(1)', 0, 'unknown intrinsic function "States.format"'],
    ['States.Array(States.Nope())', 13, 'unknown intrinsic function "States.Nope"'],
    ['States.Array', 12, "expected '(' after States.Array, found the end of the expression"],
    ['States.Array[1]', 12, "expected '(' after States.Array, found '['"],
    ["States.Format('abc", 14, 'unterminated string: no closing single quote'],
    ["States.Format('abc\\')", 14, 'unterminated string: no closing single quote'],
    [
      'States.Array(1',
      14,
      "expected ',' or ')' after argument 1 of States.Array, found the end of the expression",
    ],
    ['States.Array(1 2)', 15, "expected ',' or ')' after argument 1 of States.Array, found '2'"],
    [
      'States.Array(1,,2)',
      15,
      "expected an argument (a 'string', a number, true, false, null, a $path or a States. call), found ','",
    ],
    [
      'States.Array(1,)',
      15,
      "expected an argument (a 'string', a number, true, false, null, a $path or a States. call), found ')'",
    ],
    [
      'States.Array(foo)',
      13,
      "expected an argument (a 'string', a number, true, false, null, a $path or a States. call), found 'f'",
    ],
    [
      'States.Array(True)',
      13,
      "expected an argument (a 'string', a number, true, false, null, a $path or a States. call), found 'T'",
    ],
    [
      'States.Array(@)',
      13,
      "expected an argument (a 'string', a number, true, false, null, a $path or a States. call), found '@'",
    ],
    ['States.Array(01)', 13, 'invalid number "01"'],
    ['States.Array(1.)', 13, 'invalid number "1."'],
    ['States.Array(-)', 13, 'invalid number "-"'],
    ['States.Array(1e999)', 13, 'invalid number "1e999"'],
    ['States.Array(12abc)', 13, 'invalid number "12abc"'],
    ['States.Array($.a[0)', 13, 'unclosed \'[\' in the path "$.a[0)"'],
    ['States.Array($.a])', 16, 'unexpected \']\' in the path "$.a"'],
    ['States.Array($.a(1))', 16, 'unexpected \'(\' in the path "$.a"'],
    ["States.Array($['a)", 15, "unterminated quoted name in a path: no closing '"],
    ['States.Array() x', 15, "unexpected 'x' after the end of the States.Array call"],
    ['States.Array())', 14, "unexpected ')' after the end of the States.Array call"],
    ['States.UUID(1)', 0, 'States.UUID takes no arguments, got 1'],
    ['States.MathAdd(1)', 0, 'States.MathAdd takes exactly 2 arguments, got 1'],
    ['States.MathRandom(1, 2, 3, 4)', 0, 'States.MathRandom takes 2 to 3 arguments, got 4'],
    ['States.Format()', 0, 'States.Format takes at least 1 argument, got 0'],
    ['States.Array(States.JsonToString())', 13, 'States.JsonToString takes exactly 1 argument, got 0'],
  ])('refuses %s, pointing at position %d', (expression, position, problem) => {
    const error = syntaxErrorOf(expression);
    expect(error.position).toBe(position);
    expect(error.expression).toBe(expression);
    expect(error.cause).toBe(
      `Invalid intrinsic function call: ${problem} (at position ${position} of "${expression}")`,
    );
  });

  it('reports syntax errors as States.Runtime, which no Retry or Catch handles', () => {
    const error = syntaxErrorOf('States.Foo()');
    expect(error.name).toBe('States.Runtime');
    expect(error.handling).toEqual({ matchedByAll: false, handleable: false });
  });
});
