import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { isDeepStrictEqual } from 'node:util';
import { payloadSizeProblem, type Json } from '../../asl/index.js';
import { Permission } from '../../authorization/permission.js';
import { ErrorCode } from '../../common/app-error.js';
import { isAwsName, MAX_NAME_LENGTH } from '../../common/identifiers.js';
import { ExecutionsService } from '../../executions/executions.service.js';
import type { ExecutionStatus } from '../../executions/models/execution-status.enum.js';
import type { Execution } from '../../executions/models/execution.model.js';
import { StateMachinesService } from '../../state-machines/state-machines.service.js';
import { LiveExecutionsService } from '../../subscriptions/live-executions.service.js';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';
import { asAws } from '../protocol/aws-error.mapping.js';
import { epochSeconds, nextTokenOf, optionalString, pageOf, requiredString } from '../protocol/aws-input.js';
import type { AwsAction, AwsActionGroup, AwsCall, AwsInput } from './aws-action.js';
import { AwsExecutions } from './aws-executions.js';

/** AWS's longest execution input (and output): 256 KiB of text. */
const MAX_INPUT_LENGTH = 262_144;
/** AWS's longest `error` (256) and `cause` (32,768) of StopExecution. */
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;
/**
 * How long StartSyncExecution waits for the end: the longest an AWS Express execution may run.
 * An execution still running then goes on durably; the answer says so (status TIMED_OUT).
 */
export const SYNC_EXECUTION_WAIT_MS = 5 * 60 * 1000;

/** ListExecutions' statusFilter values; PENDING_REDRIVE never holds here (a redrive is immediate). */
const STATUS_FILTERS = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);

/** The execution actions, over src/executions (and src/subscriptions for StartSyncExecution's wait). */
@Injectable()
export class ExecutionActions implements AwsActionGroup, OnModuleInit {
  readonly actions: readonly AwsAction[];
  private live!: LiveExecutionsService;

  constructor(
    private readonly service: ExecutionsService,
    private readonly stateMachines: StateMachinesService,
    private readonly moduleRef: ModuleRef,
    private readonly executions: AwsExecutions,
  ) {
    this.actions = [
      {
        name: 'StartExecution',
        permission: Permission.ExecutionStart,
        audited: true,
        handle: (input, call) => this.start(input, call),
      },
      {
        name: 'StartSyncExecution',
        permission: Permission.ExecutionStart,
        audited: true,
        handle: (input, call) => this.startSync(input, call),
      },
      {
        name: 'DescribeExecution',
        permission: Permission.ExecutionRead,
        audited: false,
        handle: async (input) => this.executions.describe(await this.executions.find(input)),
      },
      {
        name: 'DescribeStateMachineForExecution',
        permission: Permission.ExecutionRead,
        audited: false,
        handle: (input) => this.stateMachineFor(input),
      },
      {
        name: 'ListExecutions',
        permission: Permission.ExecutionRead,
        audited: false,
        handle: (input) => this.list(input),
      },
      {
        name: 'StopExecution',
        permission: Permission.ExecutionStop,
        audited: true,
        handle: (input, call) => this.stop(input, call),
      },
      {
        name: 'RedriveExecution',
        permission: Permission.ExecutionRedrive,
        audited: true,
        handle: (input, call) => this.redrive(input, call),
      },
    ];
  }

  /**
   * The live feed of src/subscriptions, found without importing SubscriptionsModule: an import would
   * make it deeper than GraphQLModule and change the order Nest shuts them down in (as for the
   * activity actions, activities.actions.ts).
   */
  onModuleInit(): void {
    this.live = this.moduleRef.get(LiveExecutionsService, { strict: false });
  }

  private get arns() {
    return this.executions.arns;
  }

  /** The machine (and version) `stateMachineArn` names; StateMachineDoesNotExist if none here. */
  private machineOf(input: AwsInput): { name: string; version?: number } {
    const arn = requiredString(input, 'stateMachineArn', 256);
    const parsed = this.arns.parse(arn, 'stateMachine', 'stateMachineArn');
    if (!parsed) {
      throw new AwsError(AwsErrorCode.StateMachineDoesNotExist, `State Machine Does Not Exist: '${arn}'`);
    }
    return parsed;
  }

