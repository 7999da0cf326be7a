/**
 * Old history made by SQL, for the retention tests and the bench: executions that started weeks
 * ago, written straight into the week partitions they belong to (made first, as the engine would
 * have made them then), so that no test waits for time to pass and no production path fakes a clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** The first day (UTC day number) of the week `weeksAgo` weeks before the current one. */
export async function weekStart(dataSource: DataSource, weeksAgo: number): Promise<number> {
  const [row] = await dataSource.query<{ day: number }[]>(
    'SELECT history_week_start(history_day_of(now())) - 7 * $1::int AS day',
    [weeksAgo],
  );
  return row!.day;
}

/** Makes the week's four partitions (nothing when they exist). */
export async function createWeek(dataSource: DataSource, day: number): Promise<void> {
  await dataSource.query('SELECT history_partitions_create($1::int)', [day]);
}

/** Whether the week's partitions exist: `w20261207` for the week starting 2026-12-07. */
export async function weekExists(dataSource: DataSource, day: number): Promise<boolean> {
  const [row] = await dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM unnest(ARRAY['executions', 'execution_events', 'runs', 'tasks']) AS t
      WHERE to_regclass(t || to_char(date '1970-01-01' + $1::int, '"_w"YYYYMMDD')) IS NOT NULL`,
    [day],
  );
  return row!.n === 4;
}

export interface OldExecution {
  readonly stateMachineId: string;
  /** The `history_day` it started on (its week must exist). */
  readonly day: number;
  /** Ended with SUCCEEDED at this time; RUNNING when null. */
  readonly stoppedAt: Date | null;
  readonly events: number;
  readonly name?: string;
}

/**
 * Inserts executions as the engine leaves them: each with `events` history events, a root run and
 * one task attempt; returns their ids. Many at once go through generate_series, for the bench.
 */
export async function insertOldExecutions(
  dataSource: DataSource,
  execution: OldExecution,
  count = 1,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const names = ids.map((id, i) => (count === 1 && execution.name ? execution.name : `old-${id}-${i}`));
  const tokens = ids.map(() => randomBytes(32).toString('base64url'));
  const running = execution.stoppedAt === null;
  const startedAt = `(date '1970-01-01' + $2::int)::timestamptz + interval '1 hour'`;
  await dataSource.transaction(async (manager) => {
    await manager.query(
      `INSERT INTO executions (id, history_day, state_machine_id, version, name, status, input, output,
                               started_at, stopped_at, next_event_id)
       SELECT k.id, $2::int, $3, 1, k.name, $4, '{}', CASE WHEN $4 = 'SUCCEEDED' THEN '{}'::jsonb END,
              ${startedAt}, $5, $6::int + 1
         FROM unnest($1::uuid[], $7::text[]) AS k(id, name)`,
      [
        ids,
        execution.day,
        execution.stateMachineId,
        running ? 'RUNNING' : 'SUCCEEDED',
        execution.stoppedAt,
        execution.events,
        names,
      ],
    );
    await manager.query(
      `INSERT INTO execution_names (state_machine_id, name, execution_id, history_day)
       SELECT $3, k.name, k.id, $2::int FROM unnest($1::uuid[], $4::text[]) AS k(id, name)`,
      [ids, execution.day, execution.stateMachineId, names],
    );
    await manager.query(
      `INSERT INTO execution_events (execution_id, history_day, seq, type, state_name, previous_event_id, timestamp, details)
       SELECT k.id, $2::int, s, 'PassStateEntered', 'P', s - 1, ${startedAt}, '{}'
         FROM unnest($1::uuid[]) AS k(id), generate_series(1, $3::int) AS s`,
      [ids, execution.day, execution.events],
    );
    await manager.query(
      `INSERT INTO runs (id, execution_id, history_day, status, state, output)
       SELECT k.run_id, k.id, $2::int, $3, '{}', CASE WHEN $3 = 'SUCCEEDED' THEN '{}'::jsonb END
         FROM unnest($1::uuid[], $4::uuid[]) AS k(id, run_id)`,
      [ids, execution.day, running ? 'RUNNING' : 'SUCCEEDED', ids.map(() => randomUUID())],
    );
    await manager.query(
      `INSERT INTO tasks (token, execution_id, history_day, run_id, scheduled_event_id, state_name, resource, kind,
                          pattern, status, input, due_at, ended_at)
       SELECT k.token, r.execution_id, $2::int, r.id, 1, 'T', 'builtin:echo', 'builtin', 'request-response',
              'SUCCEEDED', '{}', ${startedAt}, ${startedAt}
         FROM unnest($1::uuid[], $3::text[]) AS k(id, token) JOIN runs r ON r.execution_id = k.id`,
      [ids, execution.day, tokens],
    );
  });
  return ids;
}
