/**
 * What each comparison operator name means, so that evaluation and validation read one table instead
 * of parsing operator names again.
 */
import {
  RELATIONS,
  type ComparisonOperator,
  type Relation,
  type TypeTestOperator,
} from './choice-rule.types.js';

/** The JSON types the comparison operators compare; a Timestamp is a string in RFC 3339 form. */
export type ValueType = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';

/** The meaning of one comparison operator. */
export type OperatorSpec =
  | {
      readonly kind: 'compare';
      readonly type: ValueType;
      readonly relation: Relation;
      /** The operand is a path to the value to compare with, not the value itself. */
      readonly operandIsPath: boolean;
    }
  | { readonly kind: 'matches' }
  | { readonly kind: 'presence' }
  | { readonly kind: 'type-test'; readonly test: Exclude<TypeTestOperator, 'IsPresent'> };

function comparisons(
  type: ValueType,
  relations: readonly Relation[],
): Array<[ComparisonOperator, OperatorSpec]> {
  return relations.flatMap((relation) =>
    [false, true].map((operandIsPath): [ComparisonOperator, OperatorSpec] => [
      `${type}${relation}${operandIsPath ? 'Path' : ''}` as ComparisonOperator,
      { kind: 'compare', type, relation, operandIsPath },
    ]),
  );
}

function typeTest(test: Exclude<TypeTestOperator, 'IsPresent'>): [ComparisonOperator, OperatorSpec] {
  return [test, { kind: 'type-test', test }];
}

/** Every operator, in the order the ASL specification lists them. */
const OPERATOR_SPECS: ReadonlyMap<ComparisonOperator, OperatorSpec> = new Map([
  ...comparisons('String', RELATIONS),
  ['StringMatches', { kind: 'matches' }],
  ...comparisons('Numeric', RELATIONS),
  ...comparisons('Boolean', ['Equals']),
  ...comparisons('Timestamp', RELATIONS),
  typeTest('IsNull'),
  ['IsPresent', { kind: 'presence' }],
  typeTest('IsNumeric'),
  typeTest('IsString'),
  typeTest('IsBoolean'),
  typeTest('IsTimestamp'),
]);

/** The names of all comparison operators of JSONPath Choice Rules (`StringEquals`, `StringEqualsPath`, ...). */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [...OPERATOR_SPECS.keys()];

/** Finds the comparison operator among a rule's field names, with its meaning. */
export function findOperator(
  fields: Readonly<Record<string, unknown>>,
): { readonly operator: ComparisonOperator; readonly spec: OperatorSpec } | undefined {
  for (const name of Object.keys(fields)) {
    const spec = OPERATOR_SPECS.get(name as ComparisonOperator);
    if (spec) return { operator: name as ComparisonOperator, spec };
  }
  return undefined;
}
