import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseResource, payloadSizeProblem, type Json } from '../../asl/index.js';
import { AppError, type ErrorDetail } from '../../common/app-error.js';
import type { ExecutionTrigger } from '../../common/execution-trigger.js';
import { AWS_NAME_RULE, isAwsName, isUuid } from '../../common/identifiers.js';
import { ExecutionStarter, generatedExecutionName, type BeforeCommit } from './execution.starter.js';
import {
  answerableTask,
  heartbeat,
  scheduledActivityTasks,
  type LeasedActivityTask,
} from '../tasks/task.answers.js';
import { isTaskToken } from '../tasks/task-token.js';
import type { StartedRecord } from '../transition/execution.repository.js';
import type { Transition } from '../transition/transition.js';
import type { TaskEnding } from '../tasks/task.attempts.js';
import { TransitionRunner } from '../transition/transition.runner.js';

/** What {@link ExecutionCommands.start} takes. */
export interface StartExecutionCommand {
  readonly stateMachineId: string;
  /** The latest version when absent. */
  readonly version?: number;
  /** A UUID when absent; a repeated name for the same machine returns the existing execution. */
  readonly name?: string;
  readonly input: Json;
  readonly parentExecutionId?: string;
  /** `MANUAL` when absent. */
  readonly trigger?: ExecutionTrigger;
  /** The caller's last write in the start's transaction. */
  readonly beforeCommit?: BeforeCommit;
}

/** What {@link ExecutionCommands.start} answers. */
export interface StartedExecutionRecord extends StartedRecord {
  readonly executionId: string;
  /** False: an execution of that name existed already and is returned as it is. */
  readonly created: boolean;
}

/** Activity tasks looked at per lease attempt before giving up on executions that are busy. */
const LEASE_CANDIDATES = 10;
const INVALID_TOKEN = 'task token is not valid';
const CLOSED_TASK = 'task is no longer open';

/**
 * The commands that change executions, for the GraphQL and REST transports (and tests). Each one
 * is a transition in its own transaction, published after commit; each refuses with an AppError
 * (NOT_FOUND, CONFLICT, BAD_USER_INPUT) before changing anything.
 */
