import { Injectable } from '@nestjs/common';
import { ExecutionCommands } from '../engine/start/execution.commands.js';
import { readJsonPayload } from '../executions/execution.payload.js';

/**
 * Answers to task tokens, from activity workers and `.waitForTaskToken` callbacks. A forged token
 * is NOT_FOUND and one already answered, timed out or cancelled is CONFLICT (the engine decides,
 * under its locks); either way nothing changes.
 */
@Injectable()
export class TaskResultsService {
  constructor(private readonly commands: ExecutionCommands) {}

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
}
