import type { Json } from '../asl/json.js';
import { MAX_PAYLOAD_BYTES, payloadSizeProblem } from '../asl/payload-limits.js';
import { AppError } from '../common/app-error.js';

/** How a JSON payload field (an execution's input, a task's output) is described to clients. */
export const JSON_PAYLOAD_DESCRIPTION =
  'Any JSON value; a string is read as JSON text, as AWS does (send "\\"text\\"" for a JSON string). ' +
  `At most ${MAX_PAYLOAD_BYTES} bytes of JSON (256 KiB).`;

function refused(field: string, message: string): AppError {
  return AppError.badUserInput(`${field} ${message}`, { details: [{ path: field, message }] });
}

function parseText(text: string, field: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw refused(field, `is a string that is not JSON text (${(error as Error).message})`);
  }
}

/**
 * Reads a JSON payload given to the API. Following AWS, whose APIs take payloads as JSON text, a
 * string is parsed as JSON and any other value is the payload itself; `undefined` means the
 * field was left out and gives `fallback`, or is refused when there is none. Its size is left to
 * the caller: an execution's input is checked with the rest of the start by the engine.
 */
export function parseJsonPayload(value: unknown, field: string, fallback?: Json): Json {
  if (value === undefined) {
    if (fallback === undefined) throw refused(field, 'is required');
    return fallback;
  }
  return typeof value === 'string' ? parseText(value, field) : (value as Json);
}

/**
 * {@link parseJsonPayload}, and a payload over AWS's 256 KiB quota refused before anything is
 * stored (a task's output).
 */
export function readJsonPayload(value: unknown, field: string, fallback?: Json): Json {
  const payload = parseJsonPayload(value, field, fallback);
  const problem = payloadSizeProblem(payload);
  if (problem !== undefined) throw refused(field, problem);
  return payload;
}
