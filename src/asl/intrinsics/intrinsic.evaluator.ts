import { IntrinsicSyntaxError, RuntimeError } from '../errors.js';
import { DEFAULT_MAX_RESULT_BYTES } from '../evaluation-budget.js';
import { exceedsJsonBytes } from '../json.js';
import type { PathResolver } from '../path-lookup.js';
import type { IntrinsicArgument, IntrinsicCall } from './intrinsic.ast.js';
import { IntrinsicArgumentError } from './intrinsic.arguments.js';
import { javaJson } from './intrinsic.java-text.js';
import { parseIntrinsic } from './intrinsic.parser.js';
import { INTRINSIC_FUNCTIONS } from './intrinsic.registry.js';

/** What evaluating an intrinsic call needs from the state being run. */
export interface IntrinsicContext {
  /** Resolves `$.x`, `$$.x`, `$varName.x` paths used as arguments (see src/asl/path-lookup.ts). */
  resolvePath: PathResolver;
  /** Uniform random in [0, 1); injected so the interpreter stays pure. Used by MathRandom (unseeded) and UUID. */
  random: () => number;
  /** Name of the field being evaluated (e.g. 'FunctionResult.$'), for AWS's error causes. */
  fieldName?: string;
  /** UTF-8 bytes each call's result may take as JSON; unset: the default of evaluation-budget.ts. */
  maxResultBytes?: number;
}

/**
 * The error AWS raises for an argument a function cannot use. AWS documents
 * `States.IntrinsicFailure`, but executions recorded on AWS fail with `States.Runtime` and a cause
 * containing "Invalid arguments in States.MathAdd" (and so for StringToJson, ArrayRange, ...), which
 * a Catch on `States.ALL` does not catch. We follow what AWS does.
 */
const InvalidArgumentsError = RuntimeError;

/** Evaluates an intrinsic call (a string or a parsed call). */
export function evaluateIntrinsic(expression: string | IntrinsicCall, context: IntrinsicContext): unknown {
  const call = typeof expression === 'string' ? parseInField(expression, context.fieldName) : expression;
  return evaluateCall(call, call.text, context);
}

/** Parses, naming the field in the cause as AWS's definition check does. */
function parseInField(expression: string, fieldName: string | undefined): IntrinsicCall {
  try {
    return parseIntrinsic(expression);
  } catch (error) {
    if (fieldName === undefined || !(error instanceof IntrinsicSyntaxError)) throw error;
    throw new IntrinsicSyntaxError(
      `The value for the field '${fieldName}' must be a valid JSONPath or a valid intrinsic function call. ${error.cause}`,
      error.expression,
      error.position,
    );
  }
}

/**
 * Evaluates one call, arguments first (left to right). Causes quote `expression`, the whole
 * top-level expression as written, like AWS does even when the failing call is nested.
 */
function evaluateCall(call: IntrinsicCall, expression: string, context: IntrinsicContext): unknown {
  const args = call.args.map((argument) => evaluateArgument(argument, expression, context));
  let result: unknown;
  try {
    result = INTRINSIC_FUNCTIONS[call.name].evaluate(args, { call, random: context.random });
  } catch (error) {
    if (!(error instanceof IntrinsicArgumentError)) throw error;
    throw new InvalidArgumentsError(
      `The function '${expression}' had the following error: Invalid arguments in ${call.name}: ${error.detail}`,
    );
  }
  // Checked at every call: nested calls can double a payload at each level (States.Format('{}{}', x, x)).
  const maxBytes = context.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  if (exceedsJsonBytes(result, maxBytes)) {
    throw new RuntimeError(
      `The function '${expression}' had the following error: ${call.name} produced more than its budget of ${maxBytes} bytes`,
    );
  }
  return result;
}

function evaluateArgument(
  argument: IntrinsicArgument,
  expression: string,
  context: IntrinsicContext,
): unknown {
  switch (argument.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return argument.value;
    case 'null':
      return null;
    case 'call':
      return evaluateCall(argument, expression, context);
    case 'path':
      return resolveArgumentPath(argument.path, expression, context);
    default:
      return assertNever(argument);
  }
}

/**
 * A path argument must find something: unlike a plain `"x.$": "$.missing"` field, an intrinsic
 * argument that matches nothing fails the state with `States.Runtime`, in AWS's words.
 */
function resolveArgumentPath(path: string, expression: string, context: IntrinsicContext): unknown {
  const lookup = context.resolvePath(path);
  if (lookup.found) return lookup.value;
  const input = context.resolvePath('$');
  throw new RuntimeError(
    `The function '${expression}' had the following error: The JsonPath argument for the field '${path}' ` +
      `could not be found in the input '${input.found ? javaJson(input.value) : ''}'`,
  );
}

function assertNever(value: never): never {
  throw new Error(`Unhandled intrinsic argument: ${JSON.stringify(value)}`);
}
