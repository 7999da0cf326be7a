import { IntrinsicArgumentError, stringArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/** The longest input `States.Base64Encode` and `States.Base64Decode` accept (AWS limit), in characters. */
export const BASE64_INPUT_MAX_CHARS = 10_000;

/** Refuses an input longer than `BASE64_INPUT_MAX_CHARS` (UTF-16 units, as Java's `String.length`). */
export function checkBase64InputLength(text: string): void {
  if (text.length > BASE64_INPUT_MAX_CHARS) {
    throw new IntrinsicArgumentError(
      `argument 1 has ${text.length} characters; at most ${BASE64_INPUT_MAX_CHARS} are allowed`,
    );
  }
}

/** `States.Base64Encode(text)`: the UTF-8 bytes of the text in standard Base64, with padding. */
export const statesBase64Encode: IntrinsicFunction = {
  name: 'States.Base64Encode',
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const text = stringArgument(args, 0, 'the text to encode');
    checkBase64InputLength(text);
    return Buffer.from(text, 'utf8').toString('base64');
  },
};
