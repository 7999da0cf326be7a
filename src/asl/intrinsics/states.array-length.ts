import { arrayArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/** `States.ArrayLength(array)`: the number of items in the array. */
export const statesArrayLength: IntrinsicFunction = {
  name: 'States.ArrayLength',
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    return arrayArgument(args, 0, 'the array').length;
  },
};
