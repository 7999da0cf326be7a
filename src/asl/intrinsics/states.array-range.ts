import { integerArgument, IntrinsicArgumentError } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/** The most items `States.ArrayRange` may produce (AWS limit). */
export const ARRAY_RANGE_MAX_ITEMS = 1000;

/**
 * `States.ArrayRange(first, last, step)`: `first`, `first + step`, ... up to and including `last`.
 * Arguments are rounded to integers; the step must not be 0 and may be negative to count down.
 * A step pointing away from `last` gives an empty array.
 */
export const statesArrayRange: IntrinsicFunction = {
  name: 'States.ArrayRange',
  minArgs: 3,
  maxArgs: 3,
  evaluate(args) {
    const first = integerArgument(args, 0, 'the first value');
    const last = integerArgument(args, 1, 'the last value');
    const step = integerArgument(args, 2, 'the step');
    if (step === 0) throw new IntrinsicArgumentError('argument 3 (the step) must not be 0');
    // Counted before any item is built, so a huge range costs nothing before it is refused.
    const count = Math.max(0, Math.floor((last - first) / step) + 1);
    if (count > ARRAY_RANGE_MAX_ITEMS) {
      throw new IntrinsicArgumentError(
        `the range would hold ${count} items; States.ArrayRange produces at most ${ARRAY_RANGE_MAX_ITEMS}`,
      );
    }
    return Array.from({ length: count }, (_, index) => first + index * step);
  },
};
