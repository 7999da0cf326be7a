import { isJsonObject } from './intrinsic.arguments.js';

/**
 * Deep equality of JSON values as AWS compares them in `States.ArrayContains` and
 * `States.ArrayUnique`: arrays element by element in order, objects by their members whatever the
 * key order, scalars by value.
 */
export function jsonEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => jsonEquals(item, right[index]))
    );
  }
  if (!isJsonObject(left) || !isJsonObject(right)) return false;
  const leftKeys = Object.keys(left);
  return (
    leftKeys.length === Object.keys(right).length &&
    leftKeys.every((key) => Object.hasOwn(right, key) && jsonEquals(left[key], right[key]))
  );
}

/**
 * A text that is the same for two JSON values exactly when `jsonEquals` holds (object keys sorted),
 * so duplicates can be found with a `Set` in linear time instead of comparing every pair.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (!isJsonObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
}
