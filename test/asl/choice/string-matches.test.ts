import { evaluateChoiceRule, type ChoiceRule } from '../../../src/asl/choice/index.js';
import { inputResolver } from './path-resolver.fixture.js';

function matches(value: unknown, pattern: unknown): boolean {
  const rule = { Variable: '$.value', StringMatches: pattern } as unknown as ChoiceRule;
  return evaluateChoiceRule(rule, inputResolver({ value }));
}

// Patterns are written as they appear after JSON decoding: `\\*` in the definition is `\*` here.
const ROWS: ReadonlyArray<readonly [pattern: string, value: string, expected: boolean]> = [
  ['foo*.log', 'foo23.log', true],
  ['*.log', 'zebra.log', true],
  ['foo*.*', 'foobar.zebra', true],
  ['foo*.log', 'foo23.txt', false],
  ['*', '', true],
  ['*', 'anything at all', true],
  ['', '', true],
  ['', 'a', false],
  ['a*', 'b', false],
  ['*a', 'ba', true],
  ['*a', 'ab', false],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'aXcYb', false],
  ['a**b', 'ab', true],
  ['*ab*ab*', 'xabyab', true],
  ['*aab', 'aaab', true],
  ['Hello', 'hello', false],
  ['a?c', 'abc', false],
  ['a?c', 'a?c', true],
  ['a.c', 'abc', false],
  ['[abc]', 'a', false],
  ['[abc]', '[abc]', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['a\\\\b', 'a\\b', true],
  ['a\\\\*', 'a\\anything', true],
  ['a\\\\*', 'a', false],
  ['\\a', 'a', true],
  ['😀*', '😀 smile', true],
];

describe('StringMatches', () => {
  it.each(ROWS)('pattern %j against %j is %s', (pattern, value, expected) => {
    expect(matches(value, pattern)).toBe(expected);
  });

  it.each([[1], [null], [true], [['a']]])('is false for the non-string value %j', (value) => {
    expect(matches(value, '*')).toBe(false);
  });

  it('is false for a non-string pattern', () => {
    expect(matches('a', 1)).toBe(false);
  });

  it('fails with States.Runtime on a pattern ending with an open escape backslash', () => {
    expect(() => matches('a\\', 'a\\')).toThrow(
      expect.objectContaining({ name: 'States.Runtime', cause: expect.stringContaining('open escape') }),
    );
  });

  it('matches a long value against many wildcards without catastrophic backtracking', () => {
    const value = 'a'.repeat(20_000);
    expect(matches(value, `${'a*'.repeat(30)}b`)).toBe(false);
    expect(matches(`${value}b`, `${'a*'.repeat(30)}b`)).toBe(true);
  });
});
