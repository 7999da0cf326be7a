/**
 * Writes what transitions changed in one statement: new and changed runs, closed and new task
 * attempts, history events and the execution rows, as data-modifying CTEs over JSON recordsets
 * whose rows name their execution. One round trip instead of six per transition, and one for a
 * whole batch of transitions, keeps a transition's cost near the database's floor: on a small
 * machine each statement's round trip costs more CPU than the work it carries (docs/performance.md).
 *
 * Hazards this relies on, both PostgreSQL guarantees: every CTE runs even when nothing reads it;
 * foreign keys are checked at the end of the statement, so rows may reference rows inserted
 * beside them. The one-open-attempt-per-run rule is a deferred constraint, checked at commit,
 * because the CTEs that close a run's attempt and insert its next one run in no set order.
 */
import type { EntityManager } from 'typeorm';
import type { HistoryEvent } from '../../asl/index.js';
import type { ExecutionRecord } from './execution.repository.js';
import type { TaskStatus } from '../tasks/task.record.js';

/** Run rows to write (as {@link import('./run.record.js').runToRow} makes them). */
export interface RunRows {
  readonly created: readonly Record<string, unknown>[];
  readonly changed: readonly Record<string, unknown>[];
}

/** Task rows to write. */
export interface TaskRows {
  readonly changed: readonly Record<string, unknown>[];
  readonly created: readonly Record<string, unknown>[];
}

const RUN_RECORD = `AS r(execution_id uuid, history_day integer, id uuid, parent_run_id uuid, fork integer, child_index integer, status text,
  state jsonb, fence integer, output text, error text, cause text, wake_at_ms float8, redrive_pending boolean,
  pending_outcome jsonb, current_fork integer, children_total integer, children_succeeded integer, children_running integer,
  max_concurrency integer)`;

/** Inserts runs from the JSON array parameter `rows`. */
const insertRuns = (rows: string) => `
  INSERT INTO runs (id, execution_id, history_day, parent_run_id, fork, child_index, status, state, fence, output, error, cause,
                    wake_at, redrive_pending, pending_outcome, current_fork, children_total, children_succeeded, children_running,
                    max_concurrency)
  SELECT r.id, r.execution_id, r.history_day, r.parent_run_id, r.fork, r.child_index, r.status, r.state, r.fence, r.output::jsonb,
         r.error, r.cause, to_timestamp(r.wake_at_ms / 1000), r.redrive_pending, r.pending_outcome, r.current_fork, r.children_total,
         r.children_succeeded, r.children_running, r.max_concurrency
    FROM jsonb_to_recordset(${rows}::jsonb) ${RUN_RECORD}`;

/** Updates runs from the JSON array parameter `rows`. */
const updateRuns = (rows: string) => `
  UPDATE runs AS t
     SET status = r.status, state = r.state, fence = r.fence, output = r.output::jsonb, error = r.error,
         cause = r.cause, wake_at = to_timestamp(r.wake_at_ms / 1000), redrive_pending = r.redrive_pending,
         pending_outcome = r.pending_outcome, current_fork = r.current_fork, children_total = r.children_total,
         children_succeeded = r.children_succeeded, children_running = r.children_running,
         max_concurrency = r.max_concurrency, updated_at = now()
    FROM jsonb_to_recordset(${rows}::jsonb) ${RUN_RECORD}
   WHERE t.id = r.id AND t.execution_id = r.execution_id AND t.history_day = r.history_day`;

/** An execution as the rows of its history name it: its id and its partition key (`history_day`). */
export type HistoryOwner = Pick<ExecutionRecord, 'id' | 'historyDay'>;

/**
 * The rows of `rows`, each tagged with its execution and its execution's partition key (and more
 * columns from `extra`): every row of an execution lives in its execution's week (docs/retention.md).
 */
