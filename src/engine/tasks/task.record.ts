/** Task attempts as the engine stores them (`tasks`). */
import type { EntityManager } from 'typeorm';
import type { Json } from '../../asl/index.js';
import { epochMsSql } from '../../common/date-time.js';
import { RUN_JSON, type RunRow } from '../transition/run.record.js';

export type TaskStatus = 'SCHEDULED' | 'STARTED' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'CANCELLED';
export type TaskKind = 'builtin' | 'callback' | 'http' | 'activity' | 'start-execution';
export type TaskPattern = 'request-response' | 'wait-for-task-token' | 'sync' | 'sync:2';

/** Statuses of a task attempt that may still receive a result. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['SCHEDULED', 'STARTED'];

/** One task attempt. */
export interface TaskRecord {
  readonly token: string;
  readonly executionId: string;
  readonly runId: string;
  /** The id of its TaskScheduled or ActivityScheduled event. */
  readonly scheduledEventId: number;
  readonly stateName: string;
  readonly resource: string;
  readonly kind: TaskKind;
  readonly pattern: TaskPattern;
  readonly activity: string | null;
  readonly status: TaskStatus;
  readonly input: Json;
  readonly workerName: string | null;
  readonly dueAtMs: number;
  readonly timeoutAtMs: number | null;
  readonly heartbeatSeconds: number | null;
  readonly heartbeatAtMs: number | null;
  readonly childExecutionId: string | null;
}

/** A `tasks` row as {@link TASK_COLUMNS} selects it. */
export interface TaskRow {
  token: string;
  execution_id: string;
  run_id: string;
  scheduled_event_id: number;
  state_name: string;
  resource: string;
  kind: TaskKind;
  pattern: TaskPattern;
  activity: string | null;
  status: TaskStatus;
  input: string;
  worker_name: string | null;
  due_at_ms: number;
  timeout_at_ms: number | null;
  heartbeat_seconds: number | null;
  heartbeat_at_ms: number | null;
  child_execution_id: string | null;
}

/** The select list of a `tasks` row (alias `t`) for {@link taskFromRow}. */
export const TASK_COLUMNS = `t.token, t.execution_id, t.run_id, t.scheduled_event_id, t.state_name, t.resource, t.kind,
  t.pattern, t.activity, t.status, t.input::text AS input, t.worker_name, ${epochMsSql('t.due_at')} AS due_at_ms,
  ${epochMsSql('t.timeout_at')} AS timeout_at_ms, t.heartbeat_seconds, ${epochMsSql('t.heartbeat_at')} AS heartbeat_at_ms,
  t.child_execution_id`;

/** A `tasks` row selected with {@link TASK_COLUMNS}. */
export function taskFromRow(row: TaskRow): TaskRecord {
  return {
    token: row.token,
    executionId: row.execution_id,
    runId: row.run_id,
    scheduledEventId: row.scheduled_event_id,
    stateName: row.state_name,
    resource: row.resource,
    kind: row.kind,
    pattern: row.pattern,
    activity: row.activity,
    status: row.status,
    input: JSON.parse(row.input) as Json,
    workerName: row.worker_name,
    dueAtMs: row.due_at_ms,
    timeoutAtMs: row.timeout_at_ms,
    heartbeatSeconds: row.heartbeat_seconds,
    heartbeatAtMs: row.heartbeat_at_ms,
    childExecutionId: row.child_execution_id,
  };
}

/**
 * Reads a task by token. `lock` takes its row lock too (under the execution's lock): a heartbeat,
 * which touches only the task row, then waits for this transaction's verdict.
 */
export async function findTask(
  manager: EntityManager,
  token: string,
  options: { readonly lock?: boolean } = {},
): Promise<TaskRecord | undefined> {
  const rows = await manager.query<TaskRow[]>(
    `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.token = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [token],
  );
  return rows[0] && taskFromRow(rows[0]);
}

/**
 * Reads and locks a task of an execution together with the run it belongs to, in one round trip:
 * the hot path of every task result.
 */
export async function lockTaskWithRun(
  manager: EntityManager,
  executionId: string,
  token: string,
): Promise<LockedTask | undefined> {
  const rows = await manager.query<(TaskRow & { run: RunRow })[]>(
    `SELECT ${TASK_COLUMNS}, ${RUN_JSON} AS run
       FROM tasks t JOIN runs r ON r.id = t.run_id
      WHERE t.token = $1 AND t.execution_id = $2
        FOR UPDATE OF t`,
    [token, executionId],
  );
  const row = rows[0];
  return row && { task: taskFromRow(row), run: row.run };
}

/** A task attempt read with its run, as {@link lockTaskWithRun} reads it. */
export interface LockedTask {
  readonly task: TaskRecord;
  readonly run: RunRow;
}

/** The open task that waits for a nested execution, if any. */
export async function findTaskAwaitingChild(
  manager: EntityManager,
  executionId: string,
  childExecutionId: string,
): Promise<TaskRecord | undefined> {
  const rows = await manager.query<TaskRow[]>(
    `SELECT ${TASK_COLUMNS} FROM tasks t
      WHERE t.child_execution_id = $1 AND t.execution_id = $2 AND t.status = 'STARTED' FOR UPDATE`,
    [childExecutionId, executionId],
  );
  return rows[0] && taskFromRow(rows[0]);
}

/**
 * Earlier attempts of a state in an execution: the TaskScheduled / ActivityScheduled events
 * recorded for that state before this attempt's (what `builtin:flaky` counts, as in memory).
 */
export async function earlierAttempts(manager: EntityManager, task: TaskRecord): Promise<number> {
  const rows = await manager.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM tasks
      WHERE execution_id = $1 AND state_name = $2 AND scheduled_event_id < $3`,
    [task.executionId, task.stateName, task.scheduledEventId],
  );
  return rows[0]?.count ?? 0;
}
