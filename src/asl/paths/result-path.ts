/**
 * `ResultPath`: where a state's result (or a Catcher's error output) is placed in the state's raw
 * input. Missing objects along the path are created; the input itself is never mutated.
 */
import { JSONPath } from 'jsonpath-plus';
import { ResultPathMatchFailure } from '../errors.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';

const INDEX = /^\d+$/;

function setIn(target: Json, keys: readonly string[], value: Json, path: string): Json {
  if (keys.length === 0) return value;
  const [key, ...rest] = keys as [string, ...string[]];
  if (Array.isArray(target) && INDEX.test(key) && Number(key) < target.length) {
    const copy = [...target];
    copy[Number(key)] = setIn(copy[Number(key)] as Json, rest, value, path);
    return copy;
  }
  if (!isJsonObject(target)) {
    throw new ResultPathMatchFailure(
      `Unable to apply ResultPath '${path}' to input '${JSON.stringify(target)}'`,
    );
  }
  const child: Json = Object.hasOwn(target, key) ? (target[key] as Json) : {};
  const copy: JsonObject = { ...target };
  copy[key] = setIn(child, rest, value, path);
  return copy;
}

/**
 * Places `result` in `input` at `resultPath`: absent or `$` replaces the input, `null` discards
 * the result and keeps the input.
 */
export function applyResultPath(input: Json, result: Json, resultPath: string | null | undefined): Json {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const keys = JSONPath.toPathArray(resultPath).slice(1);
  return setIn(input, keys, result, resultPath);
}
