import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ActivitiesService } from '../../activities/activities.service.js';
import { ActivityPollService } from '../../activities/activity-poll.service.js';
import { TaskResultsService } from '../../activities/task-results.service.js';
import { Permission } from '../../authorization/permission.js';
import { AppError, ErrorCode } from '../../common/app-error.js';
import { AwsArns } from '../arns.js';
import { AwsError, AwsErrorCode } from '../protocol/aws-error.js';
import { asAws, awsErrorOf, type AwsCodesFor } from '../protocol/aws-error.mapping.js';
import { epochSeconds, nextTokenOf, optionalString, pageOf, requiredString } from '../protocol/aws-input.js';
import type { AwsAction, AwsActionGroup, AwsCall, AwsInput } from './aws-action.js';

const MAX_ARN_LENGTH = 256;
/** AWS's limits on a task token, an output, an error and a cause. */
const MAX_TOKEN_LENGTH = 2048;
const MAX_OUTPUT_LENGTH = 262_144;
const MAX_ERROR_LENGTH = 256;
const MAX_CAUSE_LENGTH = 32_768;
const MAX_WORKER_NAME_LENGTH = 80;

const ACTIVITY_CODES: AwsCodesFor = {
  [ErrorCode.NOT_FOUND]: AwsErrorCode.ActivityDoesNotExist,
  [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidName,
};

/**
 * The activity actions: activities by name (src/activities/activities.service.ts), the long poll
 * of their workers (activity-poll.service.ts, which records each poller) and the answers to task
 * tokens, of activities and `.waitForTaskToken` callbacks alike (task-results.service.ts).
 */
@Injectable()
export class ActivityActions implements AwsActionGroup, OnModuleInit {
  readonly actions: readonly AwsAction[];
  private activities!: ActivitiesService;
  private polls!: ActivityPollService;
  private results!: TaskResultsService;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly arns: AwsArns,
  ) {
    const read = Permission.StateMachineRead;
    const write = Permission.StateMachineWrite;
    const respond = Permission.TaskRespond;
    this.actions = [
      { name: 'CreateActivity', permission: write, audited: true, handle: (i, c) => this.create(i, c) },
      { name: 'DescribeActivity', permission: read, audited: false, handle: (i) => this.describe(i) },
      { name: 'DeleteActivity', permission: write, audited: true, handle: (i, c) => this.delete(i, c) },
      { name: 'ListActivities', permission: read, audited: false, handle: (i) => this.list(i) },
      {
        name: 'GetActivityTask',
        permission: Permission.ActivityPoll,
        audited: true,
        handle: (i, c) => this.poll(i, c),
      },
      { name: 'SendTaskSuccess', permission: respond, audited: true, handle: (i) => this.succeed(i) },
      { name: 'SendTaskFailure', permission: respond, audited: true, handle: (i) => this.fail(i) },
      { name: 'SendTaskHeartbeat', permission: respond, audited: true, handle: (i) => this.heartbeat(i) },
    ];
  }

  /**
   * The services of ActivitiesModule, found without importing it: an import would make it as deep
   * as GraphQLModule, and at shutdown ActivityPollService must end the waiting polls before
   * Apollo's drain, which Nest orders by depth (see ActivityPollService.onModuleDestroy).
   */
  onModuleInit(): void {
    this.activities = this.moduleRef.get(ActivitiesService, { strict: false });
    this.polls = this.moduleRef.get(ActivityPollService, { strict: false });
    this.results = this.moduleRef.get(TaskResultsService, { strict: false });
  }

  private async create(input: AwsInput, call: AwsCall) {
    const name = requiredString(input, 'name', 80);
    const activity = await asAws(ACTIVITY_CODES, () => this.activities.create(name, call.act));
    return { activityArn: this.arns.activity(activity.name), creationDate: epochSeconds(activity.createdAt) };
  }

  private async describe(input: AwsInput) {
    const activity = await this.existing(input);
    return {
      activityArn: this.arns.activity(activity.name),
      name: activity.name,
      creationDate: epochSeconds(activity.createdAt),
    };
  }

  private async delete(input: AwsInput, call: AwsCall) {
    const name = this.activityName(input);
    // As on AWS, deleting an activity that does not exist succeeds.
    if (name !== undefined) await asAws({}, () => this.activities.delete(name, call.act));
    return {};
  }

  private async list(input: AwsInput) {
    const page = await asAws({ [ErrorCode.BAD_USER_INPUT]: AwsErrorCode.InvalidToken }, () =>
      this.activities.list(pageOf(input)),
    );
    return {
      activities: page.edges.map(({ node }) => ({
        activityArn: this.arns.activity(node.name),
        name: node.name,
        creationDate: epochSeconds(node.createdAt),
      })),
      ...nextTokenOf(page),
    };
  }

  /** AWS's long poll: up to 60 s; no task in time answers no token. */
  private async poll(input: AwsInput, call: AwsCall) {
    const activity = await this.existing(input);
    const workerName = optionalString(input, 'workerName', MAX_WORKER_NAME_LENGTH);
    const task = await asAws(ACTIVITY_CODES, () =>
      this.polls.poll(activity.name, { workerName, signal: call.signal }),
    );
    // The input as AWS hands it over: JSON text.
    return task ? { taskToken: task.taskToken, input: JSON.stringify(task.input) } : {};
  }

  private async succeed(input: AwsInput) {
    const taskToken = requiredString(input, 'taskToken', MAX_TOKEN_LENGTH);
    const output = requiredString(input, 'output', MAX_OUTPUT_LENGTH);
    await this.answering(taskToken, () => this.results.succeed(taskToken, output), 'InvalidOutput');
    return {};
  }

  private async fail(input: AwsInput) {
    const taskToken = requiredString(input, 'taskToken', MAX_TOKEN_LENGTH);
    const error = optionalString(input, 'error', MAX_ERROR_LENGTH);
    const cause = optionalString(input, 'cause', MAX_CAUSE_LENGTH);
    await this.answering(taskToken, () => this.results.fail(taskToken, { error, cause }));
    return {};
  }

  private async heartbeat(input: AwsInput) {
    const taskToken = requiredString(input, 'taskToken', MAX_TOKEN_LENGTH);
    await this.answering(taskToken, () => this.results.heartbeat(taskToken));
    return {};
  }

  /**
   * Runs an answer to `taskToken`; a refusal is told apart as AWS does: `InvalidToken` for what is
   * no token of ours, `TaskTimedOut` for a task that timed out, `TaskDoesNotExist` for one never
   * handed out or already closed. Other bad input is `badInputCode` (InvalidOutput for an output
   * that is not JSON).
   */
  private async answering(
    taskToken: string,
    answer: () => Promise<void>,
    badInputCode: string = AwsErrorCode.ValidationException,
  ): Promise<void> {
    try {
      await answer();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code !== ErrorCode.NOT_FOUND && error.code !== ErrorCode.CONFLICT) {
        throw awsErrorOf(error, { [ErrorCode.BAD_USER_INPUT]: badInputCode });
      }
      throw taskRefusal(await this.results.taskState(taskToken));
    }
  }

  /** The activity of `activityArn`, which must have been created. */
  private async existing(input: AwsInput) {
    const name = this.activityName(input);
    if (name === undefined) throw activityDoesNotExist();
    return asAws(ACTIVITY_CODES, () => this.activities.get(name));
  }

  /** The name in `activityArn`; undefined for an ARN of another region or account. */
  private activityName(input: AwsInput): string | undefined {
    const arn = requiredString(input, 'activityArn', MAX_ARN_LENGTH);
    return this.arns.parse(arn, 'activity', 'activityArn')?.name;
  }
}

function activityDoesNotExist(): AwsError {
  return new AwsError(
    AwsErrorCode.ActivityDoesNotExist,
    'Activity Does Not Exist: not of this region and account',
  );
}

function taskRefusal(state: Awaited<ReturnType<TaskResultsService['taskState']>>): AwsError {
  switch (state) {
    case 'malformed':
      return new AwsError(AwsErrorCode.InvalidToken, 'Invalid Token: this is not a task token');
    case 'timed-out':
      return new AwsError(AwsErrorCode.TaskTimedOut, 'Task Timed Out: the task timed out before this answer');
    default:
      return new AwsError(AwsErrorCode.TaskDoesNotExist, 'Task Does Not Exist: no open task has this token');
  }
}
