/**
 * Task execution for the in-memory driver: custom handlers by resource, the builtins otherwise,
 * and `TimeoutSeconds` / `HeartbeatSeconds` applied to the work's (virtual) duration.
 */
import type { Json } from '../json.js';
import type { Outcome, TaskRequest } from '../step/step.types.js';
import { runBuiltinTask, type TaskResult } from '../tasks/builtin.js';

/**
 * Runs a task for the in-memory driver. For a `.waitForTaskToken` resource, its result stands for
 * the answer sent with the token.
 */
export type TaskHandler = (request: TaskRequest) => TaskResult | Promise<TaskResult>;

const MS_PER_SECOND = 1000;

async function resultOf(
  request: TaskRequest,
  handlers: Readonly<Record<string, TaskHandler>>,
  attempt: number,
): Promise<TaskResult> {
  const handler = handlers[request.resourceArn];
  try {
    if (handler) return await handler(request);
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    return { kind: 'fail', error: error.name, cause: error.message };
  }
  if (request.resource.kind === 'builtin') {
    return runBuiltinTask(request.resource.name, request.input, attempt);
  }
  return {
    kind: 'fail',
    error: 'States.TaskFailed',
    cause: `The in-memory driver has no handler for the resource '${request.resourceArn}'.`,
  };
}

/** The limit that cuts the work short first, if any: a builtin never sends heartbeats. */
function firstLimit(request: TaskRequest, delayMs: number): { error: string; afterMs: number } | undefined {
  const limits = [
    { error: 'States.Timeout', seconds: request.timeoutSeconds },
    { error: 'States.HeartbeatTimeout', seconds: request.heartbeatSeconds },
  ]
    .filter((limit): limit is { error: string; seconds: number } => limit.seconds !== undefined)
    .map((limit) => ({ error: limit.error, afterMs: limit.seconds * MS_PER_SECOND }))
    .filter((limit) => limit.afterMs < delayMs)
    .sort((a, b) => a.afterMs - b.afterMs);
  return limits[0];
}

/**
 * Runs a task and says what the run learns, and after how many virtual milliseconds. `attempt`
 * counts the earlier attempts of the same state in the execution.
 */
export async function performTask(
  request: TaskRequest,
  handlers: Readonly<Record<string, TaskHandler>>,
  attempt: number,
): Promise<{ outcome: Outcome; delayMs: number }> {
  const result = await resultOf(request, handlers, attempt);
  const delayMs = result.delayMs ?? 0;
  const limit = firstLimit(request, delayMs);
  if (limit) return { outcome: { kind: 'task-failed', error: limit.error }, delayMs: limit.afterMs };
  if (result.kind === 'succeed') {
    return { outcome: { kind: 'task-succeeded', output: result.output as Json }, delayMs };
  }
  const failure: Outcome = {
    kind: 'task-failed',
    error: result.error,
    ...(result.cause === undefined ? {} : { cause: result.cause }),
  };
  return { outcome: failure, delayMs };
}
