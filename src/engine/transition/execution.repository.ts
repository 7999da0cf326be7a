/**
 * The hot queries on `executions` and `execution_events`. JSON columns travel as text so that a
 * JSON `null` output stays distinct from SQL NULL (no output).
 */
import type { EntityManager } from 'typeorm';
import type { Json } from '../../asl/index.js';
import { epochMsSql } from '../../common/date-time.js';
import type { ExecutionStatus } from '../../common/execution-status.js';
import { MANUAL_TRIGGER, type ExecutionTrigger } from '../../common/execution-trigger.js';
import { TASK_COLUMNS, taskFromRow, type LockedTask, type TaskRow } from '../tasks/task.record.js';
import type { ExecutionTraceStart } from './execution.trace.js';
import { RUN_JSON, type RunRow } from './run.record.js';

/** An execution row, locked for the current transaction; the engine updates it in place. */
export interface ExecutionRecord {
  readonly id: string;
  readonly stateMachineId: string;
  readonly version: number;
  readonly name: string;
  status: ExecutionStatus;
  readonly input: Json;
  output: Json | undefined;
  error: string | null;
  cause: string | null;
  readonly startedAtMs: number;
  /** The partition key of the execution and its history: the UTC day it started (0 before partitioning). */
  readonly historyDay: number;
  stoppedAtMs: number | null;
  /** The `seq` of the next history event. */
  nextEventId: number;
  redriveCount: number;
  redrivenAtMs: number | null;
  readonly parentExecutionId: string | null;
  /** States entered so far, for the per-execution cap. */
  transitions: number;
  /** When the definition's TimeoutSeconds ends the execution. */
  timeoutAtMs: number | null;
  readonly trigger: ExecutionTrigger;
  /** When an operator paused the execution; null when it is not paused. */
  pausedAtMs: number | null;
  /** Who paused it (the audit log's actor: `user:<id>` or `apiKey:<id>`); null when not paused. */
  pausedBy: string | null;
  /** Its trace (W3C `traceparent`: trace id, root span id, sampled); null when started untraced. */
  readonly traceparent: string | null;
  /** The `traceparent` of the span that started it (a request, a state), which its root span links to. */
  readonly traceLink: string | null;
}

/** An `executions` row as {@link executionColumns} selects it. */
export interface ExecutionRow {
  id: string;
  state_machine_id: string;
  version: number;
  name: string;
  status: ExecutionStatus;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  started_at_ms: number;
  history_day: number;
  stopped_at_ms: number | null;
  next_event_id: number;
  redrive_count: number;
  redriven_at_ms: number | null;
  parent_execution_id: string | null;
  transitions: number;
  timeout_at_ms: number | null;
  trigger_kind: ExecutionTrigger['kind'];
  trigger_schedule_id: string | null;
  trigger_webhook_id: string | null;
  trigger_scheduled_time_ms: number | null;
  paused_at_ms: number | null;
  paused_by: string | null;
  traceparent: string | null;
  trace_link: string | null;
}

/**
 * The select list of an `executions` row for {@link executionRecordOf}, the one mapper of that row
 * (the engine's locks, nested executions and the API's reads all use it); `alias` is the table's.
 */
export function executionColumns(alias: string): string {
  const a = (column: string) => `${alias}.${column}`;
  return `${a('id')}, ${a('state_machine_id')}, ${a('version')}, ${a('name')}, ${a('status')},
  ${a('input')}::text AS input, ${a('output')}::text AS output, ${a('error')}, ${a('cause')},
  ${epochMsSql(a('started_at'))} AS started_at_ms, ${a('history_day')}, ${epochMsSql(a('stopped_at'))} AS stopped_at_ms,
  ${a('next_event_id')}, ${a('redrive_count')}, ${epochMsSql(a('redriven_at'))} AS redriven_at_ms,
  ${a('parent_execution_id')}, ${a('transitions')}, ${epochMsSql(a('timeout_at'))} AS timeout_at_ms,
  ${a('trigger_kind')}, ${a('trigger_schedule_id')}, ${a('trigger_webhook_id')},
  ${epochMsSql(a('trigger_scheduled_time'))} AS trigger_scheduled_time_ms,
  ${epochMsSql(a('paused_at'))} AS paused_at_ms, ${a('paused_by')}, ${a('traceparent')}, ${a('trace_link')}`;
}

