import {
  PATH,
  REFERENCE_PATH,
  RESULT_PATH,
  pathSyntaxError,
} from '../../../src/asl/validate/jsonpath.syntax.js';

describe('a Path', () => {
  it.each([
    '$',
    '$$',
    '$.a',
    '$.a.b-c.d_e',
    '$$.Execution.Input.x',
    '$$.Map.Item.Value',
    '$myVar',
    '$my_var.field[0]',
    "$['a b']",
    '$["a"]',
    "$['a','b']",
    "$['it\\'s']",
    '$[0]',
    '$[-1]',
    '$[0,1]',
    '$[1:3]',
    '$[::2]',
    '$[*]',
    '$.*',
    '$..id',
    '$..[0]',
    '$..*',
    '$.users[?(@.status == 0)]',
    "$.users[?(@.name == 'a)b')]",
    '$.a[(@.length-1)]',
    '$.items.length()',
    '$.a.concat("x")',
  ])('accepts %s', (path) => {
    expect(pathSyntaxError(path, PATH)).toBeUndefined();
  });

  it.each([
    ['a.b', 'a path starts with $'],
    ['', 'a path starts with $'],
    ['$.', 'a field name is missing at position 2'],
    ['$..', 'a field name is missing'],
    ['$a b', "unexpected ' '"],
    ['$1', "unexpected '1'"],
    ['$.a[', "'[' at position 3 is never closed"],
    ['$.a]', "unexpected ']'"],
    ['$[]', 'is not an index, a slice, a quoted name or a filter'],
    ['$[abc]', 'is not an index'],
    ["$['a]", 'the quoted name at position 2 is never closed'],
    ["$['a' 'b']", "expected ']' or ','"],
    ["$['a', b]", 'expected a quoted name'],
    ['$[?(@.a]', "'(' at position 3 is never closed"],
    ['$[?()]', 'is empty'],
    ['$[?@.a]', "expected '(' after '[?'"],
    ['$[?(@.a)x', "expected ']'"],
    ['$.a.size()', 'size() is not a JSONPath function'],
    ['$.a.length().b', 'length() must end the path'],
  ])('refuses %s', (path, reason) => {
    expect(pathSyntaxError(path, PATH)).toContain(reason);
  });
});

describe('a Reference Path', () => {
  it.each(['$', '$.a', "$['a'].b[2]", '$$.Execution.Id', '$var.items[0]'])('accepts %s', (path) => {
    expect(pathSyntaxError(path, REFERENCE_PATH)).toBeUndefined();
  });

  it.each([
    ['$.a[*]', 'a wildcard [*]'],
    ['$.*', 'a wildcard (*)'],
    ['$..a', 'recursive descent (..)'],
    ['$.a[0:1]', 'a slice'],
    ['$.a[0,1]', 'a union of indexes'],
    ["$['a','b']", 'a union of names'],
    ['$.a[?(@.b)]', 'a filter'],
    ['$.a[(@.length-1)]', 'a script'],
    ['$.a[-1]', 'negative index'],
    ['$.a.length()', 'functions such as length() are not allowed'],
  ])('refuses %s: %s', (path, reason) => {
    expect(pathSyntaxError(path, REFERENCE_PATH)).toContain(reason);
  });
});

describe('a ResultPath', () => {
  it('writes only into the state data', () => {
    expect(pathSyntaxError('$.result', RESULT_PATH)).toBeUndefined();
    expect(pathSyntaxError('$$.Execution', RESULT_PATH)).toContain('not $$ or a variable');
    expect(pathSyntaxError('$v.x', RESULT_PATH)).toContain('not $$ or a variable');
  });
});