  /**
   * Starts as StartExecution and StartSyncExecution do: the input is JSON text, the name AWS's.
   * A name already used answers ExecutionAlreadyExists, except a repeat of a RUNNING execution's
   * start with the same input, which AWS answers as the first (idempotent).
   */
  private async startExecution(input: AwsInput, call: AwsCall): Promise<Execution> {
    const machine = this.machineOf(input);
    const name = optionalString(input, 'name', MAX_NAME_LENGTH);
    if (name !== undefined && !isAwsName(name)) {
      throw new AwsError(AwsErrorCode.InvalidName, `Invalid Name: '${name}'`);
    }
    const text = optionalString(input, 'input', MAX_INPUT_LENGTH) ?? '{}';
    const parsed = executionInputOf(text);
    optionalString(input, 'traceHeader', 256);
    const { execution, created } = await asAws(
      {
        [ErrorCode.NOT_FOUND]: AwsErrorCode.StateMachineDoesNotExist,
        [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidExecutionInput,
      },
      () =>
        this.service.start(
          { stateMachine: { name: machine.name }, input: text, name, version: machine.version },
          call.act,
        ),
    );
    if (!created && !(execution.status === 'RUNNING' && isDeepStrictEqual(execution.input, parsed))) {
      throw new AwsError(
        AwsErrorCode.ExecutionAlreadyExists,
        `Execution Already Exists: '${this.executions.executionArn(execution)}'`,
      );
    }
    return execution;
  }

  private async start(input: AwsInput, call: AwsCall) {
    const execution = await this.startExecution(input, call);
    return {
      executionArn: this.executions.executionArn(execution),
      startDate: epochSeconds(new Date(execution.startedAt)),
    };
  }

  /**
   * AWS runs StartSyncExecution for EXPRESS machines only; Stepgraph has one kind of machine and
   * runs it for any: a durable execution like StartExecution's, answered once it ended (or when
   * SYNC_EXECUTION_WAIT_MS passed). AWS's sync statuses are SUCCEEDED, FAILED and TIMED_OUT: an
   * ABORTED execution answers FAILED with its error and cause.
   */
  private async startSync(input: AwsInput, call: AwsCall) {
    const started = await this.startExecution(input, call);
    const ended = await this.endOf(started, call.signal);
    const described = this.executions.describe(ended ?? started);
    const stopMs = ended?.stoppedAt ? Date.parse(ended.stoppedAt) : Date.now();
    const status = ended === undefined ? 'TIMED_OUT' : ended.status === 'ABORTED' ? 'FAILED' : ended.status;
    return {
      executionArn: described.executionArn,
      stateMachineArn: described.stateMachineArn,
      name: described.name,
      startDate: described.startDate,
      stopDate: stopMs / 1000,
      status,
      ...(described.error === undefined ? {} : { error: described.error }),
      ...(described.cause === undefined ? {} : { cause: described.cause }),
      ...(ended === undefined
        ? {
            error: 'States.Timeout',
            cause: `The execution was still running after ${SYNC_EXECUTION_WAIT_MS / 1000} seconds; it goes on: follow it with DescribeExecution.`,
          }
        : {}),
      input: described.input,
      inputDetails: described.inputDetails,
      ...(described.output === undefined
        ? {}
        : { output: described.output, outputDetails: described.outputDetails }),
      // Nothing is billed: the duration is reported, memory as 0.
      billingDetails: {
        billedMemoryUsedInMB: 0,
        billedDurationInMilliseconds: Math.round(stopMs - Date.parse(started.startedAt)),
      },
    };
  }

  /** The execution once it has ended; undefined when it still runs after the wait, or the client left. */
  private async endOf(execution: Execution, signal: AbortSignal): Promise<Execution | undefined> {
    if (execution.status !== 'RUNNING') return execution;
    const updates = await this.live.updates(execution.id);
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), SYNC_EXECUTION_WAIT_MS);
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    try {
      for (;;) {
        const next = await Promise.race([updates.next(), giveUp]);
        if (next === undefined || next.done) return undefined;
        if (next.value.status !== 'RUNNING') return next.value;
      }
    } finally {
      clearTimeout(timer);
      await updates.return?.();
    }
  }

  private async stateMachineFor(input: AwsInput) {
    const execution = await this.executions.find(input);
    const { stateMachine, version } = await asAws(
      { [ErrorCode.NOT_FOUND]: AwsErrorCode.ExecutionDoesNotExist },
      () => this.stateMachines.findVersion(execution.stateMachine.id, execution.version),
    );
    return {
      stateMachineArn: this.arns.stateMachine(stateMachine.name),
      name: stateMachine.name,
      definition: JSON.stringify(version.definition),
      roleArn: this.arns.role(),
      updateDate: epochSeconds(version.createdAt),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  private async list(input: AwsInput) {
    if (input.mapRunArn !== undefined && input.mapRunArn !== null) {
      throw new AwsError(
        AwsErrorCode.ValidationException,
        'mapRunArn is not supported: Stepgraph runs no Distributed Map (give stateMachineArn)',
      );
    }
    if (input.redriveFilter !== undefined && input.redriveFilter !== null) {
      throw new AwsError(AwsErrorCode.ValidationException, 'redriveFilter is not supported by Stepgraph');
    }
    const machine = this.machineOf(input);
    const statusFilter = optionalString(input, 'statusFilter', 20);
    if (statusFilter !== undefined && !STATUS_FILTERS.has(statusFilter)) {
      throw new AwsError(
        AwsErrorCode.ValidationException,
        `1 validation error detected: Value '${statusFilter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${[...STATUS_FILTERS].join(', ')}]`,
      );
    }
    const page = pageOf(input);
    const { id } = await asAws({ [ErrorCode.NOT_FOUND]: AwsErrorCode.StateMachineDoesNotExist }, () =>
      this.stateMachines.get({ name: machine.name }),
    );
    if (statusFilter === 'PENDING_REDRIVE') return { executions: [] };
    const executions = await asAws({ [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidToken }, () =>
      this.service.list({
        ...page,
        filter: {
          stateMachineId: id,
          version: machine.version,
          status: statusFilter as ExecutionStatus | undefined,
        },
      }),
    );
    return {
      executions: executions.edges.map(({ node }) => this.executions.listItem(node)),
      ...nextTokenOf(executions),
    };
  }

  private async stop(input: AwsInput, call: AwsCall) {
    const execution = await this.executions.find(input);
    const error = optionalString(input, 'error', MAX_ERROR_LENGTH);
    const cause = optionalString(input, 'cause', MAX_CAUSE_LENGTH);
    const stopped = await asAws(
      {
        [ErrorCode.NOT_FOUND]: AwsErrorCode.ExecutionDoesNotExist,
        [ErrorCode.CONFLICT]: AwsErrorCode.ValidationException,
      },
      () => this.service.stop(execution.id, { error, cause }, call.act),
    );
    return { stopDate: epochSeconds(new Date(stopped.stoppedAt ?? Date.now())) };
  }

  private async redrive(input: AwsInput, call: AwsCall) {
    const execution = await this.executions.find(input);
    optionalString(input, 'clientToken', 64);
    const redriven = await asAws(
      {
        [ErrorCode.NOT_FOUND]: AwsErrorCode.ExecutionDoesNotExist,
        [ErrorCode.CONFLICT]: AwsErrorCode.ExecutionNotRedrivable,
      },
      () => this.service.redrive(execution.id, call.act),
    );
    return { redriveDate: epochSeconds(new Date(redriven.redrivenAt ?? Date.now())) };
  }
}

/** An execution's input: JSON text within AWS's quota, else InvalidExecutionInput. */
function executionInputOf(text: string): Json {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (error) {
    throw new AwsError(
      AwsErrorCode.InvalidExecutionInput,
      `Invalid State Machine Execution Input: '${(error as Error).message}'`,
    );
  }
  const size = payloadSizeProblem(parsed);
  if (size !== undefined) throw new AwsError(AwsErrorCode.InvalidExecutionInput, `input ${size}`);
  return parsed;
}
