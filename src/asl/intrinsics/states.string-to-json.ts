import { IntrinsicArgumentError, stringArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/** Replaces `-0` (which `JSON.parse('-0')` yields) by `0`, as Jackson reads `-0` as the integer 0. */
function withoutNegativeZero(_key: string, value: unknown): unknown {
  return Object.is(value, -0) ? 0 : value;
}

/**
 * `States.StringToJson(text)`: the JSON value the text holds. Blank text gives `null`, as AWS's
 * Jackson parser reads "no content" (recorded: `""` → `null`).
 */
export const statesStringToJson: IntrinsicFunction = {
  name: 'States.StringToJson',
  minArgs: 1,
  maxArgs: 1,
  evaluate(args) {
    const text = stringArgument(args, 0, 'the JSON text');
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text, withoutNegativeZero) as unknown;
    } catch (error) {
      throw new IntrinsicArgumentError(
        `argument 1 (the JSON text) is not valid JSON: ${(error as Error).message}`,
      );
    }
  },
};
