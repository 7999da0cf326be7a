/** The `builtin:*` task resources as the durable engine runs them (their meaning is src/asl's). */
import type { EntityManager } from 'typeorm';
import { parseResource, runBuiltinTask } from '../../asl/index.js';
import { earlierAttempts, type TaskRecord } from './task.record.js';
import type { TaskEnding } from './task.attempts.js';

/**
 * The result of a builtin attempt. `builtin:sleep` has already slept when this runs: its attempt
 * was due at the end of the sleep. `builtin:flaky` counts the attempts of its state recorded
 * before this one, as the in-memory driver does: those written, and those this transaction created
 * and has not written yet (`unwritten`, asked only for `builtin:flaky`).
 */
export async function runBuiltin(
  manager: EntityManager,
  task: TaskRecord,
  unwritten: () => number,
): Promise<TaskEnding> {
  const resource = parseResource(task.resource);
  if (resource?.kind !== 'builtin')
    throw new Error(`Task ${task.stateName} is not a builtin: ${task.resource}`);
  const attempt = resource.name === 'flaky' ? (await earlierAttempts(manager, task)) + unwritten() : 0;
  const result = runBuiltinTask(resource.name, task.input, attempt);
  if (result.kind === 'succeed') return { kind: 'succeeded', output: result.output };
  return {
    kind: 'failed',
    error: result.error,
    ...(result.cause === undefined ? {} : { cause: result.cause }),
  };
}
