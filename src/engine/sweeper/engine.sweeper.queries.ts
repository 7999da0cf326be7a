/**
 * What the sweeper looks for: one query per kind of overdue work, each with the job that re-arms
 * it. `$1` is the grace in seconds, `$2` the batch size.
 */
import type { HttpTaskJob, TransitionJob } from '../queue/engine.queues.js';

/** Overdue by this much, a run, deadline, timeout or child end gets a fresh job. */
export const SWEEP_GRACE_SECONDS = 60;
/**
 * Overdue by this much, a task the engine runs gets a fresh job: longer than pg-boss's own retries
 * of a task job, so that a slow HTTP call is not started twice while its job is alive.
 */
export const TASK_SWEEP_GRACE_SECONDS = 900;

/** A kind of overdue work. */
export interface OverdueQuery<Row> {
  readonly sql: string;
  readonly graceSeconds: number;
  readonly job: (row: Row) => { transition: TransitionJob } | { http: HttpTaskJob };
}

const runsToWake: OverdueQuery<{ id: string; execution_id: string; fence: number }> = {
  // A paused execution's wake-ups wait for its resume, which steps them (transition.ts, resume).
  sql: `SELECT r.id, r.execution_id, r.fence FROM runs r JOIN executions e ON e.id = r.execution_id
         WHERE r.status = 'RUNNING' AND r.wake_at < now() - $1 * interval '1 second' AND e.paused_at IS NULL
         LIMIT $2`,
  graceSeconds: SWEEP_GRACE_SECONDS,
  job: (row) => ({
    transition: { kind: 'run', executionId: row.execution_id, runId: row.id, fence: row.fence },
  }),
};

const taskDeadlines: OverdueQuery<{ token: string; execution_id: string }> = {
  sql: `SELECT token, execution_id FROM tasks
         WHERE status IN ('SCHEDULED', 'STARTED') AND (timeout_at IS NOT NULL OR heartbeat_at IS NOT NULL)
           AND LEAST(timeout_at, heartbeat_at) < now() - $1 * interval '1 second' LIMIT $2`,
  graceSeconds: SWEEP_GRACE_SECONDS,
  job: (row) => ({ transition: { kind: 'task-deadline', executionId: row.execution_id, token: row.token } }),
};

const executionTimeouts: OverdueQuery<{ id: string }> = {
  sql: `SELECT id FROM executions
         WHERE status = 'RUNNING' AND timeout_at < now() - $1 * interval '1 second' LIMIT $2`,
  graceSeconds: SWEEP_GRACE_SECONDS,
  job: (row) => ({ transition: { kind: 'execution-timeout', executionId: row.id } }),
};

const childEnds: OverdueQuery<{ execution_id: string; child_execution_id: string }> = {
  sql: `SELECT t.execution_id, t.child_execution_id
          FROM tasks t JOIN executions c ON c.id = t.child_execution_id
         WHERE t.child_execution_id IS NOT NULL AND t.status = 'STARTED' AND c.status <> 'RUNNING'
           AND c.stopped_at < now() - $1 * interval '1 second' LIMIT $2`,
  graceSeconds: SWEEP_GRACE_SECONDS,
  job: (row) => ({
    transition: {
      kind: 'child-ended',
      executionId: row.execution_id,
      childExecutionId: row.child_execution_id,
    },
  }),
};

const tasksToRun: OverdueQuery<{ token: string; execution_id: string; kind: string }> = {
  sql: `SELECT token, execution_id, kind FROM tasks
         WHERE status = 'SCHEDULED' AND kind IN ('builtin', 'http', 'start-execution')
           AND due_at < now() - $1 * interval '1 second' LIMIT $2`,
  graceSeconds: TASK_SWEEP_GRACE_SECONDS,
  job: (row) =>
    row.kind === 'http'
      ? { http: { executionId: row.execution_id, token: row.token } }
      : { transition: { kind: 'task', executionId: row.execution_id, token: row.token } },
};

/** Every kind of overdue work the sweeper re-arms. */
export const OVERDUE_QUERIES: readonly OverdueQuery<never>[] = [
  runsToWake,
  taskDeadlines,
  executionTimeouts,
  childEnds,
  tasksToRun,
] as readonly OverdueQuery<never>[];
