import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RunState } from '../asl/index.js';
import { isUuid } from '../common/identifiers.js';
import { HTTP_TASK_QUEUE, TRANSITION_QUEUE } from '../engine/queue/engine.queues.js';
import { QUEUE_SCHEMA } from '../engine/queue/queue.service.js';
import type { TaskKind, TaskPattern, TaskStatus } from '../engine/tasks/task.record.js';
import { WaitKind, type IterationCount, type WaitReason } from './models/wait-reason.model.js';

/** A poll this recent counts its worker as polling (AWS's GetActivityTask waits up to a minute). */
export const POLLING_WINDOW_SECONDS = 60;
/** Open runs read per execution: a Map of thousands of iterations answers its first ones. */
export const MAX_WAIT_REASONS = 100;

/** One open run of a RUNNING execution, with its open task attempt and what that waits on. */
interface OpenRunRow {
  execution_id: string;
  run_id: string;
  state: RunState;
  updated_at_ms: number;
  token: string | null;
  kind: TaskKind | null;
  pattern: TaskPattern | null;
  activity: string | null;
  task_status: TaskStatus | null;
  worker_name: string | null;
  created_at_ms: number | null;
  started_at_ms: number | null;
  timeout_at_ms: number | null;
  heartbeat_at_ms: number | null;
  child_execution_id: string | null;
  child_status: string | null;
  workers_polling: number | null;
  iterations: Record<string, number> | null;
  now_ms: number;
  /** The execution's pause, on each of its runs' rows. */
  paused_at_ms: number | null;
  paused_by: string | null;
}

/** An open pg-boss job of the engine's queues. */
interface JobRow {
  execution_id: string;
  queue: string;
  data: { kind?: string; runId?: string; token?: string };
  state: string;
  created_on_ms: number;
  start_after_ms: number;
  started_on_ms: number | null;
}

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * The open runs of the RUNNING executions among `$1`, each with its open task attempt (at most one:
 * tasks_one_open_per_run), the nested execution that attempt started, the workers that polled its
 * activity lately, and the latest fan-out's children counted by status. A run waiting on its
 * children comes before them (its Entered event is older).
 */
const OPEN_RUNS_SQL = `
  SELECT o.execution_id, o.id AS run_id, o.state, ${ms('o.updated_at')} AS updated_at_ms,
         t.token, t.kind, t.pattern, t.activity, t.status AS task_status, t.worker_name,
         ${ms('t.created_at')} AS created_at_ms, ${ms('t.started_at')} AS started_at_ms,
         ${ms('t.timeout_at')} AS timeout_at_ms, ${ms('t.heartbeat_at')} AS heartbeat_at_ms,
         t.child_execution_id, c.status AS child_status,
         CASE WHEN t.kind = 'activity' THEN
           (SELECT count(*)::int FROM activity_pollers p
             WHERE p.activity = t.activity AND p.last_poll_at > now() - $2 * interval '1 second')
         END AS workers_polling,
         CASE WHEN o.state->'waiting'->>'kind' = 'children' THEN
           (SELECT jsonb_object_agg(k.status, k.n)
              FROM (SELECT status, count(*)::int AS n FROM runs
                     WHERE parent_run_id = o.id AND fork = o.current_fork GROUP BY status) k)
         END AS iterations,
         ${ms('now()')} AS now_ms, ${ms('o.execution_paused_at')} AS paused_at_ms, o.execution_paused_by AS paused_by
    FROM (SELECT r.*, e.paused_at AS execution_paused_at, e.paused_by AS execution_paused_by, row_number() OVER (PARTITION BY r.execution_id
                                         ORDER BY (r.state->>'enteredEventId')::int, r.id) AS rank
            FROM runs r JOIN executions e ON e.id = r.execution_id
           WHERE r.execution_id = ANY($1::uuid[]) AND e.status = 'RUNNING' AND r.status = 'RUNNING') o
    LEFT JOIN tasks t ON t.run_id = o.id AND t.status IN ('SCHEDULED', 'STARTED')
    LEFT JOIN executions c ON c.id = t.child_execution_id
   WHERE o.rank <= $3
   ORDER BY o.execution_id, o.rank`;

/** The engine's open jobs that step a run or carry out a task, of the executions among `$1`. */
const OPEN_JOBS_SQL = `
  SELECT j.data->>'executionId' AS execution_id, j.name AS queue, j.data, j.state::text AS state,
         ${ms('j.created_on')} AS created_on_ms, ${ms('j.start_after')} AS start_after_ms,
         ${ms('j.started_on')} AS started_on_ms
    FROM ${QUEUE_SCHEMA}.job j
   WHERE j.name = ANY($2::text[]) AND j.state IN ('created', 'retry', 'active')
     AND j.data->>'executionId' = ANY($1::text[])
   ORDER BY j.created_on`;

