import { createHash } from 'node:crypto';
import { IntrinsicArgumentError, stringArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/** The longest input `States.Hash` accepts (AWS limit), in characters. */
export const HASH_INPUT_MAX_CHARS = 10_000;

/** AWS's algorithm names mapped to Node's digest names. */
const ALGORITHMS = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);

/** `States.Hash(text, algorithm)`: the lower-case hex digest of the text's UTF-8 bytes. */
export const statesHash: IntrinsicFunction = {
  name: 'States.Hash',
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const text = stringArgument(args, 0, 'the data to hash');
    const algorithm = stringArgument(args, 1, 'the algorithm');
    if (text.length > HASH_INPUT_MAX_CHARS) {
      throw new IntrinsicArgumentError(
        `argument 1 (the data to hash) has ${text.length} characters; at most ${HASH_INPUT_MAX_CHARS} are allowed`,
      );
    }
    const digest = ALGORITHMS.get(algorithm);
    if (digest === undefined) {
      throw new IntrinsicArgumentError(
        `argument 2 (the algorithm) must be one of ${[...ALGORITHMS.keys()].join(', ')}, got ${JSON.stringify(algorithm)}`,
      );
    }
    return createHash(digest).update(text, 'utf8').digest('hex');
  },
};
