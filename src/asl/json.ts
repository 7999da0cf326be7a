/**
 * JSON values as the interpreter handles them: state input and output, variables, task results.
 * Everything a run stores must survive a round trip through PostgreSQL jsonb, so nothing here may
 * hold `undefined`, functions or class instances.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: Json;
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns whatever an evaluator produced into plain JSON: drops `undefined` members and functions and
 * strips the extra properties JSONata puts on its sequences. `undefined` at the top becomes `null`.
 */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? 'null') as Json;
}

/** The compact JSON text AWS records in history events (`input`, `output`, `parameters`). */
export function jsonText(value: Json): string {
  return JSON.stringify(value);
}

/** Size of a value as AWS counts it against the 256 KiB payload quota: UTF-8 bytes of its JSON text. */
export function jsonByteLength(value: Json): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * True when the JSON text of `value` (as {@link toJson} would make it) is longer than `maxBytes`
 * UTF-8 bytes. The walk stops as soon as the bound is passed, so a result that would take seconds
 * and gigabytes to serialise (a large array, one shared sub-tree referenced many times) costs no
 * more than `maxBytes` to refuse. Escapes in strings are not counted: it measures the payload, not
 * its exact text.
 */
export function exceedsJsonBytes(value: unknown, maxBytes: number): boolean {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') bytes += Buffer.byteLength(item, 'utf8') + 2;
    else if (typeof item === 'number' || typeof item === 'boolean') bytes += String(item).length;
    else if (item === null) bytes += 4;
    else if (Array.isArray(item)) {
      bytes += 1 + item.length;
      for (let index = item.length - 1; index >= 0 && bytes <= maxBytes; index--) pending.push(item[index]);
    } else if (typeof item === 'object') {
      bytes += 1;
      for (const [key, member] of Object.entries(item)) {
        if (member === undefined || typeof member === 'function') continue;
        bytes += Buffer.byteLength(key, 'utf8') + 4;
        pending.push(member);
        if (bytes > maxBytes) break;
      }
    }
    if (bytes > maxBytes) return true;
  }
  return false;
}
