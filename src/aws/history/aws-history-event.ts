/**
 * An execution's history as AWS's GetExecutionHistory writes it. The engine already records AWS's
 * event types and each type's details in AWS's shape (src/asl/events.ts); what this adds is the
 * envelope: epoch-second timestamps, `previousEventId` 0 rather than absent, and the details under
 * the `<type>EventDetails` member AWS uses for the type. Pure: no I/O.
 */
import type { Json, JsonObject } from '../../asl/json.js';
import { epochSeconds } from '../protocol/aws-input.js';

/** One stored event, as the executions read side returns it. */
export interface StoredHistoryEvent {
  readonly seq: number;
  readonly type: string;
  /** ISO-8601. */
  readonly timestamp: string;
  readonly previousEventId: number | null;
  readonly details: Json;
}

/** A `HistoryEvent` of the AWS API. */
export interface AwsHistoryEvent {
  readonly timestamp: number;
  readonly type: string;
  readonly id: number;
  readonly previousEventId: number;
  readonly [detailsMember: string]: Json;
}

export interface HistoryMappingOptions {
  /** AWS's `includeExecutionData` (default true): false leaves out inputs, outputs and task parameters. */
  readonly includeExecutionData?: boolean;
  /** The role AWS records in ExecutionStarted, used when the event holds none (AWS always records one). */
  readonly roleArn?: string;
}

/**
 * Types whose details AWS writes under a member named for a family rather than for the type:
 * every `<State>StateEntered` / `<State>StateExited` shares `stateEntered` / `stateExited`.
 */
const SHARED_MEMBERS: readonly [RegExp, string][] = [
  [/^(Pass|Choice|Wait|Succeed|Task|Parallel|Map|Fail)StateEntered$/, 'stateEnteredEventDetails'],
  [/^(Pass|Choice|Wait|Succeed|Task|Parallel|Map)StateExited$/, 'stateExitedEventDetails'],
];

/**
 * Types AWS writes with no details member at all: the start and end of a Parallel or Map state
 * (the Map's start carries `mapStateStartedEventDetails`) and the aborts of states.
 */
const WITHOUT_DETAILS =
  /^(ParallelState(Started|Succeeded|Failed)|MapState(Succeeded|Failed)|\w+StateAborted)$/;

/** Members that carry the execution's data: what `includeExecutionData: false` leaves out. */
const EXECUTION_DATA_MEMBERS = [
  'input',
  'inputDetails',
  'output',
  'outputDetails',
  'parameters',
  'assignedVariables',
  'assignedVariablesDetails',
];

/** The member of a `HistoryEvent` that holds this type's details; undefined when AWS writes none. */
export function detailsMemberOf(type: string): string | undefined {
  if (WITHOUT_DETAILS.test(type)) return undefined;
  for (const [pattern, member] of SHARED_MEMBERS) if (pattern.test(type)) return member;
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

function detailsOf(event: StoredHistoryEvent, options: HistoryMappingOptions): JsonObject {
  const details: JsonObject =
    typeof event.details === 'object' && event.details !== null && !Array.isArray(event.details)
      ? { ...event.details }
      : {};
  if (event.type === 'ExecutionStarted' && details.roleArn === undefined && options.roleArn !== undefined)
    details.roleArn = options.roleArn;
  if (options.includeExecutionData === false)
    for (const member of EXECUTION_DATA_MEMBERS) delete details[member];
  return details;
}

/**
 * AWS writes 0, not 1, as the previousEventId of the event that follows ExecutionStarted (the
 * first state's Entered): ExecutionStarted is always event 1, so 1 is the one id that never shows.
 */
function previousEventIdOf(event: StoredHistoryEvent): number {
  const previous = event.previousEventId ?? 0;
  return previous === 1 ? 0 : previous;
}

/** One stored event as AWS's `HistoryEvent`. */
export function awsHistoryEvent(
  event: StoredHistoryEvent,
  options: HistoryMappingOptions = {},
): AwsHistoryEvent {
  const member = detailsMemberOf(event.type);
  return {
    timestamp: epochSeconds(new Date(event.timestamp)),
    type: event.type,
    id: event.seq,
    previousEventId: previousEventIdOf(event),
    ...(member === undefined ? {} : { [member]: detailsOf(event, options) }),
  };
}
