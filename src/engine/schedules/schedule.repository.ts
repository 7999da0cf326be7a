/**
 * The scheduler's queries on `schedules` and `schedule_fires` (migrations/1795321500000-Schedules.ts).
 * Whoever decides a schedule's fires holds its row locked (`FOR UPDATE`) until it commits, so the
 * fires of one schedule are decided by one transaction at a time.
 */
import type { EntityManager } from 'typeorm';
import { epochMsSql } from '../../common/date-time.js';
import type { OverlapPolicy } from './overlap-policy.js';
import type { ArmedTimes } from './schedule.arming.js';
import type { FireKind } from './schedule-execution.name.js';
import {
  scheduleColumns,
  scheduleRecordOf,
  type ScheduleRecord,
  type ScheduleRow,
} from './schedule.record.js';

/** How one fire was decided (`schedule_fires.outcome`). */
export type FireOutcome = 'STARTED' | 'BUFFERED' | 'SKIPPED_OVERLAP' | 'SKIPPED_CATCHUP' | 'FAILED';

/** A fire to record. */
export interface FireRow {
  readonly kind: FireKind;
  readonly scheduledTimeMs: number;
  readonly outcome: FireOutcome;
  readonly overlapPolicy: OverlapPolicy;
  readonly executionId: string | null;
  readonly cause: string | null;
  /** When its execution started; only for STARTED. */
  readonly startedAtMs: number | null;
}

/** A buffered fire waiting for its schedule's running execution to end. */
export interface BufferedFire {
  readonly kind: FireKind;
  readonly scheduledTimeMs: number;
  readonly overlapPolicy: OverlapPolicy;
}

/** `schedule_fires.cause` holds at most this many characters. */
const MAX_CAUSE_LENGTH = 4096;

const DB_NOW_MS = `floor(${epochMsSql('clock_timestamp()')})`;

/**
 * Claims enabled schedules whose next fire is due at `nowMs` (PostgreSQL's clock when absent),
 * most overdue first, skipping those another transaction holds: the partial index on
 * `next_due_at` makes this a short read however many schedules exist. Returns them with the
 * clock it used; undefined when none is due.
 */
export async function claimDueSchedules(
  manager: EntityManager,
  options: { readonly nowMs: number | undefined; readonly limit: number },
): Promise<{ readonly nowMs: number; readonly schedules: ScheduleRecord[] } | undefined> {
  const rows = await manager.query<(ScheduleRow & { now_ms: number })[]>(
    `WITH clock AS (SELECT COALESCE($1::float8, ${DB_NOW_MS}) AS now_ms)
     SELECT ${scheduleColumns('s')}, clock.now_ms FROM schedules s CROSS JOIN clock
      WHERE s.enabled AND s.next_due_at <= to_timestamp(clock.now_ms / 1000.0)
      ORDER BY s.next_due_at LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
    [options.nowMs ?? null, options.limit],
  );
  const [first] = rows;
  return first ? { nowMs: Math.round(first.now_ms), schedules: rows.map(scheduleRecordOf) } : undefined;
}

/**
 * Claims enabled schedules that have buffered fires and no running execution (other than those
 * in `except`, which the caller holds already), skipping those another transaction holds.
 */
export async function claimBufferedSchedules(
  manager: EntityManager,
  options: { readonly except: readonly string[]; readonly limit: number },
): Promise<ScheduleRecord[]> {
  const rows = await manager.query<ScheduleRow[]>(
    `SELECT ${scheduleColumns('s')} FROM schedules s
      WHERE s.id IN (SELECT DISTINCT schedule_id FROM schedule_fires WHERE outcome = 'BUFFERED')
        AND s.enabled AND s.id <> ALL($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM executions x WHERE x.trigger_schedule_id = s.id AND x.status = 'RUNNING')
      ORDER BY s.id LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
    [options.except, options.limit],
  );
  return rows.map(scheduleRecordOf);
}

/** Locks one schedule (waiting for whoever holds it), with PostgreSQL's clock; undefined when it does not exist. */
export async function lockSchedule(
  manager: EntityManager,
  scheduleId: string,
): Promise<{ readonly schedule: ScheduleRecord; readonly nowMs: number } | undefined> {
  const [row] = await manager.query<(ScheduleRow & { now_ms: number })[]>(
    `SELECT ${scheduleColumns('s')}, ${DB_NOW_MS} AS now_ms FROM schedules s WHERE s.id = $1 FOR UPDATE OF s`,
    [scheduleId],
  );
  return row ? { schedule: scheduleRecordOf(row), nowMs: Math.round(row.now_ms) } : undefined;
}

/**
 * The time of a `triggerSchedule` fire: PostgreSQL's clock, or one millisecond after the
 * schedule's last triggered fire when the clock has not moved past it (two triggers in one
 * millisecond, or a clock stepped back), so that no trigger collides with an earlier one.
 */
export async function triggerTimeMs(manager: EntityManager, scheduleId: string): Promise<number> {
  const [row] = await manager.query<{ at_ms: number }[]>(
    `SELECT GREATEST(${DB_NOW_MS},
              (SELECT floor(${epochMsSql('max(scheduled_time)')}) + 1 FROM schedule_fires
                WHERE schedule_id = $1 AND kind = 'TRIGGERED')) AS at_ms`,
    [scheduleId],
  );
  return Math.round((row as { at_ms: number }).at_ms);
}

