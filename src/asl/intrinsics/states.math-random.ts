import { integerArgument, IntrinsicArgumentError, INT32_MAX } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';
import { JavaRandom } from './intrinsic.java-random.js';

/**
 * `States.MathRandom(start, end[, seed])`: a random integer with start <= n < end. Bounds are rounded
 * to integers and `start` must stay below `end`. Without a seed the draw uses the injected `random`;
 * with one it is `new java.util.Random(seed).nextInt(end - start) + start`, the same on every run.
 */
export const statesMathRandom: IntrinsicFunction = {
  name: 'States.MathRandom',
  minArgs: 2,
  maxArgs: 3,
  evaluate(args, { random }) {
    const start = integerArgument(args, 0, 'the start');
    const end = integerArgument(args, 1, 'the end');
    if (start >= end) {
      throw new IntrinsicArgumentError(
        `argument 1 (the start) must be less than argument 2 (the end), got ${start} and ${end}`,
      );
    }
    const span = end - start;
    if (span > INT32_MAX) {
      throw new IntrinsicArgumentError(`the range from ${start} to ${end} is wider than ${INT32_MAX}`);
    }
    if (args.length === 3) {
      return start + new JavaRandom(integerArgument(args, 2, 'the seed')).nextIntBelow(span);
    }
    // Math.min guards against an injected source that returns 1, which would reach `end`.
    return start + Math.min(Math.floor(random() * span), span - 1);
  },
};
