import type { IntrinsicFunction } from './intrinsic.function.js';

/** `States.Array(values...)`: the values, in order, as an array. */
export const statesArray: IntrinsicFunction = {
  name: 'States.Array',
  minArgs: 0,
  maxArgs: Infinity,
  evaluate(args) {
    return [...args];
  },
};
