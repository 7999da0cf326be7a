import { IntrinsicArgumentError, stringArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';
import { checkBase64InputLength } from './states.base64-encode.js';

/** Standard Base64 digits, without padding. */
const BASE64_DIGITS = /^[A-Za-z0-9+/]*$/;

/**
 * Checks Base64 text as strictly as Java's basic decoder, which AWS uses: only the standard alphabet,
 * padding optional but correct when present. Node's own decoder would silently skip bad characters.
 */
function checkBase64(text: string): void {
  const digits = text.replace(/={1,2}$/, '');
  const padding = text.length - digits.length;
  const valid =
    BASE64_DIGITS.test(digits) &&
    digits.length % 4 !== 1 &&
    (padding === 0 || (digits.length + padding) % 4 === 0);
  if (!valid) throw new IntrinsicArgumentError('argument 1 (the Base64 text) is not valid Base64');
}

/** `States.Base64Decode(base64)`: the text whose UTF-8 bytes the Base64 text encodes. */
export const statesBase64Decode: IntrinsicFunction = {
  name: 'States.Base64Decode',
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const text = stringArgument(args, 0, 'the Base64 text');
    checkBase64InputLength(text);
    checkBase64(text);
    return Buffer.from(text, 'base64').toString('utf8');
  },
};
