import type { IntrinsicFunction } from './intrinsic.function.js';
import { javaJson } from './intrinsic.java-text.js';

/** `States.JsonToString(value)`: the value as compact JSON text, as AWS's Jackson writes it. */
export const statesJsonToString: IntrinsicFunction = {
  name: 'States.JsonToString',
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    return javaJson(args[0]);
  },
};
