/**
 * JSONPath-mode Choice Rules with the field names of the Amazon States Language. A rule is either a
 * Data-test expression (`Variable` plus exactly one comparison operator) or a Boolean expression
 * (`And`, `Or`, `Not`); only the top-level rules of a Choice state carry `Next`.
 */

/** How two values of one type relate; a comparison operator is a value type followed by a relation. */
export const RELATIONS = [
  'Equals',
  'LessThan',
  'GreaterThan',
  'LessThanEquals',
  'GreaterThanEquals',
] as const;

/** One of {@link RELATIONS}. */
export type Relation = (typeof RELATIONS)[number];

/** Operators comparing the Variable's value with a literal of the operator's type. */
export type ValueComparisonOperator = `${'String' | 'Numeric' | 'Timestamp'}${Relation}` | 'BooleanEquals';

/** The `...Path` forms: the operand is a path to the value to compare with. */
export type PathComparisonOperator = `${ValueComparisonOperator}Path`;

/** Operators testing the Variable's presence or JSON type against a boolean operand. */
export type TypeTestOperator =
  'IsNull' | 'IsPresent' | 'IsNumeric' | 'IsString' | 'IsBoolean' | 'IsTimestamp';

/** Every comparison operator a Data-test expression may hold. */
export type ComparisonOperator =
  ValueComparisonOperator | 'StringMatches' | PathComparisonOperator | TypeTestOperator;

/** The operand type an operator takes in the definition. */
type OperandOf<Op extends ComparisonOperator> = Op extends PathComparisonOperator
  ? string
  : Op extends TypeTestOperator
    ? boolean
    : Op extends `Numeric${string}`
      ? number
      : Op extends `Boolean${string}`
        ? boolean
        : string;

/** A Data-test expression holding operator `Op` and no other operator. */
type DataTestOf<Op extends ComparisonOperator> = { readonly Variable: string } & {
  readonly [K in Op]: OperandOf<K>;
} & { readonly [K in Exclude<ComparisonOperator, Op>]?: never };

/** `Variable` (a Path: `$.a`, `$$.Execution.Id`, `$name.field`) tested by exactly one operator. */
export type DataTestExpression = { [Op in ComparisonOperator]: DataTestOf<Op> }[ComparisonOperator];

/** True when every nested rule is true; evaluation stops at the first false one. */
export interface AndExpression {
  readonly And: readonly ChoiceExpression[];
}

/** True when any nested rule is true; evaluation stops at the first true one. */
export interface OrExpression {
  readonly Or: readonly ChoiceExpression[];
}

/** The inverse of its nested rule. */
export interface NotExpression {
  readonly Not: ChoiceExpression;
}

/** A nested rule (inside `And`, `Or` or `Not`): it never carries `Next`. */
export type ChoiceExpression = DataTestExpression | AndExpression | OrExpression | NotExpression;

/** An element of a Choice state's `Choices`: an expression, the state to go to, and the variables to set. */
export type TopLevelChoiceRule = ChoiceExpression & {
  readonly Next: string;
  readonly Assign?: Readonly<Record<string, unknown>>;
};

/** A Choice Rule, top-level or nested. */
export type ChoiceRule = ChoiceExpression | TopLevelChoiceRule;
