/**
 * Answers from outside to a task attempt (docs/design.md §5: sendTaskSuccess/Failure/Heartbeat), and
 * activity leases. The first answer wins: an attempt that was answered, timed out or cancelled
 * takes nothing more (docs/testing.md R10).
 */
import type { EntityManager } from 'typeorm';
import type { Json } from '../../asl/index.js';
import { findTask, type TaskRecord } from './task.record.js';

/** What a worker gets with a leased activity task. */
export interface LeasedActivityTask {
  readonly taskToken: string;
  readonly input: Json;
  /** The state's HeartbeatSeconds (null without one): the worker heartbeats well within it. */
  readonly heartbeatSeconds: number | null;
  /** The W3C `traceparent` of the task's state, when the execution is traced: a worker's spans continue it. */
  readonly traceparent?: string;
}

/** The execution of an attempt that accepts answers; undefined for an unknown token or one nobody may answer. */
export async function answerableTask(manager: EntityManager, token: string): Promise<TaskRecord | undefined> {
  const task = await findTask(manager, token);
  if (!task) return undefined;
  // Tokens of builtin and HTTP tasks are never handed out: only activities and callbacks take answers.
  return task.kind === 'activity' || task.pattern === 'wait-for-task-token' ? task : undefined;
}

/**
 * Moves an open attempt's heartbeat deadline to now + HeartbeatSeconds (PostgreSQL clock). Only
 * the task row is locked: a deadline job holding it decides first, and a heartbeat that loses the
 * race finds the attempt closed. Returns false when the attempt is no longer open.
 */
export async function heartbeat(manager: EntityManager, token: string): Promise<boolean> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] rather than the rows.
  const rows = await manager.query<{ token: string }[]>(
    `WITH beat AS (
       UPDATE tasks
          SET heartbeat_at = CASE WHEN heartbeat_seconds IS NULL THEN heartbeat_at
                                  ELSE clock_timestamp() + heartbeat_seconds * interval '1 second' END
        WHERE token = $1 AND status IN ('SCHEDULED', 'STARTED')
        RETURNING token)
     SELECT token FROM beat`,
    [token],
  );
  return rows.length > 0;
}

/** Activity tasks waiting for a worker, oldest first. */
export async function scheduledActivityTasks(
  manager: EntityManager,
  activity: string,
  limit: number,
): Promise<{ token: string; executionId: string }[]> {
  const rows = await manager.query<{ token: string; execution_id: string }[]>(
    `SELECT token, execution_id FROM tasks
      WHERE activity = $1 AND status = 'SCHEDULED' AND kind = 'activity'
      ORDER BY created_at, scheduled_event_id LIMIT $2`,
    [activity, limit],
  );
  return rows.map((row) => ({ token: row.token, executionId: row.execution_id }));
}
