/**
 * The AWS-recorded conformance cases (test/asl/conformance/aws-recorded.json, see its README) and
 * how a result is checked against AWS's, shared by every driver that runs them: the in-memory
 * driver (test/asl) and the durable engine (test/integration).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, StateMachineDefinition } from '../../src/asl/index.js';

export interface ConformanceCase {
  readonly id: string;
  readonly area: string;
  readonly definition: StateMachineDefinition;
  readonly input: Json;
  readonly expect: {
    readonly status: 'SUCCEEDED' | 'FAILED';
    readonly output?: Json;
    readonly error?: string;
    readonly cause?: string;
    readonly cause_match?: 'prefix';
  };
  readonly match?: 'shape';
  readonly shape?: string;
}

/** How an execution ended, whichever driver ran it. */
export interface ConformanceResult {
  readonly status: string;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
}

const CASES_FILE = join(__dirname, '..', 'asl', 'conformance', 'aws-recorded.json');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Every recorded case. */
export function conformanceCases(): ConformanceCase[] {
  return JSON.parse(readFileSync(CASES_FILE, 'utf8')) as ConformanceCase[];
}

/** Replaces the random parts a `shape` case describes, after checking them, with the recorded placeholders. */
function normalizeShape(testCase: ConformanceCase, output: Json): Json {
  const copy = structuredClone(output) as Record<string, Record<string, unknown>>;
  if (testCase.id === 'intr-math-random') {
    const value = copy.FunctionResult as unknown as number;
    expect(Number.isInteger(value) && value >= 12.5 && value < 44.51).toBe(true);
    (copy as Record<string, unknown>).FunctionResult = (
      testCase.expect.output as Record<string, Json>
    ).FunctionResult;
  } else if (testCase.id === 'intr-uuid') {
    expect(copy.FunctionResult).toMatch(UUID_V4);
    (copy as Record<string, unknown>).FunctionResult = '<uuid v4 string>';
  } else {
    const holder = copy.uuidOp as Record<string, unknown>;
    expect(holder.uniqueId).toMatch(UUID_V4);
    holder.uniqueId = '<uuid v4 string>';
  }
  return copy as Json;
}

/**
 * Asserts that `result` is what AWS recorded for the case (see the README for the rules). Error
 * and cause are compared every time: an error or cause AWS did not record is a difference too.
 */
export function checkConformance(testCase: ConformanceCase, result: ConformanceResult): void {
  const expected = testCase.expect;
  const cause =
    expected.cause !== undefined && expected.cause_match === 'prefix'
      ? result.cause?.slice(0, expected.cause.length)
      : result.cause;
  expect({ status: result.status, error: result.error, cause }).toEqual({
    status: expected.status,
    error: expected.error,
    cause: expected.cause,
  });
  if (expected.status !== 'SUCCEEDED') return;
  const output = testCase.match === 'shape' ? normalizeShape(testCase, result.output as Json) : result.output;
  expect(output).toEqual(expected.output);
}

/** Counts passes and failures of a run of cases, for the line printed at its end. */
export class ConformanceTally {
  passed = 0;
  failed = 0;

  /** Runs one case's check, counting it. */
  async count(check: () => Promise<void>): Promise<void> {
    this.failed += 1;
    await check();
    this.failed -= 1;
    this.passed += 1;
  }

  toString(): string {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}