const iso = (atMs: number) => new Date(atMs).toISOString();
const dateOf = (atMs: number | null) => (atMs === null ? null : new Date(atMs));

/** A short age: "42 s", "3 min", "2 h". */
function ageOf(fromMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - fromMs) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

const earliest = (...instants: (number | null)[]): number | null => {
  const set = instants.filter((instant): instant is number => instant !== null);
  return set.length === 0 ? null : Math.min(...set);
};

function deadlineText(row: OpenRunRow): string {
  if (
    row.heartbeat_at_ms !== null &&
    (row.timeout_at_ms === null || row.heartbeat_at_ms <= row.timeout_at_ms)
  )
    return `heartbeat deadline ${iso(row.heartbeat_at_ms)}`;
  if (row.timeout_at_ms !== null) return `times out at ${iso(row.timeout_at_ms)}`;
  return 'no deadline';
}

/** Every field of a reason but its kind, time and words: filled in by the kinds that have them. */
const NO_FIELDS = {
  childExecutionId: null,
  childStatus: null,
  activityName: null,
  workersPolling: null,
  workerName: null,
  jobState: null,
  iterations: null,
} as const;

/** Whether the reason of a run may be a job: a run to step, or a task the engine carries out. */
function mayWaitOnJob(row: OpenRunRow): boolean {
  const waiting = row.state.waiting;
  if (waiting === null || waiting.kind === 'continue') return true;
  if (waiting.kind !== 'task' || row.token === null) return false;
  return row.kind !== 'activity' && !(row.kind === 'start-execution' && row.child_execution_id !== null);
}

/**
 * The reason an operator's pause gives, ahead of its runs' own: nothing moves until resumed.
 * `row` is the execution's first open run (its outermost state).
 */
function pausedReasonOf(row: OpenRunRow): WaitReason[] {
  if (row.paused_at_ms === null) return [];
  return [
    {
      ...NO_FIELDS,
      kind: WaitKind.PAUSED,
      state: row.state.stateName,
      branchPath: [],
      since: new Date(row.paused_at_ms),
      until: null,
      detail: `Paused by ${row.paused_by ?? 'unknown'} at ${iso(row.paused_at_ms)}: no state is entered until it is resumed.`,
    },
  ];
}

/** The reason of one open run: the one place that maps the engine's tables to a WaitReason. */
function reasonOf(row: OpenRunRow, jobs: readonly JobRow[]): WaitReason {
  const state = row.state.stateName;
  const base = {
    ...NO_FIELDS,
    state,
    branchPath: row.state.path.map((segment) => ('branch' in segment ? segment.branch : segment.iteration)),
  };
  const waiting = row.state.waiting;
  const enteredMs = Date.parse(row.state.enteredTime);
  const since = Number.isNaN(enteredMs) ? null : new Date(enteredMs);

  if (waiting?.kind === 'timer' && waiting.purpose === 'wait')
    return {
      ...base,
      kind: WaitKind.TIMER,
      since,
      until: new Date(waiting.dueAt),
      detail: `Wait state \`${state}\` waits until ${iso(waiting.dueAt)}.`,
    };
  if (waiting?.kind === 'timer')
    return {
      ...base,
      kind: WaitKind.RETRY_BACKOFF,
      since: new Date(row.updated_at_ms),
      until: new Date(waiting.dueAt),
      detail: `\`${state}\` failed and retries at ${iso(waiting.dueAt)}, after its Retry backoff.`,
    };
  if (waiting?.kind === 'children') {
    const iterations: IterationCount[] = Object.entries(row.iterations ?? {})
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => a.status.localeCompare(b.status));
    const total = iterations.reduce((sum, { count }) => sum + count, 0);
    const counts = iterations.map(({ status, count }) => `${count} ${status}`).join(', ');
    return {
      ...base,
      kind: WaitKind.MAP_ITERATIONS,
      since,
      until: null,
      iterations,
      detail: `\`${state}\` waits for its ${total} iterations or branches: ${counts || 'none started'}.`,
    };
  }
  if (waiting?.kind === 'task' && row.token !== null) return taskReason(row, jobs, base, since);
  // Ready to start or to continue past the inline-transition cap: a `run` job carries the next step.
  const job = jobs.find((candidate) => candidate.data.kind === 'run' && candidate.data.runId === row.run_id);
  return jobReason(row, job, base, `\`${state}\` waits for the engine to take its next step`);
}

