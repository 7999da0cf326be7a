/** A run row as the engine holds it during one transaction. */
import type { Json, Outcome, RunState } from '../../asl/index.js';
import { epochMsSql } from '../../common/date-time.js';

export type RunStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/**
 * One run: the root of an execution, a Parallel branch or a Map iteration. `state` is the
 * interpreter's RunState (after the run ends: the state it ended in, kept for a redrive).
 */
export interface RunRecord {
  readonly id: string;
  readonly parentRunId: string | null;
  /** Which of the parent's fan-outs this child belongs to. */
  readonly fork: number | null;
  readonly childIndex: number | null;
  status: RunStatus;
  state: RunState;
  /** Bumped on every change; a job carrying an older value is stale. */
  fence: number;
  output: Json | undefined;
  error: string | null;
  cause: string | null;
  /** When a job should wake this run (a timer, a start, a continue); null when it waits on others. */
  wakeAtMs: number | null;
  /** The next step of this run redrives it rather than starting it. */
  redrivePending: boolean;
  /** A task's result that came while the execution was paused: the run's next step once resumed. */
  pendingOutcome: Outcome | null;
  /** The latest fan-out of this run (0: none). */
  currentFork: number;
  childrenTotal: number;
  childrenSucceeded: number;
  childrenRunning: number;
  /** MaxConcurrency of the latest fan-out; 0 is no limit. */
  maxConcurrency: number;
}

/** A run row as selected by {@link RUN_COLUMNS}. */
export interface RunRow {
  id: string;
  parent_run_id: string | null;
  fork: number | null;
  child_index: number | null;
  status: RunStatus;
  state: RunState;
  fence: number;
  output: string | null;
  error: string | null;
  cause: string | null;
  wake_at_ms: number | null;
  redrive_pending: boolean;
  pending_outcome: Outcome | null;
  current_fork: number;
  children_total: number;
  children_succeeded: number;
  children_running: number;
  max_concurrency: number;
}

/** The columns of {@link RunRow}, JSON output as text. */
export const RUN_COLUMNS = `id, parent_run_id, fork, child_index, status, state, fence, output::text AS output, error,
  cause, ${epochMsSql('wake_at')} AS wake_at_ms, redrive_pending, pending_outcome, current_fork,
  children_total, children_succeeded, children_running, max_concurrency`;

/** A run of table alias `r` as one JSON object of {@link RunRow}'s shape, to read beside other rows. */
export const RUN_JSON = `jsonb_build_object('id', r.id, 'parent_run_id', r.parent_run_id, 'fork', r.fork,
  'child_index', r.child_index, 'status', r.status, 'state', r.state, 'fence', r.fence, 'output', r.output::text,
  'error', r.error, 'cause', r.cause, 'wake_at_ms', ${epochMsSql('r.wake_at')},
  'redrive_pending', r.redrive_pending, 'pending_outcome', r.pending_outcome, 'current_fork', r.current_fork, 'children_total', r.children_total,
  'children_succeeded', r.children_succeeded, 'children_running', r.children_running,
  'max_concurrency', r.max_concurrency)`;

export function runFromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    parentRunId: row.parent_run_id,
    fork: row.fork,
    childIndex: row.child_index,
    status: row.status,
    state: row.state,
    fence: row.fence,
    output: row.output === null ? undefined : (JSON.parse(row.output) as Json),
    error: row.error,
    cause: row.cause,
    wakeAtMs: row.wake_at_ms,
    redrivePending: row.redrive_pending,
    pendingOutcome: row.pending_outcome,
    currentFork: row.current_fork,
    childrenTotal: row.children_total,
    childrenSucceeded: row.children_succeeded,
    childrenRunning: row.children_running,
    maxConcurrency: row.max_concurrency,
  };
}

/** The row values of a run for `jsonb_to_recordset` (JSON output as text). */
export function runToRow(run: RunRecord): Record<string, unknown> {
  return {
    id: run.id,
    parent_run_id: run.parentRunId,
    fork: run.fork,
    child_index: run.childIndex,
    status: run.status,
    state: run.state,
    fence: run.fence,
    output: run.output === undefined ? null : JSON.stringify(run.output),
    error: run.error,
    cause: run.cause,
    wake_at_ms: run.wakeAtMs,
    redrive_pending: run.redrivePending,
    pending_outcome: run.pendingOutcome,
    current_fork: run.currentFork,
    children_total: run.childrenTotal,
    children_succeeded: run.childrenSucceeded,
    children_running: run.childrenRunning,
    max_concurrency: run.maxConcurrency,
  };
}

/** A new run, ready to be started (or pending, under MaxConcurrency). */
export function newRun(fields: {
  readonly id: string;
  readonly state: RunState;
  readonly status: RunStatus;
  readonly parent?: { readonly runId: string; readonly fork: number; readonly childIndex: number };
}): RunRecord {
  return {
    id: fields.id,
    parentRunId: fields.parent?.runId ?? null,
    fork: fields.parent?.fork ?? null,
    childIndex: fields.parent?.childIndex ?? null,
    status: fields.status,
    state: fields.state,
    fence: 0,
    output: undefined,
    error: null,
    cause: null,
    wakeAtMs: null,
    redrivePending: false,
    pendingOutcome: null,
    currentFork: 0,
    childrenTotal: 0,
    childrenSucceeded: 0,
    childrenRunning: 0,
    maxConcurrency: 0,
  };
}