/** An execution locked by the current transaction, with PostgreSQL's clock when it was read. */
export interface LockedExecution {
  readonly execution: ExecutionRecord;
  readonly nowMs: number;
}

const LOCKED_COLUMNS = `${executionColumns('executions')}, ${epochMsSql('clock_timestamp()')} AS now_ms`;

type LockedRow = ExecutionRow & { now_ms: number };

/** Executions and task attempts locked together by {@link lockExecutions}. */
export interface LockedExecutions {
  readonly executions: ReadonlyMap<string, LockedExecution>;
  /** By token: the attempts asked for, each with its run, that belong to one of the executions. */
  readonly tasks: ReadonlyMap<string, LockedTask>;
}

/**
 * Locks executions' rows for the rest of the transaction and reads them with PostgreSQL's clock,
 * the only clock the engine decides by (docs/design.md §3 rule 5). Every transition of an
 * execution goes through this lock: it serialises them and makes `next_event_id` a gap-free `seq`
 * allocator. `skipLocked` leaves out at once an execution another transaction holds.
 *
 * Several executions are locked in one statement, in id order, so that two transactions locking
 * overlapping sets never wait on each other in a cycle, and with them the task attempts of
 * `tokens` (with their runs) that belong to them: one round trip where a transition that looks at
 * a task would otherwise take two. Each execution is locked before its attempts are read (the
 * attempts' sub-select runs per locked row), so an attempt is locked only under its execution's
 * lock, as everywhere else. Executions that do not exist are absent from the result, and so are
 * attempts of any other execution.
 */
export async function lockExecutions(
  manager: EntityManager,
  executionIds: readonly string[],
  options: { readonly tokens?: readonly string[]; readonly skipLocked?: boolean } = {},
): Promise<LockedExecutions> {
  const tokens = options.tokens ?? [];
  const tasks =
    tokens.length === 0
      ? ''
      : `, (SELECT json_agg(a) FROM (
           SELECT ${TASK_COLUMNS}, ${RUN_JSON} AS run FROM tasks t JOIN runs r ON r.id = t.run_id
            WHERE t.token = ANY($2::text[]) AND t.execution_id = x.id
            ORDER BY t.token FOR UPDATE OF t) a) AS tasks`;
  const rows = await manager.query<(LockedRow & { tasks?: (TaskRow & { run: RunRow })[] | null })[]>(
    `WITH x AS MATERIALIZED (
       SELECT ${LOCKED_COLUMNS} FROM executions WHERE id = ANY($1::uuid[])
        ORDER BY id FOR UPDATE${options.skipLocked ? ' SKIP LOCKED' : ''})
     SELECT x.*${tasks} FROM x`,
    tokens.length === 0 ? [executionIds] : [executionIds, tokens],
  );
  return {
    executions: new Map(rows.map((row) => [row.id, locked(row)])),
    tasks: new Map(
      rows.flatMap((row) =>
        (row.tasks ?? []).map((task) => [task.token, { task: taskFromRow(task), run: task.run }]),
      ),
    ),
  };
}

function locked(row: LockedRow): LockedExecution {
  return { execution: executionRecordOf(row), nowMs: Math.floor(row.now_ms) };
}

/** An `executions` row selected with {@link executionColumns}, as the engine and the API read it. */
export function executionRecordOf(row: ExecutionRow): ExecutionRecord {
  return {
    id: row.id,
    stateMachineId: row.state_machine_id,
    version: row.version,
    name: row.name,
    status: row.status,
    input: JSON.parse(row.input) as Json,
    output: row.output === null ? undefined : (JSON.parse(row.output) as Json),
    error: row.error,
    cause: row.cause,
    startedAtMs: row.started_at_ms,
    historyDay: row.history_day,
    stoppedAtMs: row.stopped_at_ms,
    nextEventId: row.next_event_id,
    redriveCount: row.redrive_count,
    redrivenAtMs: row.redriven_at_ms,
    parentExecutionId: row.parent_execution_id,
    transitions: row.transitions,
    timeoutAtMs: row.timeout_at_ms,
    trigger: triggerOf(row),
    pausedAtMs: row.paused_at_ms,
    pausedBy: row.paused_by,
    traceparent: row.traceparent,
    traceLink: row.trace_link,
  };
}