function taskReason(
  row: OpenRunRow,
  jobs: readonly JobRow[],
  base: Pick<WaitReason, 'state' | 'branchPath'> & typeof NO_FIELDS,
  enteredAt: Date | null,
): WaitReason {
  const { state } = base;
  const deadline = earliest(row.heartbeat_at_ms, row.timeout_at_ms);
  if (row.kind === 'activity') {
    const activityName = row.activity!;
    if (row.task_status === 'STARTED')
      return {
        ...base,
        kind: WaitKind.ACTIVITY,
        since: dateOf(row.started_at_ms),
        until: dateOf(deadline),
        activityName,
        workersPolling: row.workers_polling,
        workerName: row.worker_name,
        detail: `activity \`${activityName}\` taken by ${row.worker_name ? `worker \`${row.worker_name}\`` : 'an unnamed worker'} at ${iso(row.started_at_ms!)}; ${deadlineText(row)}.`,
      };
    const polling = row.workers_polling ?? 0;
    return {
      ...base,
      kind: WaitKind.ACTIVITY,
      since: dateOf(row.created_at_ms),
      until: dateOf(deadline),
      activityName,
      workersPolling: polling,
      detail: `activity \`${activityName}\` queued since ${iso(row.created_at_ms!)}; ${
        polling === 0 ? 'no worker polled it' : `${polling} worker${polling === 1 ? '' : 's'} polled it`
      } in the last minute.`,
    };
  }
  if (row.kind === 'start-execution' && row.child_execution_id !== null)
    return {
      ...base,
      kind: WaitKind.CHILD_EXECUTION,
      since: dateOf(row.started_at_ms ?? row.created_at_ms),
      until: dateOf(deadline),
      childExecutionId: row.child_execution_id,
      childStatus: row.child_status,
      detail:
        row.child_status === 'RUNNING'
          ? `\`${state}\` waits for nested execution ${row.child_execution_id}, RUNNING.`
          : `\`${state}\` applies the end of nested execution ${row.child_execution_id}, ${row.child_status}.`,
    };
  const job = jobs.find(
    (candidate) => candidate.data.token === row.token && candidate.data.kind !== 'task-deadline',
  );
  if (job || row.pattern !== 'wait-for-task-token')
    return jobReason(row, job, base, `task \`${state}\` (${row.kind}) waits for its engine job`);
  return {
    ...base,
    kind: WaitKind.TASK_TOKEN,
    since: dateOf(row.created_at_ms) ?? enteredAt,
    until: dateOf(deadline),
    detail: `task \`${state}\` waits for an answer to the token issued at ${iso(row.created_at_ms!)}; ${deadlineText(row)}.`,
  };
}

function jobReason(
  row: OpenRunRow,
  job: JobRow | undefined,
  base: Pick<WaitReason, 'state' | 'branchPath'> & typeof NO_FIELDS,
  what: string,
): WaitReason {
  if (!job)
    return {
      ...base,
      kind: WaitKind.JOB,
      since: null,
      until: null,
      detail: `${what}, but no engine job is queued for it.`,
    };
  const since = job.state === 'active' && job.started_on_ms !== null ? job.started_on_ms : job.created_on_ms;
  const deferred = job.state !== 'active' && job.start_after_ms > row.now_ms;
  return {
    ...base,
    kind: WaitKind.JOB,
    since: new Date(since),
    until: deferred ? new Date(job.start_after_ms) : null,
    jobState: job.state,
    detail: `${what}: ${job.queue} job ${job.state} for ${ageOf(since, row.now_ms)}${
      deferred ? `, due at ${iso(job.start_after_ms)}` : ''
    }.`,
  };
}

/**
 * Why RUNNING executions have not moved on: one reason per open run (a Map or Parallel waiting on
 * its children, and each child's own reason), read in two queries for any number of executions:
 * the engine's tables, then pg-boss's open jobs of the engine's queues. Executions that are not
 * RUNNING wait on nothing.
 */
@Injectable()
export class WaitingOnReader {
  constructor(private readonly dataSource: DataSource) {}

  async of(executionId: string): Promise<WaitReason[]> {
    const [reasons] = await this.ofMany([executionId]);
    return reasons!;
  }

  /** The reasons of each execution, in the order of `executionIds`. */
  readonly ofMany = async (executionIds: readonly string[]): Promise<WaitReason[][]> => {
    const ids = [...new Set(executionIds.filter(isUuid))];
    const runs =
      ids.length === 0
        ? []
        : await this.dataSource.query<OpenRunRow[]>(OPEN_RUNS_SQL, [
            ids,
            POLLING_WINDOW_SECONDS,
            MAX_WAIT_REASONS,
          ]);
    // pg-boss's job table has no index on the payload: read it only for the executions that need it.
    const running = [...new Set(runs.filter(mayWaitOnJob).map((run) => run.execution_id))];
    const jobs =
      running.length === 0
        ? []
        : await this.dataSource.query<JobRow[]>(OPEN_JOBS_SQL, [
            running,
            [TRANSITION_QUEUE.name, HTTP_TASK_QUEUE.name],
          ]);
    return executionIds.map((id) => {
      const own = jobs.filter((job) => job.execution_id === id);
      const open = runs.filter((run) => run.execution_id === id);
      const paused = open[0] ? pausedReasonOf(open[0]) : [];
      return [...paused, ...open.map((run) => reasonOf(run, own))];
    });
  };
}