/** The schedule's running executions, in id order (the order executions are locked in). */
export async function runningExecutions(manager: EntityManager, scheduleId: string): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(
    "SELECT id FROM executions WHERE trigger_schedule_id = $1 AND status = 'RUNNING' ORDER BY id",
    [scheduleId],
  );
  return rows.map((row) => row.id);
}

/** The schedule's oldest buffered fire. */
export async function oldestBufferedFire(
  manager: EntityManager,
  scheduleId: string,
): Promise<BufferedFire | undefined> {
  const [row] = await manager.query<{ kind: FireKind; at_ms: number; overlap_policy: OverlapPolicy }[]>(
    `SELECT kind, ${epochMsSql('scheduled_time')} AS at_ms, overlap_policy FROM schedule_fires
      WHERE schedule_id = $1 AND outcome = 'BUFFERED' ORDER BY scheduled_time, kind LIMIT 1`,
    [scheduleId],
  );
  return row
    ? { kind: row.kind, scheduledTimeMs: Math.round(row.at_ms), overlapPolicy: row.overlap_policy }
    : undefined;
}

/** Which of `timesMs` the schedule has decided already for `kind`. */
export async function decidedFireTimes(
  manager: EntityManager,
  scheduleId: string,
  kind: FireKind,
  timesMs: readonly number[],
): Promise<Set<number>> {
  if (timesMs.length === 0) return new Set();
  const rows = await manager.query<{ at_ms: number }[]>(
    `SELECT ${epochMsSql('scheduled_time')} AS at_ms FROM schedule_fires
      WHERE schedule_id = $1 AND kind = $2
        AND scheduled_time = ANY(SELECT to_timestamp(t / 1000.0) FROM unnest($3::float8[]) AS t)`,
    [scheduleId, kind, timesMs],
  );
  return new Set(rows.map((row) => Math.round(row.at_ms)));
}

/**
 * Records fires, each unless it was decided already (the primary key): a fire is decided once.
 * Returns how many rows it inserted.
 */
export async function insertFires(
  manager: EntityManager,
  scheduleId: string,
  fires: readonly FireRow[],
): Promise<number> {
  if (fires.length === 0) return 0;
  const rows = await manager.query<unknown[]>(
    `INSERT INTO schedule_fires
       (schedule_id, kind, scheduled_time, outcome, execution_id, overlap_policy, cause, started_at)
     SELECT $1, f.kind, to_timestamp(f.at_ms / 1000.0), f.outcome, f.execution_id, f.overlap_policy, f.cause,
            to_timestamp(f.started_at_ms / 1000.0)
       FROM jsonb_to_recordset($2::jsonb)
         AS f(kind text, at_ms float8, outcome text, execution_id uuid, overlap_policy text, cause text,
              started_at_ms float8)
     ON CONFLICT (schedule_id, kind, scheduled_time) DO NOTHING
     RETURNING 1`,
    [scheduleId, JSON.stringify(fires.map(fireColumns))],
  );
  return rows.length;
}

/** Records how a buffered fire ended its wait: started, or failed to start. */
export async function settleBufferedFire(
  manager: EntityManager,
  scheduleId: string,
  fire: FireRow,
): Promise<void> {
  const f = fireColumns(fire);
  await manager.query(
    `UPDATE schedule_fires SET outcome = $4, execution_id = $5, cause = $6,
            started_at = to_timestamp($7::float8 / 1000.0)
      WHERE schedule_id = $1 AND kind = $2 AND scheduled_time = to_timestamp($3::float8 / 1000.0)
        AND outcome = 'BUFFERED'`,
    [scheduleId, f.kind, f.at_ms, f.outcome, f.execution_id, f.cause, f.started_at_ms],
  );
}

function fireColumns(fire: FireRow) {
  return {
    kind: fire.kind,
    at_ms: fire.scheduledTimeMs,
    outcome: fire.outcome,
    execution_id: fire.executionId,
    overlap_policy: fire.overlapPolicy,
    cause: fire.cause === null ? null : fire.cause.slice(0, MAX_CAUSE_LENGTH),
    started_at_ms: fire.startedAtMs,
  };
}

/** Moves the schedule's cursor past the fires just decided. */
export async function moveCursor(
  manager: EntityManager,
  scheduleId: string,
  armed: ArmedTimes,
): Promise<void> {
  await manager.query(
    `UPDATE schedules SET next_fire_at = to_timestamp($2::float8 / 1000.0),
            next_due_at = to_timestamp($3::float8 / 1000.0)
      WHERE id = $1`,
    [scheduleId, armed.nextFireAtMs, armed.nextDueAtMs],
  );
}

/** Leaves the schedule's next fire as it is but claims it again only at `dueAtMs`. */
export async function postponeSchedule(
  manager: EntityManager,
  scheduleId: string,
  dueAtMs: number,
): Promise<void> {
  await manager.query('UPDATE schedules SET next_due_at = to_timestamp($2::float8 / 1000.0) WHERE id = $1', [
    scheduleId,
    dueAtMs,
  ]);
}
