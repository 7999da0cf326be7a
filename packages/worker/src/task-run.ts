/**
 * One leased task from handler to report. The first answer wins: the handler's output or throw,
 * or the drain's `Worker.Shutdown`; whatever comes later is dropped, so a task is reported once.
 */
import type { Connection } from './api-client.js';
import type { RetryOptions } from './backoff.js';
import { StepgraphApiError, TaskClosedError, WorkerShutdownError } from './errors.js';
import { startHeartbeats, type Heartbeats } from './heartbeats.js';
import { reportAnswer } from './reporter.js';
import { jsonText, type ActivityTask, type TaskAnswer } from './task-api.js';
import type { ActivityContext, ActivityHandler, WorkerErrorContext } from './types.js';

/** What a task run needs from its worker. */
export interface TaskRunEnvironment {
  readonly connection: Connection;
  readonly retry: RetryOptions | undefined;
  readonly onError: (error: unknown, context: WorkerErrorContext) => void;
}

/** The error name of an output JSON cannot carry or the API refused (over 256 KiB): the task fails with it. */
const INVALID_OUTPUT_ERROR = 'Worker.InvalidOutput';

export class TaskRun {
  private readonly controller = new AbortController();
  private readonly heartbeats: Heartbeats;
  private answered = false;
  private resolveSettled!: () => void;
  /** Resolves once the task's answer is reported (or given up, through onError). */
  readonly settled = new Promise<void>((resolve) => (this.resolveSettled = resolve));

  constructor(
    private readonly env: TaskRunEnvironment,
    private readonly activity: string,
    private readonly task: ActivityTask,
    handler: ActivityHandler,
  ) {
    this.heartbeats = startHeartbeats(env.connection, task.taskToken, {
      heartbeatSeconds: task.heartbeatSeconds,
      onClosed: () => this.controller.abort(new TaskClosedError()),
      onError: (error) => this.env.onError(error, this.errorContext('heartbeat')),
    });
    void this.run(handler);
  }

  /** The drain's deadline passed: abort the handler and report the task failed with Worker.Shutdown. */
  async shutdown(): Promise<void> {
    if (!this.answered) {
      const error = new WorkerShutdownError();
      this.controller.abort(error);
      await this.answer({ kind: 'failure', error: error.name, cause: error.message });
    }
    await this.settled;
  }

  private async run(handler: ActivityHandler): Promise<void> {
    const context: ActivityContext = {
      activity: this.activity,
      taskToken: this.task.taskToken,
      heartbeatSeconds: this.task.heartbeatSeconds,
      traceparent: this.task.traceparent ?? null,
      signal: this.controller.signal,
      heartbeat: () => this.heartbeats.beat(),
    };
    let answer: TaskAnswer;
    try {
      answer = successOf(await handler(this.task.input, context));
    } catch (error) {
      answer = failureOf(error);
    }
    await this.answer(answer);
  }

  private async answer(answer: TaskAnswer): Promise<void> {
    if (this.answered) return;
    this.answered = true;
    this.heartbeats.stop();
    try {
      // The server closed the task: it would refuse the answer, so none is sent.
      if (!(this.controller.signal.reason instanceof TaskClosedError)) await this.report(answer);
    } catch (error) {
      this.env.onError(error, this.errorContext('report'));
    } finally {
      this.resolveSettled();
    }
  }

  private async report(answer: TaskAnswer): Promise<void> {
    const send = (what: TaskAnswer) =>
      reportAnswer(this.env.connection, this.task.taskToken, what, {
        ...(this.env.retry ? { retry: this.env.retry } : {}),
        onRetry: (error) => this.env.onError(error, this.errorContext('report')),
      });
    try {
      await send(answer);
    } catch (error) {
      // An output the API refuses would leave the task open until it times out: fail it now.
      if (
        answer.kind !== 'success' ||
        !(error instanceof StepgraphApiError) ||
        error.code !== 'BAD_USER_INPUT'
      ) {
        throw error;
      }
      await send(invalidOutput(error.message));
    }
  }

  private errorContext(during: WorkerErrorContext['during']): WorkerErrorContext {
    return { activity: this.activity, taskToken: this.task.taskToken, during };
  }
}

/** A handler's output as the task's success, or its failure when JSON cannot carry it. */
function successOf(output: unknown): TaskAnswer {
  try {
    jsonText(output);
    return { kind: 'success', output };
  } catch (error) {
    return invalidOutput((error as Error).message);
  }
}

function invalidOutput(cause: string): TaskAnswer {
  return { kind: 'failure', error: INVALID_OUTPUT_ERROR, cause };
}

/** A handler's throw as the task's failure: the error's name and message, or the thrown value as text. */
function failureOf(thrown: unknown): TaskAnswer {
  if (thrown instanceof Error)
    return { kind: 'failure', error: thrown.name || 'Error', cause: thrown.message };
  return {
    kind: 'failure',
    error: 'Error',
    cause: typeof thrown === 'string' ? thrown : JSON.stringify(thrown),
  };
}
