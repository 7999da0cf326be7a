/**
 * Turns what a caller hands in (parsed JSON, or JSON text) into a plain JSON object to validate, or
 * into the one diagnostic that says why it cannot be validated at all.
 */
import { isJsonObject, type JsonObject } from '../json.js';
import { describeType, type Diagnostic } from './validation.diagnostics.js';

/** Largest accepted definition, serialized as JSON, in bytes (1 MiB, AWS's own limit). */
export const MAX_DEFINITION_BYTES = 1_048_576;

/** A definition ready to validate, or the reason there is none. */
export type DefinitionInput =
  | { readonly ok: true; readonly definition: JsonObject }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

function refuse(message: string): DefinitionInput {
  return { ok: false, diagnostic: { path: '$', message } };
}

function tooLarge(bytes: number): DefinitionInput {
  return refuse(
    `is ${bytes} bytes of JSON, over the limit of ${MAX_DEFINITION_BYTES} bytes (1 MiB): split it into smaller state machines`,
  );
}

/** JSON text of a parsed value, or why it has none (a cycle, a BigInt, nesting too deep to walk). */
function serialize(value: unknown): { text: string } | { error: string } {
  try {
    const text = JSON.stringify(value) as string | undefined;
    return text === undefined ? { error: `is ${typeof value}, not JSON` } : { text };
  } catch (error) {
    // A RangeError here means nesting deep enough to exhaust the stack: refuse it, never crash.
    if (error instanceof RangeError) return { error: 'is nested too deeply to be serialized as JSON' };
    return { error: `cannot be serialized as JSON: ${(error as Error).message}` };
  }
}

/**
 * Reads the definition. Text is measured before it is parsed, so an oversized payload is never
 * parsed; a parsed value is serialized once to measure it, and validation then works on the JSON
 * round trip, which is plain data that the caller's object can never be affected through.
 */
export function readDefinition(input: unknown): DefinitionInput {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const serialized = serialize(input);
    if ('error' in serialized) return refuse(serialized.error);
    text = serialized.text;
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DEFINITION_BYTES) return tooLarge(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refuse(`is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) {
    return refuse(`must be a JSON object with StartAt and States, not ${describeType(parsed)}`);
  }
  return { ok: true, definition: parsed };
}
