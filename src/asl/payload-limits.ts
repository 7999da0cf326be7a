/**
 * AWS's payload quota: a state's input, result or output may hold at most 256 KiB of UTF-8 JSON.
 * Beyond it the state fails with `States.DataLimitExceeded`, which `States.ALL` does not catch.
 */
import type { RaisedError } from './error-matching.js';
import { DataLimitExceeded } from './errors.js';
import { jsonByteLength, type Json } from './json.js';

/** The payload quota in bytes (256 KiB). */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** True when `value` is larger than the payload quota. */
export function exceedsPayloadLimit(value: Json): boolean {
  return jsonByteLength(value) > MAX_PAYLOAD_BYTES;
}

/**
 * What is wrong with a payload given to the API, to follow the field's name ("input is ...");
 * undefined when it is within the quota.
 */
export function payloadSizeProblem(value: Json): string | undefined {
  const bytes = jsonByteLength(value);
  if (bytes <= MAX_PAYLOAD_BYTES) return undefined;
  return `is ${bytes} bytes of JSON, over the limit of ${MAX_PAYLOAD_BYTES} bytes (256 KiB)`;
}

/** The error of a state whose result is too large, with AWS's cause. */
export function oversizedResult(stateName: string): RaisedError & { error: string; cause: string } {
  return {
    error: new DataLimitExceeded().name,
    cause: `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  };
}
