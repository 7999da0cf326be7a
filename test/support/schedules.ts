/**
 * Schedules written straight into the database, armed as the API arms them (armedTimes from
 * PostgreSQL's clock, or from a time the test gives), and the fires and executions they made.
 */
import type { DataSource } from 'typeorm';
import type { Json } from '../../src/asl/index.js';
import { epochMsSql } from '../../src/common/date-time.js';
import type { OverlapPolicy } from '../../src/engine/schedules/overlap-policy.js';
import { armedTimes } from '../../src/engine/schedules/schedule.arming.js';
import { moveCursor } from '../../src/engine/schedules/schedule.repository.js';
import {
  parsedSchedule,
  scheduleColumns,
  scheduleRecordOf,
  type ScheduleRow,
} from '../../src/engine/schedules/schedule.record.js';

export interface NewSchedule {
  readonly stateMachineId: string;
  readonly expression: string;
  readonly name?: string;
  readonly version?: number;
  readonly timezone?: string;
  readonly input?: Json;
  readonly overlapPolicy?: OverlapPolicy;
  readonly catchupWindowSeconds?: number;
  readonly jitterSeconds?: number;
  readonly startAtMs?: number;
  readonly endAtMs?: number;
  readonly enabled?: boolean;
  /** Armed for the first fire after this time; PostgreSQL's clock when absent. */
  readonly armedAfterMs?: number;
}

let created = 0;

/** Inserts a schedule armed for its first fire; returns its id. */
export async function insertSchedule(dataSource: DataSource, schedule: NewSchedule): Promise<string> {
  created += 1;
  const [row] = await dataSource.query<(ScheduleRow & { now_ms: number })[]>(
    `INSERT INTO schedules AS s (name, state_machine_id, version, expression, timezone, input, overlap_policy,
       catchup_window_seconds, jitter_seconds, start_at, end_at, enabled)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, to_timestamp($10::float8 / 1000.0),
       to_timestamp($11::float8 / 1000.0), $12)
     RETURNING ${scheduleColumns('s')}, floor(${epochMsSql('clock_timestamp()')}) AS now_ms`,
    [
      schedule.name ?? `s-${process.pid}-${created}`,
      schedule.stateMachineId,
      schedule.version ?? null,
      schedule.expression,
      schedule.timezone ?? 'UTC',
      JSON.stringify(schedule.input ?? {}),
      schedule.overlapPolicy ?? 'SKIP',
      schedule.catchupWindowSeconds ?? 60,
      schedule.jitterSeconds ?? 0,
      schedule.startAtMs ?? null,
      schedule.endAtMs ?? null,
      schedule.enabled ?? true,
    ],
  );
  const stored = scheduleRecordOf(row!);
  const afterMs = schedule.armedAfterMs ?? Math.round(row!.now_ms);
  await moveCursor(
    dataSource.manager,
    stored.id,
    armedTimes(parsedSchedule(stored), stored.id, stored.jitterSeconds, afterMs),
  );
  return stored.id;
}

/** PostgreSQL's clock, in epoch milliseconds. */
export async function databaseNowMs(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query<{ now_ms: number }[]>(
    `SELECT floor(${epochMsSql('clock_timestamp()')}) AS now_ms`,
  );
  return Math.round((row as { now_ms: number }).now_ms);
}

/** A fire as stored. */
export interface StoredFire {
  readonly kind: string;
  readonly scheduledTimeMs: number;
  readonly outcome: string;
  readonly executionId: string | null;
  readonly cause: string | null;
}

/** The schedule's fires, oldest first. */
export async function firesOf(dataSource: DataSource, scheduleId: string): Promise<StoredFire[]> {
  const rows = await dataSource.query<
    { kind: string; at_ms: number; outcome: string; execution_id: string | null; cause: string | null }[]
  >(
    `SELECT kind, ${epochMsSql('scheduled_time')} AS at_ms, outcome, execution_id, cause
       FROM schedule_fires WHERE schedule_id = $1 ORDER BY scheduled_time, kind`,
    [scheduleId],
  );
  return rows.map((row) => ({
    kind: row.kind,
    scheduledTimeMs: Math.round(row.at_ms),
    outcome: row.outcome,
    executionId: row.execution_id,
    cause: row.cause,
  }));
}

/** An execution a schedule started. */
export interface ScheduledExecution {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly scheduledTimeMs: number;
}

/** The executions the schedule started, by fire time. */
export async function executionsOf(
  dataSource: DataSource,
  scheduleId: string,
): Promise<ScheduledExecution[]> {
  const rows = await dataSource.query<{ id: string; name: string; status: string; at_ms: number }[]>(
    `SELECT id, name, status, ${epochMsSql('trigger_scheduled_time')} AS at_ms
       FROM executions WHERE trigger_schedule_id = $1 ORDER BY trigger_scheduled_time, name`,
    [scheduleId],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    scheduledTimeMs: Math.round(row.at_ms),
  }));
}

/** The schedule's cursor. */
export async function cursorOf(
  dataSource: DataSource,
  scheduleId: string,
): Promise<{ nextFireAtMs: number | null; nextDueAtMs: number | null }> {
  const [row] = await dataSource.query<{ fire_ms: number | null; due_ms: number | null }[]>(
    `SELECT ${epochMsSql('next_fire_at')} AS fire_ms,
            ${epochMsSql('next_due_at')} AS due_ms
       FROM schedules WHERE id = $1`,
    [scheduleId],
  );
  if (!row) throw new Error(`No schedule ${scheduleId}`);
  return {
    nextFireAtMs: row.fire_ms === null ? null : Math.round(row.fire_ms),
    nextDueAtMs: row.due_ms === null ? null : Math.round(row.due_ms),
  };
}
