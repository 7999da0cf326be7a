/**
 * The intrinsic functions of the Amazon States Language (`States.Format`, `States.ArrayRange`, ...)
 * for JSONPath states: parsing, for definition validation, and evaluation, for Parameters,
 * ResultSelector, ItemSelector, Assign and a Fail state's ErrorPath/CausePath.
 *
 * Errors: a call that does not parse throws `IntrinsicSyntaxError`; at run time an argument path
 * that matches nothing, or an argument a function cannot use, throws `RuntimeError`
 * (`States.Runtime`), as AWS does. Results may share structure with the resolved arguments: treat
 * them as immutable.
 */
export { IntrinsicSyntaxError } from '../errors.js';
export {
  INTRINSIC_NAMES,
  isIntrinsicName,
  type IntrinsicArgument,
  type IntrinsicBooleanLiteral,
  type IntrinsicCall,
  type IntrinsicName,
  type IntrinsicNullLiteral,
  type IntrinsicNumberLiteral,
  type IntrinsicPathArgument,
  type IntrinsicStringLiteral,
} from './intrinsic.ast.js';
export { evaluateIntrinsic, type IntrinsicContext } from './intrinsic.evaluator.js';
export { INTRINSIC_MAX_NESTING, isIntrinsicFunction, parseIntrinsic } from './intrinsic.parser.js';
