/**
 * What the execution actions share: reading an execution ARN to the execution it names, and an
 * execution as AWS's DescribeExecution, ListExecutions and StartSyncExecution write it.
 */
import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../../common/app-error.js';
import { ExecutionsService } from '../../executions/executions.service.js';
import type { Execution } from '../../executions/models/execution.model.js';
import { AwsArns } from '../arns.js';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';
import { asAws } from '../protocol/aws-error.mapping.js';
import { epochSeconds } from '../protocol/aws-input.js';
import type { AwsInput } from './aws-action.js';

/** AWS's statuses that can be redriven (a SUCCEEDED or RUNNING execution cannot). */
const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

const secondsOf = (iso: string) => epochSeconds(new Date(iso));

@Injectable()
export class AwsExecutions {
  constructor(
    private readonly executions: ExecutionsService,
    readonly arns: AwsArns,
  ) {}

  /** The execution `input[field]` names: InvalidArn when malformed, ExecutionDoesNotExist when unknown. */
  async find(input: AwsInput, field = 'executionArn'): Promise<Execution> {
    const arn = input[field];
    if (arn === undefined || arn === null) {
      throw new AwsError(AwsErrorCode.ValidationException, `${field} must not be null`);
    }
    const parsed = this.arns.parse(arn, 'execution', field);
    if (!parsed) throw doesNotExist(arn as string);
    return asAws({ [ErrorCode.NOT_FOUND]: AwsErrorCode.ExecutionDoesNotExist }, () =>
      this.executions.getByName(parsed.stateMachineName, parsed.name),
    );
  }

  executionArn(execution: Execution): string {
    return this.arns.execution(execution.stateMachine.name, execution.name);
  }

  /** A ListExecutions item. */
  listItem(execution: Execution) {
    return {
      executionArn: this.executionArn(execution),
      stateMachineArn: this.arns.stateMachine(execution.stateMachine.name),
      name: execution.name,
      status: execution.status,
      startDate: secondsOf(execution.startedAt),
      ...(execution.stoppedAt === null ? {} : { stopDate: secondsOf(execution.stoppedAt) }),
      redriveCount: execution.redriveCount,
      ...(execution.redrivenAt === null ? {} : { redriveDate: secondsOf(execution.redrivenAt) }),
    };
  }

  /** DescribeExecution's answer: inputs and outputs as JSON text, as AWS sends them. */
  describe(execution: Execution) {
    const redrivable = REDRIVABLE.has(execution.status);
    return {
      ...this.listItem(execution),
      input: JSON.stringify(execution.input),
      inputDetails: { included: true },
      ...(execution.output === null
        ? {}
        : { output: JSON.stringify(execution.output), outputDetails: { included: true } }),
      ...(execution.error === null ? {} : { error: execution.error }),
      ...(execution.cause === null ? {} : { cause: execution.cause }),
      redriveStatus: redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
      ...(redrivable
        ? {}
        : { redriveStatusReason: `Execution is ${execution.status} and cannot be redriven` }),
    };
  }
}

function doesNotExist(arn: string): AwsError {
  return new AwsError(AwsErrorCode.ExecutionDoesNotExist, `Execution Does Not Exist: '${arn}'`);
}