function tagged(
  owner: HistoryOwner,
  rows: readonly Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown>[] {
  return rows.map((row) => ({ ...row, ...extra, execution_id: owner.id, history_day: owner.historyDay }));
}

/** Writes runs of one execution only, in one statement (before a query about runs, mid-transaction). */
export async function writeRuns(manager: EntityManager, owner: HistoryOwner, rows: RunRows): Promise<void> {
  if (rows.created.length === 0 && rows.changed.length === 0) return;
  await manager.query(
    `WITH inserted AS (${insertRuns('$1')} RETURNING 1), updated AS (${updateRuns('$2')} RETURNING 1)
     SELECT 1`,
    [JSON.stringify(tagged(owner, rows.created)), JSON.stringify(tagged(owner, rows.changed))],
  );
}

/** Everything a transition writes at its end. */
export interface TransitionWrite {
  readonly execution: ExecutionRecord;
  readonly nowMs: number;
  readonly runs: RunRows;
  readonly tasks: TaskRows;
  readonly events: readonly HistoryEvent[];
}

/** Closing an attempt this way leaves its nested execution unattended: it is stopped too. */
const CLOSING_STOPS_CHILD: readonly TaskStatus[] = ['CANCELLED', 'TIMED_OUT'];

const changeTasks = (rows: string) => `
  UPDATE tasks AS t
     SET status = c.status,
         worker_name = COALESCE(c.worker_name, t.worker_name),
         started_at = CASE WHEN c.started THEN to_timestamp(c.now_ms / 1000) ELSE t.started_at END,
         ended_at = CASE WHEN c.status IN ('SCHEDULED', 'STARTED') THEN NULL ELSE to_timestamp(c.now_ms / 1000) END,
         heartbeat_at = COALESCE(to_timestamp(c.heartbeat_at_ms / 1000), t.heartbeat_at),
         child_execution_id = COALESCE(c.child_execution_id, t.child_execution_id)
    FROM jsonb_to_recordset(${rows}::jsonb)
      AS c(execution_id uuid, history_day integer, now_ms float8, token text, status text, worker_name text, started boolean,
           heartbeat_at_ms float8, child_execution_id uuid)
   WHERE t.token = c.token AND t.execution_id = c.execution_id AND t.history_day = c.history_day
  RETURNING t.execution_id, t.status, t.child_execution_id`;

const insertTasks = (rows: string) => `
  INSERT INTO tasks (token, execution_id, history_day, run_id, scheduled_event_id, state_name, resource, kind, pattern, activity,
                     status, input, worker_name, due_at, timeout_at, heartbeat_seconds, heartbeat_at,
                     child_execution_id, started_at, ended_at)
  SELECT n.token, n.execution_id, n.history_day, n.run_id, n.scheduled_event_id, n.state_name, n.resource, n.kind, n.pattern,
         n.activity, n.status, n.input::jsonb, n.worker_name, to_timestamp(n.due_at_ms / 1000),
         to_timestamp(n.timeout_at_ms / 1000), n.heartbeat_seconds, to_timestamp(n.heartbeat_at_ms / 1000),
         n.child_execution_id, CASE WHEN n.started THEN to_timestamp(n.now_ms / 1000) END,
         CASE WHEN n.status NOT IN ('SCHEDULED', 'STARTED') THEN to_timestamp(n.now_ms / 1000) END
    FROM jsonb_to_recordset(${rows}::jsonb)
      AS n(execution_id uuid, history_day integer, now_ms float8, token text, run_id uuid, scheduled_event_id integer, state_name text,
           resource text, kind text, pattern text, activity text, status text, input text, worker_name text,
           due_at_ms float8, timeout_at_ms float8, heartbeat_seconds integer, heartbeat_at_ms float8,
           child_execution_id uuid, started boolean)`;

const appendEvents = (rows: string) => `
  INSERT INTO execution_events (execution_id, history_day, seq, type, state_name, previous_event_id, timestamp, details)
  SELECT e.execution_id, e.history_day, e.id, e.type, e."stateName", e."previousEventId", e.timestamp, e.details
    FROM jsonb_to_recordset(${rows}::jsonb)
      AS e(execution_id uuid, history_day integer, id integer, type text, "stateName" text, "previousEventId" integer,
           timestamp timestamptz, details jsonb)`;

const saveExecutions = (rows: string) => `
  UPDATE executions AS x
     SET status = s.status, output = s.output::jsonb, error = s.error, cause = s.cause,
         stopped_at = to_timestamp(s.stopped_at_ms / 1000), next_event_id = s.next_event_id,
         redrive_count = s.redrive_count, redriven_at = to_timestamp(s.redriven_at_ms / 1000),
         transitions = s.transitions, timeout_at = to_timestamp(s.timeout_at_ms / 1000),
         paused_at = to_timestamp(s.paused_at_ms / 1000), paused_by = s.paused_by
    FROM jsonb_to_recordset(${rows}::jsonb)
      AS s(id uuid, history_day integer, status text, output text, error text, cause text, stopped_at_ms float8, next_event_id integer,
           redrive_count integer, redriven_at_ms float8, transitions integer, timeout_at_ms float8,
           paused_at_ms float8, paused_by text)
   WHERE x.id = s.id AND x.history_day = s.history_day`;

function executionRow(execution: ExecutionRecord): Record<string, unknown> {
  return {
    id: execution.id,
    history_day: execution.historyDay,
    status: execution.status,
    // SQL NULL is "no output"; a JSON null output is the text 'null'.
    output: execution.output === undefined ? null : JSON.stringify(execution.output),
    error: execution.error,
    cause: execution.cause,
    stopped_at_ms: execution.stoppedAtMs,
    next_event_id: execution.nextEventId,
    redrive_count: execution.redriveCount,
    redriven_at_ms: execution.redrivenAtMs,
    transitions: execution.transitions,
    timeout_at_ms: execution.timeoutAtMs,
    paused_at_ms: execution.pausedAtMs,
    paused_by: execution.pausedBy,
  };
}

/**
 * Writes transitions of distinct executions in one statement, made only of the parts they need;
 * returns, by execution, the nested executions whose waiting attempt they cancelled or timed out.
 */
export async function writeTransitions(
  manager: EntityManager,
  writes: readonly TransitionWrite[],
): Promise<Map<string, string[]>> {
  if (writes.length === 0) return new Map();
  const values: string[] = [];
  const parts: string[] = [];
  const part = (
    name: string,
    rows: Record<string, unknown>[],
    sql: (rows: string) => string,
    returning = 'RETURNING 1',
  ) => {
    if (rows.length === 0) return;
    values.push(JSON.stringify(rows));
    parts.push(`${name} AS (${sql(`$${values.length}`)} ${returning})`);
  };
  const all = <T>(rows: (write: TransitionWrite) => T[]) => writes.flatMap(rows);
  part(
    'inserted_runs',
    all((w) => tagged(w.execution, w.runs.created)),
    insertRuns,
  );
  part(
    'updated_runs',
    all((w) => tagged(w.execution, w.runs.changed)),
    updateRuns,
  );
  const at = (w: TransitionWrite) => ({ now_ms: w.nowMs });
  part(
    'changed_tasks',
    all((w) => tagged(w.execution, w.tasks.changed, at(w))),
    changeTasks,
    '',
  );
  part(
    'inserted_tasks',
    all((w) => tagged(w.execution, w.tasks.created, at(w))),
    insertTasks,
  );
  part(
    'appended_events',
    all((w) =>
      tagged(
        w.execution,
        w.events.map((event) => ({ ...event })),
      ),
    ),
    appendEvents,
  );
  part(
    'saved_executions',
    writes.map((w) => executionRow(w.execution)),
    saveExecutions,
  );
  const changedTasks = parts.some((sql) => sql.startsWith('changed_tasks'));
  const rows = await manager.query<
    { execution_id: string; status: TaskStatus; child_execution_id: string | null }[]
  >(
    `WITH ${parts.join(',\n')} ${changedTasks ? 'SELECT execution_id, status, child_execution_id FROM changed_tasks' : 'SELECT 1 WHERE false'}`,
    values,
  );
  const stopped = new Map<string, string[]>(writes.map((w) => [w.execution.id, []]));
  for (const row of rows) {
    if (row.child_execution_id !== null && CLOSING_STOPS_CHILD.includes(row.status))
      stopped.get(row.execution_id)?.push(row.child_execution_id);
  }
  return stopped;
}

/** {@link writeTransitions} for one transition; returns the nested executions to stop. */
export async function writeTransition(manager: EntityManager, write: TransitionWrite): Promise<string[]> {
  return (await writeTransitions(manager, [write])).get(write.execution.id) ?? [];
}