@Injectable()
export class ExecutionCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TransitionRunner,
    private readonly starter: ExecutionStarter,
  ) {}

  /**
   * Starts an execution and runs it to its first blocking state. A repeated name for the same
   * machine returns the existing execution with `created: false` (idempotent start). Answers with
   * the execution as the start committed it (or found it), without reading it again, and before
   * its notices are published: they go out after the commit and nobody waits for them.
   */
  async start(input: StartExecutionCommand): Promise<StartedExecutionRecord> {
    const name = input.name ?? generatedExecutionName();
    checkStart(input, name);
    if (!isUuid(input.stateMachineId))
      throw AppError.notFound(`State machine ${input.stateMachineId} not found`);
    const parentExecutionId = input.parentExecutionId ?? null;
    if (parentExecutionId !== null && !isUuid(parentExecutionId)) {
      throw AppError.notFound(`Execution ${parentExecutionId} not found`);
    }
    const result = await this.starter.start({
      stateMachineId: input.stateMachineId,
      ...(input.version === undefined ? {} : { version: input.version }),
      name,
      input: input.input,
      parentExecutionId,
      ...(input.trigger ? { trigger: input.trigger } : {}),
      ...(input.beforeCommit ? { beforeCommit: input.beforeCommit } : {}),
    });
    if (result.kind === 'not-found') throw AppError.notFound(result.message);
    this.runner.publishLater(result.notices);
    return { executionId: result.executionId, created: result.created, ...result.record };
  }

  /**
   * Stops a running execution with everything open in it (ExecutionAborted), and the executions it
   * started. `beforeCommit` writes last in the stop's transaction.
   */
  async stop(
    executionId: string,
    reason: { error?: string; cause?: string } = {},
    beforeCommit?: BeforeCommit,
  ): Promise<void> {
    const stopped = await this.onExecution(
      executionId,
      (transition) =>
        transition.stop({
          ...(reason.error === undefined ? {} : { error: reason.error }),
          ...(reason.cause === undefined ? {} : { cause: reason.cause }),
        }),
      beforeCommit,
    );
    if (!stopped)
      throw AppError.conflict(
        `Execution ${executionId} is not running: only a running execution can be stopped`,
      );
  }

  /**
   * Redrives a FAILED, TIMED_OUT or ABORTED execution from the states that did not succeed,
   * keeping succeeded Parallel branches and Map iterations (ExecutionRedriven). `beforeCommit`
   * writes last in the redrive's transaction.
   */
  async redrive(executionId: string, beforeCommit?: BeforeCommit): Promise<void> {
    const redriven = await this.onExecution(executionId, (transition) => transition.redrive(), beforeCommit);
    if (!redriven) {
      throw AppError.conflict(
        `Execution ${executionId} cannot be redriven: only a FAILED, TIMED_OUT or ABORTED execution can`,
      );
    }
  }

  /**
   * Pauses a running execution (docs/design.md, "Pause and resume"): its runs hold before their
   * next state, its timers wait; `by` names who paused it. Pausing a paused execution changes
   * nothing; an ended one is a CONFLICT. `beforeCommit` writes last in the pause's transaction.
   */
  async pause(executionId: string, by: string, beforeCommit?: BeforeCommit): Promise<void> {
    const paused = await this.onExecution(
      executionId,
      (transition) => Promise.resolve(transition.pause(by)),
      beforeCommit,
    );
    if (!paused)
      throw AppError.conflict(
        `Execution ${executionId} is not running: only a running execution can be paused`,
      );
  }

  /**
   * Resumes a paused execution where it was: held results are applied, due timers fire. Resuming
   * one that is not paused changes nothing; an ended one is a CONFLICT.
   */
  async resume(executionId: string, beforeCommit?: BeforeCommit): Promise<void> {
    const resumed = await this.onExecution(executionId, (transition) => transition.resume(), beforeCommit);
    if (!resumed)
      throw AppError.conflict(
        `Execution ${executionId} is not running: only a running execution can be resumed`,
      );
  }

  /** Completes a callback or activity task with `output`. */
  async sendTaskSuccess(taskToken: string, output: Json): Promise<void> {
    await this.answer(taskToken, { kind: 'succeeded', output });
  }

  /** Fails a callback or activity task; the error defaults to `States.TaskFailed`. */
  async sendTaskFailure(taskToken: string, failure: { error?: string; cause?: string }): Promise<void> {
    const error = failure.error ?? 'States.TaskFailed';
    await this.answer(taskToken, {
      kind: 'failed',
      error,
      ...(failure.cause === undefined ? {} : { cause: failure.cause }),
    });
  }

  /** Keeps a task alive: its HeartbeatSeconds deadline starts again from now. */
  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    const task = isTaskToken(taskToken)
      ? await answerableTask(this.dataSource.manager, taskToken)
      : undefined;
    if (!task) throw AppError.notFound(INVALID_TOKEN);
    if (!(await heartbeat(this.dataSource.manager, taskToken))) throw AppError.conflict(CLOSED_TASK);
  }

  /**
   * One non-blocking attempt to lease the oldest scheduled task of `activity`: it starts, its run
   * records ActivityStarted, and the worker gets its token and input. Null when there is none.
   */
  async leaseActivityTask(activity: string, workerName?: string): Promise<LeasedActivityTask | null> {
    if (parseResource(`activity:${activity}`)?.kind !== 'activity') {
      throw AppError.badUserInput(`"${activity}" is not a valid activity name`);
    }
    const candidates = await scheduledActivityTasks(this.dataSource.manager, activity, LEASE_CANDIDATES);
    // Executions busy with another transition are skipped rather than waited for...
    for (const candidate of candidates) {
      const leased = await this.runner.run(
        candidate.executionId,
        (transition) => transition.leaseActivityTask(candidate.token, workerName),
        { skipLocked: true, taskToken: candidate.token },
      );
      if (leased?.result) return leased.result;
    }
    // ...unless every candidate was busy: then wait for the oldest one's lock.
    const oldest = candidates[0];
    if (!oldest) return null;
    const leased = await this.runner.run(
      oldest.executionId,
      (transition) => transition.leaseActivityTask(oldest.token, workerName),
      { taskToken: oldest.token },
    );
    return leased?.result ?? null;
  }

  private async answer(taskToken: string, ending: TaskEnding): Promise<void> {
    const task = isTaskToken(taskToken)
      ? await answerableTask(this.dataSource.manager, taskToken)
      : undefined;
    if (!task) throw AppError.notFound(INVALID_TOKEN);
    const answered = await this.runner.run(
      task.executionId,
      (transition) => transition.answerTask(taskToken, ending),
      { taskToken },
    );
    if (!answered?.result) throw AppError.conflict(CLOSED_TASK);
  }

  /** A stop, redrive, pause or resume; `beforeCommit` runs only when it acted on the execution. */
  private async onExecution(
    executionId: string,
    work: (transition: Transition) => Promise<boolean>,
    beforeCommit?: BeforeCommit,
  ): Promise<boolean> {
    const done = isUuid(executionId)
      ? await this.runner.run(executionId, work, {
          beforeCommit: async (manager, changed) => {
            if (changed) await beforeCommit?.(manager, executionId);
          },
        })
      : undefined;
    if (!done) throw AppError.notFound(`Execution ${executionId} not found`);
    return done.result;
  }
}

/**
 * The one check of a start's name, version and input, for every transport: each problem is
 * reported once, as `<field> <what is wrong>`, in the message and in the details.
 */
function checkStart(input: StartExecutionCommand, name: string): void {
  const problems: ErrorDetail[] = [];
  if (!isAwsName(name)) problems.push({ path: 'name', message: AWS_NAME_RULE });
  if (input.version !== undefined && !(Number.isInteger(input.version) && input.version >= 1)) {
    problems.push({ path: 'version', message: 'must be a positive integer' });
  }
  const size = payloadSizeProblem(input.input);
  if (size !== undefined) problems.push({ path: 'input', message: size });
  if (problems.length === 0) return;
  const message = problems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
  throw AppError.badUserInput(message, { details: problems });
}
