import { arrayArgument } from './intrinsic.arguments.js';
import { jsonEquals } from './intrinsic.equality.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/** `States.ArrayContains(array, value)`: whether an item of the array deeply equals the value. */
export const statesArrayContains: IntrinsicFunction = {
  name: 'States.ArrayContains',
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const array = arrayArgument(args, 0, 'the array');
    return array.some((item) => jsonEquals(item, args[1]));
  },
};
