/**
 * `arn:aws:states:::states:startExecution` (docs/design.md §4): the parameters it takes and the results
 * it gives, shaped as AWS's StartExecution and DescribeExecution answers.
 */
import type { EntityManager } from 'typeorm';
import { isJsonObject } from '../../asl/json.js';
import type { Json, JsonObject } from '../../asl/index.js';
import {
  executionColumns,
  executionRecordOf,
  type ExecutionRecord,
  type ExecutionRow,
} from '../transition/execution.repository.js';
import { AWS_NAME_RULE, isAwsName, isUuid } from '../../common/identifiers.js';
import type { StatesArns } from '../../common/states-arns.js';
import type { TaskPattern } from './task.record.js';
import type { TaskEnding } from './task.attempts.js';

/** What a startExecution task asks for. */
export interface NestedStart {
  /** A state machine's name or id (or an ARN ending in its name). */
  readonly target: string;
  readonly input: Json;
  readonly name: string | undefined;
}

/** A nested execution as its parent's task sees it. */
export type ChildExecution = ExecutionRecord & { readonly stateMachineName: string };

const STATE_MACHINE_ARN = /^arn:aws:states:[^:]*:[^:]*:stateMachine:([^:]+)(?::[^:]+)?$/;

function failed(error: string, cause: string): TaskEnding {
  return { kind: 'failed', error, cause };
}

/** Reads the task's parameters, or the failure they amount to. */
export function nestedStart(parameters: Json): NestedStart | TaskEnding {
  if (!isJsonObject(parameters) || typeof parameters.StateMachineArn !== 'string') {
    return failed(
      'States.Runtime',
      'states:startExecution needs a string StateMachineArn: the name or id of a state machine.',
    );
  }
  const { StateMachineArn: arn, Input: rawInput, Name: name } = parameters;
  if (name !== undefined && typeof name !== 'string') {
    return failed('StepFunctions.InvalidNameException', 'Name must be a string.');
  }
  if (name !== undefined && !isAwsName(name)) {
    return failed('StepFunctions.InvalidNameException', `Name ${AWS_NAME_RULE}.`);
  }
  let input: Json = rawInput ?? {};
  if (typeof rawInput === 'string') {
    try {
      input = JSON.parse(rawInput) as Json;
    } catch {
      return failed(
        'StepFunctions.InvalidExecutionInputException',
        'Input is a string that is not JSON text.',
      );
    }
  }
  return { target: STATE_MACHINE_ARN.exec(arn)?.[1] ?? arn, input, name };
}

/** The live state machine a target names, by id or by name. */
export async function findStateMachine(manager: EntityManager, target: string): Promise<string | undefined> {
  const rows = await manager.query<{ id: string }[]>(
    `SELECT id FROM state_machines
      WHERE deleted_at IS NULL AND (name = $1 OR id = $2::uuid)
      ORDER BY (id = $2::uuid) DESC LIMIT 1`,
    [target, isUuid(target) ? target : null],
  );
  return rows[0]?.id;
}

/** The failure for a target that names no state machine. */
export function missingStateMachine(target: string): TaskEnding {
  return failed(
    'StepFunctions.StateMachineDoesNotExistException',
    `State Machine Does Not Exist: '${target}'`,
  );
}

/** The failure for a name taken by an execution with another input. */
export function executionExists(name: string): TaskEnding {
  return failed('StepFunctions.ExecutionAlreadyExistsException', `Execution Already Exists: '${name}'`);
}

/** The result of a fire-and-forget start: AWS's StartExecution answer (dates in epoch milliseconds). */
export function startedOutput(
  arns: StatesArns,
  stateMachineName: string,
  name: string,
  startedAtMs: number,
): JsonObject {
  return { ExecutionArn: arns.execution(stateMachineName, name), StartDate: Math.floor(startedAtMs) };
}

/** Reads a nested execution. */
export async function readChildExecution(
  manager: EntityManager,
  id: string,
): Promise<ChildExecution | undefined> {
  const rows = await manager.query<(ExecutionRow & { sm_name: string })[]>(
    `SELECT ${executionColumns('e')}, m.name AS sm_name
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
      WHERE e.id = $1`,
    [id],
  );
  const row = rows[0];
  return row && { ...executionRecordOf(row), stateMachineName: row.sm_name };
}

/**
 * What a `.sync` or `.sync:2` task learns when its execution ends: AWS's DescribeExecution
 * answer, with Input and Output as JSON text (`.sync`) or as JSON (`.sync:2`). A child that did
 * not succeed fails the task with `States.TaskFailed`, the answer as its cause.
 */
export function childEnding(arns: StatesArns, child: ChildExecution, pattern: TaskPattern): TaskEnding {
  const asText = pattern !== 'sync:2';
  const described: JsonObject = {
    ExecutionArn: arns.execution(child.stateMachineName, child.name),
    Input: asText ? JSON.stringify(child.input) : child.input,
    InputDetails: { Included: true },
    Name: child.name,
    StartDate: Math.floor(child.startedAtMs),
    StateMachineArn: arns.stateMachine(child.stateMachineName),
    Status: child.status,
    ...(child.stoppedAtMs === null ? {} : { StopDate: Math.floor(child.stoppedAtMs) }),
  };
  if (child.status === 'SUCCEEDED') {
    const output = child.output ?? null;
    described.Output = asText ? JSON.stringify(output) : output;
    described.OutputDetails = { Included: true };
    return { kind: 'succeeded', output: described };
  }
  if (child.error !== null) described.Error = child.error;
  if (child.cause !== null) described.Cause = child.cause;
  return { kind: 'failed', error: 'States.TaskFailed', cause: JSON.stringify(described) };
}
