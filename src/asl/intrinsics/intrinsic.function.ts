import type { IntrinsicCall, IntrinsicName } from './intrinsic.ast.js';

/** What one invocation of an intrinsic function may use besides its argument values. */
export interface IntrinsicInvocation {
  /** The call being evaluated; `States.Format` reads its literal template as written. */
  readonly call: IntrinsicCall;
  /** Uniform random in [0, 1), injected by the caller (`States.MathRandom`, `States.UUID`). */
  readonly random: () => number;
}

/**
 * One intrinsic function: how many arguments it takes (checked when the call is parsed) and how it
 * computes its value from the evaluated arguments. It throws `IntrinsicArgumentError` for an argument
 * it cannot use and never mutates its arguments; its result may share structure with them.
 */
export interface IntrinsicFunction {
  readonly name: IntrinsicName;
  readonly minArgs: number;
  /** `Infinity` when the function takes any number of arguments. */
  readonly maxArgs: number;
  evaluate(args: readonly unknown[], invocation: IntrinsicInvocation): unknown;
}
