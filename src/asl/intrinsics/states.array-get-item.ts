import { arrayArgument, integerArgument, IntrinsicArgumentError } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/** `States.ArrayGetItem(array, index)`: the item at the 0-based index, which must exist. */
export const statesArrayGetItem: IntrinsicFunction = {
  name: 'States.ArrayGetItem',
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const array = arrayArgument(args, 0, 'the array');
    const index = integerArgument(args, 1, 'the index');
    if (index < 0 || index >= array.length) {
      throw new IntrinsicArgumentError(
        `argument 2 (the index) is ${index}, out of bounds for an array of ${array.length} item(s)`,
      );
    }
    return array[index];
  },
};
