import { IntrinsicArgumentError, stringArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';
import { javaText } from './intrinsic.java-text.js';

/** Characters a backslash escapes in a template: `\{` and `\}` are literal braces. */
const ESCAPABLE = new Set(["'", '{', '}', '\\']);

/**
 * Splits a template around its `{}` placeholders: n placeholders give n + 1 literal pieces.
 * A brace that is not part of `{}` and not escaped is an error, as on AWS.
 */
function splitTemplate(template: string): string[] {
  const pieces = [''];
  for (let index = 0; index < template.length; index++) {
    const char = template[index];
    const next = template[index + 1];
    if (char === '\\' && next !== undefined && ESCAPABLE.has(next)) {
      pieces[pieces.length - 1] += next;
      index++;
    } else if (char === '{' && next === '}') {
      pieces.push('');
      index++;
    } else if (char === '{' || char === '}') {
      throw new IntrinsicArgumentError(
        `the template has an unmatched '${char}' at index ${index}; write \\${char} for a literal brace`,
      );
    } else {
      pieces[pieces.length - 1] += char;
    }
  }
  return pieces;
}

/**
 * `States.Format(template, values...)`: the template with each `{}` replaced by the next value.
 * Strings are inserted as they are; other values as Java prints them (`{Arg1=1, Arg2=[]}`).
 */
export const statesFormat: IntrinsicFunction = {
  name: 'States.Format',
  minArgs: 1,
  maxArgs: Infinity,
  evaluate(args, { call }) {
    const template = stringArgument(args, 0, 'the template');
    // A literal template is read as written, so that an escaped \{ is never taken for a placeholder.
    const first = call.args[0];
    const pieces = splitTemplate(first.kind === 'string' ? first.raw : template);
    const values = args.slice(1);
    if (pieces.length - 1 !== values.length) {
      throw new IntrinsicArgumentError(
        `the template has ${pieces.length - 1} placeholder(s) {} but ${values.length} value(s) follow it`,
      );
    }
    return pieces.reduce((text, piece, index) => text + javaText(values[index - 1]) + piece);
  },
};
