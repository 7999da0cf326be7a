import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExecutionCommands } from '../engine/start/execution.commands.js';
import { isTaskToken } from '../engine/tasks/task-token.js';
import { answerableTask } from '../engine/tasks/task.answers.js';
import { readJsonPayload } from '../executions/execution.payload.js';

/**
 * Answers to task tokens, from activity workers and `.waitForTaskToken` callbacks. A forged token
 * is NOT_FOUND and one already answered, timed out or cancelled is CONFLICT (the engine decides,
 * under its locks); either way nothing changes.
 */
@Injectable()
export class TaskResultsService {
  constructor(
    private readonly commands: ExecutionCommands,
    private readonly dataSource: DataSource,
  ) {}

  /** Completes the task with `output` (JSON, or JSON text as AWS sends it). */
  async succeed(taskToken: string, output: unknown): Promise<void> {
    await this.commands.sendTaskSuccess(taskToken, readJsonPayload(output, 'output'));
  }

  /** Fails the task with an error and cause for its Retry and Catch. */
  async fail(taskToken: string, failure: { error?: string | null; cause?: string | null }): Promise<void> {
    await this.commands.sendTaskFailure(taskToken, {
      error: failure.error ?? undefined,
      cause: failure.cause ?? undefined,
    });
  }

  /** Keeps a task alive: its HeartbeatSeconds count again from now. */
  async heartbeat(taskToken: string): Promise<void> {
    await this.commands.sendTaskHeartbeat(taskToken);
  }

  /**
   * Where the task of a token stands, to tell a refused answer apart as AWS does: a token of no
   * token's form, one never handed out, a task still open, one that timed out, one otherwise
   * closed (answered, or cancelled when its execution ended).
   */
  async taskState(taskToken: string): Promise<TaskState> {
    if (!isTaskToken(taskToken)) return 'malformed';
    const task = await answerableTask(this.dataSource.manager, taskToken);
    if (!task) return 'unknown';
    if (task.status === 'SCHEDULED' || task.status === 'STARTED') return 'open';
    return task.status === 'TIMED_OUT' ? 'timed-out' : 'closed';
  }
}

/** See {@link TaskResultsService.taskState}. */
export type TaskState = 'malformed' | 'unknown' | 'open' | 'timed-out' | 'closed';
