/**
 * The SQL of history retention over the week partitions of `executions`, `execution_events`,
 * `runs` and `tasks` (migrations/1795322200000-HistoryPartitions.ts, docs/retention.md). A week's
 * four partitions share a suffix (`w20261207`, or `legacy` for the rows from before partitioning),
 * which is all this module names tables by; suffixes come from the catalog, never from input.
 */
import type { EntityManager } from 'typeorm';

/** The tables of one week, in the order their rows and partitions are removed (references first). */
export const HISTORY_TABLES = ['execution_events', 'tasks', 'runs', 'executions'] as const;

/** Weeks kept made ahead of the current one, so that an insert never finds no partition. */
export const WEEKS_AHEAD = 2;

/** One week's partitions: `[lowerDay, upperDay)` in `history_day` (null: unbounded below). */
export interface HistoryPartition {
  readonly suffix: string;
  readonly lowerDay: number | null;
  readonly upperDay: number;
}

/** Creates the partitions of the current week and the next {@link WEEKS_AHEAD}; returns how many weeks were new. */
export async function createPartitionsAhead(manager: EntityManager): Promise<number> {
  const [row] = await manager.query<{ created: number }[]>(
    `SELECT count(*) FILTER (WHERE history_partitions_create(history_week_start(history_day_of(now())) + 7 * w))::int
            AS created
       FROM generate_series(0, $1::int) AS w`,
    [WEEKS_AHEAD],
  );
  return row?.created ?? 0;
}

/** The weeks whose executions all started before `cutoffDay` (a UTC day number), oldest first. */
export async function expiredPartitions(
  manager: EntityManager,
  cutoffDay: number,
): Promise<HistoryPartition[]> {
  const rows = await manager.query<{ suffix: string; lower_day: number | null; upper_day: number }[]>(
    `SELECT substr(c.relname, length('executions_') + 1) AS suffix,
            substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \\((-?\\d+)\\)')::int AS lower_day,
            substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \\((-?\\d+)\\)')::int AS upper_day
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'executions'::regclass AND NOT i.inhdetachpending`,
  );
  return rows
    .filter((row) => row.upper_day <= cutoffDay)
    .sort((a, b) => a.upper_day - b.upper_day)
    .map((row) => ({ suffix: row.suffix, lowerDay: row.lower_day, upperDay: row.upper_day }));
}

const table = (name: (typeof HISTORY_TABLES)[number], partition: HistoryPartition) =>
  `${name}_${partition.suffix}`;

/** Whether the week holds an execution retention must keep: still running, or ended after the cutoff. */
export async function hasLiveExecutions(
  manager: EntityManager,
  partition: HistoryPartition,
  cutoff: Date,
): Promise<boolean> {
  const [row] = await manager.query<{ live: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM ${table('executions', partition)}
                     WHERE status = 'RUNNING' OR stopped_at >= $1) AS live`,
    [cutoff],
  );
  return row?.live ?? false;
}

/** How much a week holds: its executions and their history events (counted from `next_event_id`, not by a scan). */
export async function partitionSize(
  manager: EntityManager,
  partition: HistoryPartition,
): Promise<{ executions: number; events: number }> {
  const [row] = await manager.query<{ executions: number; events: string }[]>(
    `SELECT count(*)::int AS executions, coalesce(sum(next_event_id - 1), 0)::text AS events
       FROM ${table('executions', partition)}`,
  );
  return { executions: row?.executions ?? 0, events: Number(row?.events ?? 0) };
}

/**
 * Detaches and drops the week's four partitions, executions first: the detach takes ACCESS
 * EXCLUSIVE on each parent, and once `executions` is detached no transaction can reach (and so
 * redrive) one of its executions; the caller checks again after that, under the lock.
 */
export async function detachExecutions(manager: EntityManager, partition: HistoryPartition): Promise<void> {
  await manager.query(`ALTER TABLE executions DETACH PARTITION ${table('executions', partition)}`);
}

/** The rest of {@link detachExecutions}: the history partitions detached, all four dropped, the names freed. */
export async function dropPartition(manager: EntityManager, partition: HistoryPartition): Promise<void> {
  for (const name of HISTORY_TABLES.filter((name) => name !== 'executions'))
    await manager.query(`ALTER TABLE ${name} DETACH PARTITION ${table(name, partition)}`);
  for (const name of HISTORY_TABLES) await manager.query(`DROP TABLE ${table(name, partition)}`);
  await manager.query(
    `DELETE FROM execution_names WHERE history_day < $1 AND ($2::int IS NULL OR history_day >= $2::int)`,
    [partition.upperDay, partition.lowerDay],
  );
}

/**
 * The fallback for a week that cannot be dropped yet: deletes up to `limit` of its executions that
 * ended before the cutoff, with their events, tasks, runs and names, in one statement of the
 * caller's transaction (foreign keys are checked at the statement's end, when all are gone).
 * Executions another transaction holds are skipped: their turn comes next run.
 */
export async function deleteExpiredExecutions(
  manager: EntityManager,
  partition: HistoryPartition,
  cutoff: Date,
  limit: number,
): Promise<{ executions: number; events: number }> {
  const of = (name: (typeof HISTORY_TABLES)[number]) => table(name, partition);
  const [row] = await manager.query<{ executions: number; events: string }[]>(
    `WITH expired AS MATERIALIZED (
       SELECT id, state_machine_id, name, next_event_id FROM ${of('executions')}
        WHERE status <> 'RUNNING' AND stopped_at < $1
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED),
     events AS (DELETE FROM ${of('execution_events')} WHERE execution_id IN (SELECT id FROM expired)),
     tasks AS (DELETE FROM ${of('tasks')} WHERE execution_id IN (SELECT id FROM expired)),
     runs AS (DELETE FROM ${of('runs')} WHERE execution_id IN (SELECT id FROM expired)),
     names AS (DELETE FROM execution_names n USING expired x
                WHERE n.state_machine_id = x.state_machine_id AND n.name = x.name AND n.execution_id = x.id),
     executions AS (DELETE FROM ${of('executions')} WHERE id IN (SELECT id FROM expired))
     SELECT count(*)::int AS executions, coalesce(sum(next_event_id - 1), 0)::text AS events FROM expired`,
    [cutoff, limit],
  );
  return { executions: row?.executions ?? 0, events: Number(row?.events ?? 0) };
}
