/**
 * Ordering of the values the comparison operators compare. When either value is not of the
 * operator's type the comparison is simply false, never an error (ASL spec, "Data-test expression").
 */
import type { Relation } from './choice-rule.types.js';
import type { ValueType } from './comparison-operator.table.js';
import { parseTimestampNanos } from './timestamp.parser.js';

/** -1, 0 or 1. */
type Order = number;

function orderOfNumbers(left: number, right: number): Order {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Code-unit order, as Java's `String.compareTo` used by AWS: JavaScript's relational operators on
 * strings compare UTF-16 code units too, with no locale, case folding or normalization.
 */
function orderOfStrings(left: string, right: string): Order {
  return left < right ? -1 : left > right ? 1 : 0;
}

function timestampOf(value: unknown): bigint | undefined {
  return typeof value === 'string' ? parseTimestampNanos(value) : undefined;
}

/** How `left` orders against `right` as values of `type`, or `undefined` when either is not one. */
function orderAs(type: ValueType, left: unknown, right: unknown): Order | undefined {
  switch (type) {
    case 'String':
      return typeof left === 'string' && typeof right === 'string' ? orderOfStrings(left, right) : undefined;
    case 'Numeric':
      // JSON has one number type: 1 and 1.0 are the same value.
      return typeof left === 'number' && typeof right === 'number' ? orderOfNumbers(left, right) : undefined;
    case 'Boolean':
      return typeof left === 'boolean' && typeof right === 'boolean'
        ? orderOfNumbers(Number(left), Number(right))
        : undefined;
    case 'Timestamp': {
      const [leftNanos, rightNanos] = [timestampOf(left), timestampOf(right)];
      if (leftNanos === undefined || rightNanos === undefined) return undefined;
      return leftNanos < rightNanos ? -1 : leftNanos > rightNanos ? 1 : 0;
    }
    default:
      throw new TypeError(`Unknown value type ${type satisfies never}`);
  }
}

const RELATION_HOLDS: { readonly [R in Relation]: (order: Order) => boolean } = {
  Equals: (order) => order === 0,
  LessThan: (order) => order < 0,
  GreaterThan: (order) => order > 0,
  LessThanEquals: (order) => order <= 0,
  GreaterThanEquals: (order) => order >= 0,
};

/** Whether `left` stands in `relation` to `right` as values of `type`; false on a type mismatch. */
export function compareValues(type: ValueType, relation: Relation, left: unknown, right: unknown): boolean {
  const order = orderAs(type, left, right);
  return order !== undefined && RELATION_HOLDS[relation](order);
}
