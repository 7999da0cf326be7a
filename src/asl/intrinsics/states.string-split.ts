import { stringArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/**
 * `States.StringSplit(text, delimiters)`: the pieces of the text between delimiters. As with Java's
 * `StringTokenizer`, which AWS's results match, every character of `delimiters` is a delimiter and
 * empty pieces are dropped (recorded: ", , ," split on "," gives [" ", " "]).
 */
export const statesStringSplit: IntrinsicFunction = {
  name: 'States.StringSplit',
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const text = stringArgument(args, 0, 'the text to split');
    const delimiters = new Set(stringArgument(args, 1, 'the delimiter characters'));
    const pieces: string[] = [];
    let piece = '';
    for (const char of text) {
      if (!delimiters.has(char)) {
        piece += char;
      } else if (piece !== '') {
        pieces.push(piece);
        piece = '';
      }
    }
    if (piece !== '') pieces.push(piece);
    return pieces;
  },
};
