/**
 * The Context object's execution facts, with the ARNs the AWS endpoint answers (AWS_REGION,
 * AWS_ACCOUNT_ID), so that definitions written for AWS read them as they expect.
 */
import type { ExecutionContext, Json } from '../../asl/index.js';
import type { StatesArns } from '../../common/states-arns.js';

/** The execution facts the interpreter shows as `$$.Execution` and `$$.StateMachine`. */
export function executionContext(
  arns: StatesArns,
  execution: {
    readonly stateMachineName: string;
    readonly name: string;
    readonly input: Json;
    readonly startedAtMs: number;
    readonly redriveCount: number;
  },
): ExecutionContext {
  return {
    Execution: {
      Id: arns.execution(execution.stateMachineName, execution.name),
      Name: execution.name,
      Input: execution.input,
      StartTime: new Date(execution.startedAtMs).toISOString(),
      RedriveCount: execution.redriveCount,
    },
    StateMachine: { Id: arns.stateMachine(execution.stateMachineName), Name: execution.stateMachineName },
  };
}
