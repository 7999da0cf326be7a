/**
 * `arn:aws:states:::states:startExecution` (DESIGN §4): the parameters it takes and the results
 * it gives, shaped as AWS's StartExecution and DescribeExecution answers.
 */
import type { EntityManager } from 'typeorm';
import { isJsonObject } from '../../asl/json.js';
import type { Json, JsonObject } from '../../asl/index.js';
import { executionArn, stateMachineArn } from '../execution.arn.js';
import type { ExecutionStatus } from '../../common/execution-status.js';
import type { TaskPattern } from '../task.record.js';
import type { TaskEnding } from '../transition.tasks.js';

/** What a startExecution task asks for. */
export interface NestedStart {
  /** A state machine's name or id (or an ARN ending in its name). */
  readonly target: string;
  readonly input: Json;
  readonly name: string | undefined;
}

/** A nested execution as its parent's task sees it. */
export interface ChildExecution {
  readonly stateMachineName: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly input: Json;
  readonly output: Json | undefined;
  readonly error: string | null;
  readonly cause: string | null;
  readonly startedAtMs: number;
  readonly stoppedAtMs: number | null;
}

const STATE_MACHINE_ARN = /^arn:aws:states:[^:]*:[^:]*:stateMachine:([^:]+)(?::[^:]+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    [target, UUID.test(target) ? target : null],
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
export function startedOutput(stateMachineName: string, name: string, startedAtMs: number): JsonObject {
  return { ExecutionArn: executionArn(stateMachineName, name), StartDate: Math.floor(startedAtMs) };
}

/** Reads a nested execution. */
export async function readChildExecution(
  manager: EntityManager,
  id: string,
): Promise<ChildExecution | undefined> {
  const rows = await manager.query<
    {
      sm_name: string;
      name: string;
      status: ExecutionStatus;
      input: string;
      output: string | null;
      error: string | null;
      cause: string | null;
      started_at_ms: number;
      stopped_at_ms: number | null;
    }[]
  >(
    `SELECT m.name AS sm_name, e.name, e.status, e.input::text AS input, e.output::text AS output, e.error, e.cause,
            (extract(epoch FROM e.started_at) * 1000)::float8 AS started_at_ms,
            (extract(epoch FROM e.stopped_at) * 1000)::float8 AS stopped_at_ms
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id
      WHERE e.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    stateMachineName: row.sm_name,
    name: row.name,
    status: row.status,
    input: JSON.parse(row.input) as Json,
    output: row.output === null ? undefined : (JSON.parse(row.output) as Json),
    error: row.error,
    cause: row.cause,
    startedAtMs: row.started_at_ms,
    stoppedAtMs: row.stopped_at_ms,
  };
}

/**
 * What a `.sync` or `.sync:2` task learns when its execution ends: AWS's DescribeExecution
 * answer, with Input and Output as JSON text (`.sync`) or as JSON (`.sync:2`). A child that did
 * not succeed fails the task with `States.TaskFailed`, the answer as its cause.
 */
export function childEnding(child: ChildExecution, pattern: TaskPattern): TaskEnding {
  const asText = pattern !== 'sync:2';
  const described: JsonObject = {
    ExecutionArn: executionArn(child.stateMachineName, child.name),
    Input: asText ? JSON.stringify(child.input) : child.input,
    InputDetails: { Included: true },
    Name: child.name,
    StartDate: Math.floor(child.startedAtMs),
    StateMachineArn: stateMachineArn(child.stateMachineName),
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
