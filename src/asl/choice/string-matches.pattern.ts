/**
 * `StringMatches` patterns: `*` matches zero or more characters, `\*` is a literal asterisk, `\\` a
 * literal backslash; nothing else is special. A backslash at the very end escapes nothing and is a
 * runtime error, as the ASL specification says of an "open escape".
 */
import { RuntimeError } from '../errors.js';

const WILDCARD = Symbol('wildcard');

/** A UTF-16 code unit to match literally, or the wildcard. */
type PatternToken = string | typeof WILDCARD;

function tokenize(pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') {
      tokens.push(WILDCARD);
    } else if (char === '\\') {
      index++;
      if (index === pattern.length) {
        throw new RuntimeError(`The StringMatches pattern '${pattern}' ends with an open escape backslash.`);
      }
      // Only `\*` and `\\` are meaningful escapes; any other escaped character stands for itself.
      tokens.push(pattern[index]);
    } else {
      tokens.push(char);
    }
  }
  return tokens;
}

/**
 * Whether `value` matches the `StringMatches` pattern as a whole.
 *
 * Greedy matching that backtracks only to the most recent wildcard: time is at most
 * O(value × pattern). A regular expression built from the pattern could backtrack exponentially on
 * patterns such as `a*a*a*a*b`, and the pattern comes from a user's definition.
 */
export function matchesPattern(value: string, pattern: string): boolean {
  const tokens = tokenize(pattern);
  let tokenIndex = 0;
  let valueIndex = 0;
  let lastWildcard = -1;
  let resumeAt = 0;
  while (valueIndex < value.length) {
    const token = tokens[tokenIndex];
    if (token === WILDCARD) {
      lastWildcard = tokenIndex++;
      resumeAt = valueIndex;
    } else if (token === value[valueIndex]) {
      tokenIndex++;
      valueIndex++;
    } else if (lastWildcard >= 0) {
      // Let the last wildcard swallow one more character and retry the rest from there.
      tokenIndex = lastWildcard + 1;
      valueIndex = ++resumeAt;
    } else {
      return false;
    }
  }
  while (tokens[tokenIndex] === WILDCARD) tokenIndex++;
  return tokenIndex === tokens.length;
}
