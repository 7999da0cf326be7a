import { integerArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/**
 * `States.MathAdd(a, b)`: the sum of two integers. AWS rounds a non-integer operand first, halves
 * up (recorded: 1.49 + 1.5 = 3, -1.5 + 0 = -1, -0.5 + 0.5 = 1), and each operand must fit a Java int.
 */
export const statesMathAdd: IntrinsicFunction = {
  name: 'States.MathAdd',
  minArgs: 2,
  maxArgs: 2,
  evaluate(args) {
    return integerArgument(args, 0, 'the first number') + integerArgument(args, 1, 'the second number');
  },
};
