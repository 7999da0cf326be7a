import { arrayArgument } from './intrinsic.arguments.js';
import { canonicalJson } from './intrinsic.equality.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/**
 * `States.ArrayUnique(array)`: the array without duplicate items (deep equality), each item kept at
 * its first occurrence.
 */
export const statesArrayUnique: IntrinsicFunction = {
  name: 'States.ArrayUnique',
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const seen = new Set<string>();
    return arrayArgument(args, 0, 'the array').filter((item) => {
      const key = canonicalJson(item);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
};
