import { AppError } from '../common/app-error.js';
import { parseInputCondition, type InputCondition } from './input-condition.js';
import type { ExecutionStatus } from './models/execution-status.enum.js';

/** Which executions a list (or a bulk action) means, as a transport passes it on. */
export interface ExecutionFilterRequest {
  readonly stateMachineId?: string | null;
  /** A version of `stateMachineId`: versions are numbered per machine. */
  readonly version?: number | null;
  readonly status?: ExecutionStatus | null;
  readonly startedAfter?: Date | null;
  readonly startedBefore?: Date | null;
  readonly namePrefix?: string | null;
  /** The error an execution ended with, exactly (`States.TaskFailed`). */
  readonly errorName?: string | null;
  /** Text the cause contains, ignoring case. */
  readonly causeContains?: string | null;
  /** A JSONPath-equals condition on the input: `$.customerId == "c-42"`. */
  readonly input?: string | null;
  /** Only executions a fire of this schedule started (internal: no transport offers it). */
  readonly scheduleId?: string | null;
}

/** The filter checked and ready for SQL (executionFilterSql): every field given narrows. */
export interface ExecutionFilter {
  readonly stateMachineId?: string;
  readonly version?: number;
  readonly status?: ExecutionStatus;
  readonly startedAfter?: Date;
  readonly startedBefore?: Date;
  readonly namePrefix?: string;
  readonly errorName?: string;
  /** `%text%` with the text's `\`, `%` and `_` escaped (ESCAPE '\'), so they match themselves. */
  readonly causePattern?: string;
  readonly input?: InputCondition;
  readonly scheduleId?: string;
}

const given = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/**
 * Checks what the transports' validation cannot (a version needs its machine; the input condition's
 * grammar): BAD_USER_INPUT naming the field otherwise.
 */
export function executionFilterOf(request: ExecutionFilterRequest | null | undefined): ExecutionFilter {
  if (!request) return {};
  if (given(request.version) !== undefined && given(request.stateMachineId) === undefined) {
    throw AppError.badUserInput('A version filter needs a stateMachineId', {
      details: [
        { path: 'version', message: 'versions are numbered per state machine: give stateMachineId too' },
      ],
    });
  }
  const causeContains = given(request.causeContains);
  const input = given(request.input);
  return {
    stateMachineId: given(request.stateMachineId),
    version: given(request.version),
    status: given(request.status),
    startedAfter: given(request.startedAfter),
    startedBefore: given(request.startedBefore),
    namePrefix: given(request.namePrefix),
    errorName: given(request.errorName),
    causePattern:
      causeContains === undefined ? undefined : `%${causeContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    input: input === undefined ? undefined : parseInputCondition(input),
    scheduleId: given(request.scheduleId),
  };
}
