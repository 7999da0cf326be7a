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
