/**
 * History events with AWS's type names and `details` shapes (the `...EventDetails` member of a
 * GetExecutionHistory event, unwrapped): JSON payloads are JSON text, as AWS records them.
 */
import { jsonText, type Json, type JsonObject } from './json.js';

/** Every event type the interpreter records: the one list the API checks a requested type against. */
export const HISTORY_EVENT_TYPES = [
  'ExecutionStarted',
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
  'ExecutionRedriven',
  ...(['Pass', 'Choice', 'Wait', 'Succeed', 'Task', 'Parallel', 'Map'] as const).flatMap(
    (state) => [`${state}StateEntered`, `${state}StateExited`] as const,
  ),
  'FailStateEntered',
  'TaskStateAborted',
  'WaitStateAborted',
  'ParallelStateAborted',
  'MapStateAborted',
  ...(['Parallel', 'Map'] as const).flatMap(
    (state) => [`${state}StateStarted`, `${state}StateSucceeded`, `${state}StateFailed`] as const,
  ),
  'MapIterationStarted',
  'MapIterationSucceeded',
  'MapIterationFailed',
  'MapIterationAborted',
  ...(['Task', 'Activity'] as const).flatMap(
    (kind) =>
      [`${kind}Scheduled`, `${kind}Started`, `${kind}Succeeded`, `${kind}Failed`, `${kind}TimedOut`] as const,
  ),
] as const;

export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number];

/** One history event. Ids are contiguous per execution, starting at 1. */
export interface HistoryEvent {
  readonly id: number;
  readonly type: HistoryEventType;
  /** ISO-8601 time the event was recorded. */
  readonly timestamp: string;
  /** The event this one follows in its run (0 for the first). */
  readonly previousEventId: number;
  /** The state the event concerns, when it concerns one. */
  readonly stateName?: string;
  readonly details: JsonObject;
}

const NOT_TRUNCATED = { truncated: false };

/** `stateEnteredEventDetails`. */
export function stateEnteredDetails(name: string, input: Json): JsonObject {
  return { name, input: jsonText(input), inputDetails: NOT_TRUNCATED };
}

/** `stateExitedEventDetails`; `assignedVariables` holds each assigned value as JSON text. */
export function stateExitedDetails(
  name: string,
  output: Json,
  assigned?: Readonly<Record<string, Json>>,
): JsonObject {
  const details: JsonObject = { name, output: jsonText(output), outputDetails: NOT_TRUNCATED };
  if (assigned && Object.keys(assigned).length > 0) {
    details.assignedVariables = Object.fromEntries(
      Object.entries(assigned).map(([k, v]) => [k, jsonText(v)]),
    );
    details.assignedVariablesDetails = NOT_TRUNCATED;
  }
  return details;
}

/** `executionStartedEventDetails`. */
export function executionStartedDetails(input: Json, roleArn: string | undefined): JsonObject {
  const details: JsonObject = { input: jsonText(input), inputDetails: NOT_TRUNCATED };
  if (roleArn !== undefined) details.roleArn = roleArn;
  return details;
}

/** `executionSucceededEventDetails` and `taskSucceededEventDetails`-style output details. */
export function outputDetails(output: Json): JsonObject {
  return { output: jsonText(output), outputDetails: NOT_TRUNCATED };
}

/** The `{ error, cause }` details of failure, timeout and abort events; absent members stay absent. */
export function failureDetails(error: string | undefined, cause: string | undefined): JsonObject {
  const details: JsonObject = {};
  if (error !== undefined) details.error = error;
  if (cause !== undefined) details.cause = cause;
  return details;
}

/** `executionRedrivenEventDetails`: how many times the execution has been redriven, this time included. */
export function executionRedrivenDetails(redriveCount: number): JsonObject {
  return { redriveCount };
}

/** `mapIteration...EventDetails`. */
export function mapIterationDetails(name: string, index: number): JsonObject {
  return { name, index };
}
