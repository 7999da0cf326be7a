import { booleanArgument, IntrinsicArgumentError, objectArgument } from './intrinsic.arguments.js';
import type { IntrinsicFunction } from './intrinsic.function.js';

/**
 * `States.JsonMerge(left, right, deep)`: the members of both objects, `right` winning on a shared
 * key (a nested object is replaced, not merged). AWS supports only this shallow mode and documents
 * that `deep` must be `false`, so `true` is refused rather than silently merged shallowly.
 */
export const statesJsonMerge: IntrinsicFunction = {
  name: 'States.JsonMerge',
  minArgs: 3,
  maxArgs: 3,
  evaluate(args) {
    const left = objectArgument(args, 0, 'the first object');
    const right = objectArgument(args, 1, 'the second object');
    if (booleanArgument(args, 2, 'the deep-merge flag')) {
      throw new IntrinsicArgumentError(
        'argument 3 (the deep-merge flag) must be false: only shallow merging is supported',
      );
    }
    return { ...left, ...right };
  },
};
