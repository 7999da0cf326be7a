import { arrayArgument, integerArgument, IntrinsicArgumentError } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/**
 * `States.ArrayPartition(array, chunkSize)`: the array cut into chunks of `chunkSize` items; the last
 * chunk holds what is left. The chunk size is rounded and must then be at least 1.
 */
export const statesArrayPartition: IntrinsicFunction = {
  name: 'States.ArrayPartition',
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    const array = arrayArgument(args, 0, 'the array');
    const chunkSize = integerArgument(args, 1, 'the chunk size');
    if (chunkSize < 1) {
      throw new IntrinsicArgumentError(
        `argument 2 (the chunk size) must be a positive integer, got ${args[1]}`,
      );
    }
    const chunks: unknown[][] = [];
    for (let start = 0; start < array.length; start += chunkSize) {
      chunks.push(array.slice(start, start + chunkSize));
    }
    return chunks;
  },
};
