/**
 * The functions Step Functions adds to JSONata (`$partition`, `$range`, `$hash`, `$random`,
 * `$uuid`, `$parse`), and replacements for JSONata's own `$now`, `$millis` and `$random` that read
 * the clock and randomness the engine passes in rather than the process's.
 */
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';

/** The impure inputs the functions draw on. */
export interface JsonataFunctionEnv {
  /** Epoch milliseconds the step runs at. */
  readonly now: number;
  /** Uniform randomness in [0, 1). */
  readonly random: () => number;
}

const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/**
 * Step Functions' own functions round a non-integer number argument down, as the developer guide's
 * page on transforming data with JSONata says (`$range(0, 10.9, 2.5)` is `$range(0, 10, 2)`).
 */
function roundedDown(value: unknown): unknown {
  return typeof value === 'number' ? Math.floor(value) : value;
}

/** Marks an array as a JSONata sequence, so that a single element collapses to a scalar as AWS shows. */
function sequence<T>(items: T[]): T[] {
  return Object.assign(items, { sequence: true });
}

function fail(message: string): never {
  throw Object.assign(new Error(message), { code: 'D3137' });
}

function partition(array: unknown, size: unknown): unknown[][] {
  if (!Array.isArray(array)) fail('$partition expects an array as its first argument');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    fail('$partition expects a positive integer as its chunk size');
  }
  const chunks: unknown[][] = [];
  for (let index = 0; index < array.length; index += size) chunks.push(array.slice(index, index + size));
  return chunks;
}

/** An upper bound on `$range` results, so that a careless step cannot exhaust memory. */
const MAX_RANGE_LENGTH = 1000;

function range(start: unknown, end: unknown, step: unknown = 1): number[] {
  if (typeof start !== 'number' || typeof end !== 'number' || typeof step !== 'number' || step === 0) {
    fail('$range expects numbers start, end and a non-zero step');
  }
  const values: number[] = [];
  for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
    if (values.length >= MAX_RANGE_LENGTH) fail(`$range may produce at most ${MAX_RANGE_LENGTH} values`);
    values.push(value);
  }
  return sequence(values);
}

function hash(data: unknown, algorithm: unknown): string {
  const name = HASH_ALGORITHMS[String(algorithm)];
  if (name === undefined) fail(`$hash does not support the algorithm '${String(algorithm)}'`);
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return createHash(name).update(text, 'utf8').digest('hex');
}

/** A small deterministic generator (mulberry32) for `$random(seed)`. */
function seeded(seed: number): number {
  let state = (seed + 0x6d2b79f5) | 0;
  state = Math.imul(state ^ (state >>> 15), state | 1);
  state ^= state + Math.imul(state ^ (state >>> 7), state | 61);
  return ((state ^ (state >>> 14)) >>> 0) / 4294967296;
}

/** A random (version 4) UUID built from the injected randomness. */
export function uuidFrom(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parse(text: unknown): unknown {
  if (typeof text !== 'string') fail('$parse expects a string');
  try {
    return JSON.parse(text);
  } catch {
    return fail('$parse was given a string that is not JSON');
  }
}

/** JSONata's own formatter, so that `$now(picture, timezone)` formats the step's clock as JSONata would. */
const FROM_MILLIS = jsonata('$fromMillis($millis, $picture, $timezone)');

/** The function bindings every JSONata expression receives. */
export function jsonataFunctions(env: JsonataFunctionEnv): Record<string, (...args: unknown[]) => unknown> {
  return {
    partition: (array, size) => partition(array, roundedDown(size)),
    range: (start, end, step) => range(roundedDown(start), roundedDown(end), roundedDown(step)),
    hash: (data, algorithm) => hash(data, algorithm),
    random: (seed) => (typeof seed === 'number' ? seeded(Math.floor(seed)) : env.random()),
    uuid: () => uuidFrom(env.random),
    parse: (text) => parse(text),
    millis: () => env.now,
    now: (picture, timezone) => FROM_MILLIS.evaluate(null, { millis: env.now, picture, timezone }),
  };
}
