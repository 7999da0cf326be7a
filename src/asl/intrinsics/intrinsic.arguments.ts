/**
 * Argument checks shared by the intrinsic functions. A function that receives a value it cannot use
 * throws `IntrinsicArgumentError` with a short description; the evaluator turns it into the
 * `States.Runtime` failure AWS raises ("Invalid arguments in States.MathAdd"), quoting the expression.
 */

/** The smallest and largest values of a Java `int`, the type AWS parses integer arguments into. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Longest string excerpt quoted in an error cause, so a huge argument does not flood the cause. */
const EXCERPT_MAX_CHARS = 40;

/** An argument an intrinsic function cannot use. Internal: the evaluator wraps it with context. */
export class IntrinsicArgumentError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'IntrinsicArgumentError';
  }
}

/** A short description of a value for an error cause: `the string "abc"`, `an object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const excerpt = value.length > EXCERPT_MAX_CHARS ? `${value.slice(0, EXCERPT_MAX_CHARS)}...` : value;
    return `the string ${JSON.stringify(excerpt)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** Names an argument in a cause: `argument 2 (the chunk size)`. */
function label(index: number, role: string): string {
  return `argument ${index + 1} (${role})`;
}

/** The argument at `index`, which must be a string. */
export function stringArgument(args: readonly unknown[], index: number, role: string): string {
  const value = args[index];
  if (typeof value !== 'string') {
    throw new IntrinsicArgumentError(`${label(index, role)} must be a string, got ${describeValue(value)}`);
  }
  return value;
}

/** The argument at `index`, which must be a JSON array. */
export function arrayArgument(args: readonly unknown[], index: number, role: string): readonly unknown[] {
  const value = args[index];
  if (!Array.isArray(value)) {
    throw new IntrinsicArgumentError(`${label(index, role)} must be an array, got ${describeValue(value)}`);
  }
  return value;
}

/** True when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The argument at `index`, which must be a JSON object. */
export function objectArgument(
  args: readonly unknown[],
  index: number,
  role: string,
): Record<string, unknown> {
  const value = args[index];
  if (!isJsonObject(value)) {
    throw new IntrinsicArgumentError(
      `${label(index, role)} must be a JSON object, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** The argument at `index`, which must be `true` or `false`. */
export function booleanArgument(args: readonly unknown[], index: number, role: string): boolean {
  const value = args[index];
  if (typeof value !== 'boolean') {
    throw new IntrinsicArgumentError(`${label(index, role)} must be a boolean, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * The argument at `index` as a Java `int`. AWS documents that a non-integer is rounded to the nearest
 * integer; its JVM rounds halves up (`Math.round`: 1.5 → 2, -1.5 → -1, -0.5 → 0), as `Math.round`
 * does here. `-0` becomes `0` so it never prints as `-0`.
 */
export function integerArgument(args: readonly unknown[], index: number, role: string): number {
  const value = args[index];
  if (typeof value !== 'number') {
    throw new IntrinsicArgumentError(`${label(index, role)} must be a number, got ${describeValue(value)}`);
  }
  const rounded = Math.round(value) + 0;
  if (rounded < INT32_MIN || rounded > INT32_MAX) {
    throw new IntrinsicArgumentError(
      `${label(index, role)} must be an integer from ${INT32_MIN} to ${INT32_MAX}, got ${value}`,
    );
  }
  return rounded;
}