function triggerOf(row: ExecutionRow): ExecutionTrigger {
  if (row.trigger_kind === 'SCHEDULE')
    return {
      kind: 'SCHEDULE',
      scheduleId: row.trigger_schedule_id as string,
      scheduledTimeMs: row.trigger_scheduled_time_ms as number,
    };
  if (row.trigger_kind === 'WEBHOOK') return { kind: 'WEBHOOK', webhookId: row.trigger_webhook_id as string };
  return { kind: 'MANUAL' };
}

/** What creating an execution needs. */
export interface NewExecution {
  readonly stateMachineId: string;
  /** The machine's latest version when absent. */
  readonly version?: number;
  readonly name: string;
  readonly input: Json;
  readonly parentExecutionId: string | null;
  /** `MANUAL` when absent. */
  readonly trigger?: ExecutionTrigger;
  /** Its trace, when tracing is on: see execution.trace.ts. */
  readonly trace?: ExecutionTraceStart;
}

/** An execution as a start left it, with its machine's name: what the API answers a start with. */
export interface StartedRecord {
  readonly execution: ExecutionRecord;
  readonly stateMachineName: string;
}

/**
 * What {@link insertExecutions} did for one request: created and locked it, found it (an execution
 * of that name existed already), or neither (its machine is deleted or missing, or the version it
 * names does not exist).
 */
export type InsertedExecution =
  | { readonly created: true; readonly locked: LockedExecution; readonly stateMachineName: string }
  | { readonly created: false; readonly existing: StartedRecord }
  | { readonly created: false; readonly existing: undefined };

const nameKey = (stateMachineId: string, name: string) => `${stateMachineId}\u0000${name}`;

/**
 * Inserts executions in one statement, each unless one of its name exists for its machine, and
 * returns them in request order: a new one is locked by this transaction and returned as
 * {@link lockExecutions} reads it; an existing one (or a repeat within the same call) is found.
 * The same statement resolves each request's version (the latest of a live machine when it names
 * none) and inserts only a version that exists, so a start costs no separate look-up; a request
 * it could not insert is then looked for by name. Concurrent starts with one name meet on the
 * unique key of `execution_names`: the second waits for the first to commit and then finds its row
 * (idempotent start).
 */
