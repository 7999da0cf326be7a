/**
 * The ARN-shaped identifiers Stepgraph shows where AWS shows ARNs (`$$.Execution.Id`, the output
 * of `states:startExecution`), in the same form as the in-memory driver, so that definitions
 * written for AWS read them as they expect.
 */
import type { ExecutionContext, Json } from '../../asl/index.js';

/** Region recorded in ARNs and TaskScheduled events. */
export const ENGINE_REGION = 'local';
const ACCOUNT = '000000000000';

/** `arn:aws:states:local:000000000000:stateMachine:<name>`. */
export function stateMachineArn(stateMachineName: string): string {
  return `arn:aws:states:${ENGINE_REGION}:${ACCOUNT}:stateMachine:${stateMachineName}`;
}

/** `arn:aws:states:local:000000000000:execution:<state machine>:<execution>`. */
export function executionArn(stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${ENGINE_REGION}:${ACCOUNT}:execution:${stateMachineName}:${executionName}`;
}

/** The execution facts the interpreter shows as `$$.Execution` and `$$.StateMachine`. */
export function executionContext(execution: {
  readonly stateMachineName: string;
  readonly name: string;
  readonly input: Json;
  readonly startedAtMs: number;
  readonly redriveCount: number;
}): ExecutionContext {
  return {
    Execution: {
      Id: executionArn(execution.stateMachineName, execution.name),
      Name: execution.name,
      Input: execution.input,
      StartTime: new Date(execution.startedAtMs).toISOString(),
      RedriveCount: execution.redriveCount,
    },
    StateMachine: { Id: stateMachineArn(execution.stateMachineName), Name: execution.stateMachineName },
  };
}
