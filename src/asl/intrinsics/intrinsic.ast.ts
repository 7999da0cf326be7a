/**
 * The parsed form of an intrinsic function call, e.g.
 * `States.Format('{} items', States.ArrayLength($.items))`.
 */

/** Every intrinsic function the Amazon States Language defines, spelled as in a definition. */
export const INTRINSIC_NAMES = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
] as const;

/** The name of an intrinsic function, e.g. `States.Format`. */
export type IntrinsicName = (typeof INTRINSIC_NAMES)[number];

/**
 * A string literal in single quotes. `value` has its escapes (`\'`, `\{`, `\}`, `\\`) applied;
 * `raw` is the text between the quotes as written, which `States.Format` needs to tell an escaped
 * `\{` from a placeholder `{}`.
 */
export interface IntrinsicStringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly raw: string;
}

/** A number literal: an integer, a decimal or an exponent form, possibly negative. */
export interface IntrinsicNumberLiteral {
  readonly kind: 'number';
  readonly value: number;
}

/** `true` or `false`. */
export interface IntrinsicBooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
}

/** `null`. */
export interface IntrinsicNullLiteral {
  readonly kind: 'null';
}

/** A reference path (`$`, `$.a[0]`, `$$.Execution.Id`, `$name`, `$name.field`), resolved at run time. */
export interface IntrinsicPathArgument {
  readonly kind: 'path';
  readonly path: string;
}

/** A call: the function, its arguments, and its text as written (error causes quote it). */
export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: IntrinsicName;
  readonly args: readonly IntrinsicArgument[];
  readonly text: string;
}

/** One argument of a call. */
export type IntrinsicArgument =
  | IntrinsicStringLiteral
  | IntrinsicNumberLiteral
  | IntrinsicBooleanLiteral
  | IntrinsicNullLiteral
  | IntrinsicPathArgument
  | IntrinsicCall;

/** True when `name` is one of the intrinsic functions of the language. */
export function isIntrinsicName(name: string): name is IntrinsicName {
  return (INTRINSIC_NAMES as readonly string[]).includes(name);
}