export async function insertExecutions(
  manager: EntityManager,
  executions: readonly NewExecution[],
): Promise<InsertedExecution[]> {
  // The name is claimed in `execution_names` (a unique index cannot span the partitions of
  // `executions`, migrations/1795322200000-HistoryPartitions.ts); only a claimed name's row is inserted.
  const rows = await manager.query<(LockedRow & { state_machine_name: string })[]>(
    `WITH requested AS MATERIALIZED (
     SELECT gen_random_uuid() AS id, history_day_of(now()) AS history_day, n.ord, n.state_machine_id,
            v.version, n.name, n.input, n.parent_execution_id, n.trigger_kind, n.trigger_schedule_id,
            n.trigger_webhook_id, n.trigger_scheduled_time_ms, n.traceparent, n.trace_link
       FROM jsonb_to_recordset($1::jsonb)
         AS n(ord integer, state_machine_id uuid, version integer, name text, input text, parent_execution_id uuid,
              trigger_kind text, trigger_schedule_id uuid, trigger_webhook_id uuid, trigger_scheduled_time_ms float8,
              traceparent text, trace_link text)
       JOIN state_machines m ON m.id = n.state_machine_id AND m.deleted_at IS NULL
       JOIN state_machine_versions v
         ON v.state_machine_id = n.state_machine_id AND v.version = COALESCE(n.version, m.latest_version)),
     named AS (
     INSERT INTO execution_names (state_machine_id, name, execution_id, history_day)
     SELECT state_machine_id, name, id, history_day FROM requested ORDER BY ord
     ON CONFLICT (state_machine_id, name) DO NOTHING
     RETURNING execution_id),
     inserted AS (
     INSERT INTO executions (id, history_day, state_machine_id, version, name, input, parent_execution_id,
       trigger_kind, trigger_schedule_id, trigger_webhook_id, trigger_scheduled_time, traceparent, trace_link)
     SELECT r.id, r.history_day, r.state_machine_id, r.version, r.name, r.input::jsonb, r.parent_execution_id,
       r.trigger_kind, r.trigger_schedule_id, r.trigger_webhook_id, to_timestamp(r.trigger_scheduled_time_ms / 1000.0),
       r.traceparent, r.trace_link
       FROM requested r JOIN named ON named.execution_id = r.id
      ORDER BY r.ord
     RETURNING ${LOCKED_COLUMNS})
     SELECT inserted.*, m.name AS state_machine_name
       FROM inserted JOIN state_machines m ON m.id = inserted.state_machine_id`,
    [
      JSON.stringify(
        executions.map((execution, ord) => ({
          ord,
          state_machine_id: execution.stateMachineId,
          version: execution.version ?? null,
          name: execution.name,
          input: JSON.stringify(execution.input),
          parent_execution_id: execution.parentExecutionId,
          ...triggerColumns(execution.trigger ?? MANUAL_TRIGGER),
          traceparent: execution.trace?.traceparent ?? null,
          trace_link: execution.trace?.traceLink ?? null,
        })),
      ),
    ],
  );
  const created = new Map(
    rows.map((row) => [
      nameKey(row.state_machine_id, row.name),
      { lock: locked(row), stateMachineName: row.state_machine_name },
    ]),
  );
  const missing = executions.filter(
    (execution) => !created.has(nameKey(execution.stateMachineId, execution.name)),
  );
  const existing = missing.length > 0 ? await findByName(manager, missing) : new Map<string, StartedRecord>();
  return executions.map((execution) => {
    const key = nameKey(execution.stateMachineId, execution.name);
    const made = created.get(key);
    if (made) {
      // A repeat of the same name later in this call finds the execution its first occurrence made.
      created.delete(key);
      existing.set(key, { execution: made.lock.execution, stateMachineName: made.stateMachineName });
      return { created: true, locked: made.lock, stateMachineName: made.stateMachineName };
    }
    return { created: false, existing: existing.get(key) };
  });
}

function triggerColumns(trigger: ExecutionTrigger) {
  return {
    trigger_kind: trigger.kind,
    trigger_schedule_id: trigger.kind === 'SCHEDULE' ? trigger.scheduleId : null,
    trigger_webhook_id: trigger.kind === 'WEBHOOK' ? trigger.webhookId : null,
    trigger_scheduled_time_ms: trigger.kind === 'SCHEDULE' ? trigger.scheduledTimeMs : null,
  };
}

async function findByName(
  manager: EntityManager,
  executions: readonly NewExecution[],
): Promise<Map<string, StartedRecord>> {
  const rows = await manager.query<(ExecutionRow & { state_machine_name: string })[]>(
    `SELECT ${executionColumns('x')}, m.name AS state_machine_name
       FROM unnest($1::uuid[], $2::text[]) AS k(state_machine_id, name)
       JOIN execution_names n ON n.state_machine_id = k.state_machine_id AND n.name = k.name
       JOIN executions x ON x.id = n.execution_id AND x.history_day = n.history_day
       JOIN state_machines m ON m.id = x.state_machine_id`,
    [executions.map((execution) => execution.stateMachineId), executions.map((execution) => execution.name)],
  );
  return new Map(
    rows.map((row) => [
      nameKey(row.state_machine_id, row.name),
      { execution: executionRecordOf(row), stateMachineName: row.state_machine_name },
    ]),
  );
}

/** Running executions started from `executionId` (stopped with it). */
export async function runningChildren(manager: EntityManager, executionId: string): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(
    "SELECT id FROM executions WHERE parent_execution_id = $1 AND status = 'RUNNING'",
    [executionId],
  );
  return rows.map((row) => row.id);
}
