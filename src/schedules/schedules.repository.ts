import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { epochMsSql, epochMsToDateTimeString } from '../common/date-time.js';
import type { ArmedTimes } from '../engine/schedules/schedule.arming.js';
import {
  scheduleColumns,
  scheduleRecordOf,
  type ScheduleRecord,
  type ScheduleRow,
} from '../engine/schedules/schedule.record.js';
import type { ScheduleFireKind, ScheduleFireOutcome } from './models/schedule-enums.js';
import type { Schedule } from './models/schedule.model.js';

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** A schedule as the API reads it: its row and its state machine's name. */
export interface ScheduleWithMachine extends ScheduleRecord {
  readonly stateMachineName: string;
}

type ScheduleWithMachineRow = ScheduleRow & { state_machine_name: string };

const WITH_MACHINE_COLUMNS = `${scheduleColumns('s')}, m.name AS state_machine_name`;

function withMachineOf(row: ScheduleWithMachineRow): ScheduleWithMachine {
  return { ...scheduleRecordOf(row), stateMachineName: row.state_machine_name };
}

const dateTimeOrNull = (epochMs: number | null) =>
  epochMs === null ? null : epochMsToDateTimeString(epochMs);

/** The API's view of a schedule. */
export function scheduleView(record: ScheduleWithMachine): Schedule {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    stateMachine: { id: record.stateMachineId, name: record.stateMachineName },
    version: record.version,
    expression: record.expression,
    timezone: record.timezone,
    input: record.input,
    overlapPolicy: record.overlapPolicy,
    catchupWindowSeconds: record.catchupWindowSeconds,
    jitterSeconds: record.jitterSeconds,
    startAt: dateTimeOrNull(record.startAtMs),
    endAt: dateTimeOrNull(record.endAtMs),
    enabled: record.enabled,
    nextFireTime: dateTimeOrNull(record.nextFireAtMs),
    createdAt: epochMsToDateTimeString(record.createdAtMs),
    updatedAt: epochMsToDateTimeString(record.updatedAtMs),
  };
}

/** The definition columns of a schedule, as the service writes them. */
export type ScheduleFields = Omit<ScheduleRecord, 'id' | 'nextFireAtMs' | 'createdAtMs' | 'updatedAtMs'>;

export interface SchedulePageQuery {
  readonly stateMachineId?: string;
  readonly enabled?: boolean;
  readonly namePrefix?: string;
  readonly afterName?: string;
  readonly limit: number;
}

/** One row of schedule_fires, its execution still to be read. */
export interface FireRecord {
  readonly scheduledTime: string;
  readonly kind: ScheduleFireKind;
  readonly outcome: ScheduleFireOutcome;
  readonly executionId: string | null;
  readonly cause: string | null;
  readonly decidedAt: string;
  readonly startedAt: string | null;
}

interface FireRow {
  scheduled_time_ms: number;
  kind: ScheduleFireKind;
  outcome: ScheduleFireOutcome;
  execution_id: string | null;
  cause: string | null;
  decided_at_ms: number;
  started_at_ms: number | null;
}

const FIRE_COLUMNS = `${epochMsSql('scheduled_time')} AS scheduled_time_ms, kind, outcome, execution_id, cause,
  ${epochMsSql('decided_at')} AS decided_at_ms, ${epochMsSql('started_at')} AS started_at_ms`;

function fireOf(row: FireRow): FireRecord {
  return {
    scheduledTime: epochMsToDateTimeString(row.scheduled_time_ms),
    kind: row.kind,
    outcome: row.outcome,
    executionId: row.execution_id,
    cause: row.cause,
    decidedAt: epochMsToDateTimeString(row.decided_at_ms),
    startedAt: dateTimeOrNull(row.started_at_ms),
  };
}

const isoOrNull = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

function driverErrorOf(error: unknown): { code?: string; constraint?: string } | undefined {
  return error instanceof QueryFailedError
    ? (error.driverError as { code?: string; constraint?: string })
    : undefined;
}

/** Whether an insert or update failed on the unique name. */
export function isNameConflict(error: unknown): boolean {
  const driver = driverErrorOf(error);
  return driver?.code === UNIQUE_VIOLATION && driver.constraint === 'schedules_name_key';
}

/** Whether a write named a state machine version that is not there (deleted meanwhile). */
export function isMissingVersion(error: unknown): boolean {
  const driver = driverErrorOf(error);
  return (
    driver?.code === FOREIGN_KEY_VIOLATION &&
    (driver.constraint === 'schedules_version_fkey' ||
      driver.constraint === 'schedules_state_machine_id_fkey')
  );
}

/** The queries of schedules and their fires. Every write takes the transaction's manager. */
@Injectable()
export class SchedulesRepository {
  /**
   * The transaction's clock, truncated to whole milliseconds: what the API arms schedules from and
   * stamps them with, so that a rate() anchored at created_at counts from a whole millisecond.
   */
  async databaseNowMs(manager: EntityManager): Promise<number> {
    const [row] = (await manager.query(
      `SELECT ${epochMsSql("date_trunc('milliseconds', now())")} AS now_ms`,
    )) as [{ now_ms: number }];
    return Math.round(row.now_ms);
  }

  async insert(
    manager: EntityManager,
    id: string,
    fields: ScheduleFields,
    cursor: ArmedTimes,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO schedules (id, name, description, state_machine_id, version, expression, timezone, input,
         overlap_policy, catchup_window_seconds, jitter_seconds, start_at, end_at, enabled, next_fire_at,
         next_due_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16,
         date_trunc('milliseconds', now()), date_trunc('milliseconds', now()))`,
      [id, ...fieldValues(fields), isoOrNull(cursor.nextFireAtMs), isoOrNull(cursor.nextDueAtMs)],
    );
  }

  /** Rewrites a schedule's definition; the cursor too when given (it changes only with the timing). */
  async update(
    manager: EntityManager,
    id: string,
    fields: ScheduleFields,
    cursor: ArmedTimes | undefined,
  ): Promise<void> {
    const values = [id, ...fieldValues(fields)];
    const rearm = cursor
      ? `, next_fire_at = $${values.push(isoOrNull(cursor.nextFireAtMs))}, next_due_at = $${values.push(isoOrNull(cursor.nextDueAtMs))}`
      : '';
    await manager.query(
      `UPDATE schedules SET name = $2, description = $3, state_machine_id = $4, version = $5, expression = $6,
         timezone = $7, input = $8::jsonb, overlap_policy = $9, catchup_window_seconds = $10,
         jitter_seconds = $11, start_at = $12, end_at = $13, enabled = $14,
         updated_at = date_trunc('milliseconds', now())${rearm}
       WHERE id = $1`,
      values,
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM schedules WHERE id = $1', [id]);
  }

  /** One schedule; with `lock`, its row stays locked until the transaction ends. */
  async findById(
    manager: EntityManager,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<ScheduleWithMachine | null> {
    const rows: ScheduleWithMachineRow[] = await manager.query(
      `SELECT ${WITH_MACHINE_COLUMNS}
         FROM schedules s JOIN state_machines m ON m.id = s.state_machine_id
        WHERE s.id = $1
        ${options.lock ? 'FOR UPDATE OF s' : ''}`,
      [id],
    );
    return rows[0] ? withMachineOf(rows[0]) : null;
  }

  /** A page of schedules in name order, and how many match in all. */
  async findPage(
    manager: EntityManager,
    query: SchedulePageQuery,
  ): Promise<{ rows: ScheduleWithMachine[]; totalCount: number }> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (query.stateMachineId !== undefined)
      conditions.push(`s.state_machine_id = $${params.push(query.stateMachineId)}`);
    if (query.enabled !== undefined) conditions.push(`s.enabled = $${params.push(query.enabled)}`);
    if (query.namePrefix !== undefined)
      conditions.push(`starts_with(s.name, $${params.push(query.namePrefix)})`);
    const filter = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ count }] = (await manager.query(
      `SELECT count(*)::int AS count FROM schedules s ${filter}`,
      params,
    )) as [{ count: number }];
    const pageConditions = [...conditions];
    const pageParams = [...params];
    if (query.afterName !== undefined) pageConditions.push(`s.name > $${pageParams.push(query.afterName)}`);
    const rows: ScheduleWithMachineRow[] = await manager.query(
      `SELECT ${WITH_MACHINE_COLUMNS}
         FROM schedules s JOIN state_machines m ON m.id = s.state_machine_id
         ${pageConditions.length ? `WHERE ${pageConditions.join(' AND ')}` : ''}
        ORDER BY s.name
        LIMIT $${pageParams.push(query.limit)}`,
      pageParams,
    );
    return { rows: rows.map(withMachineOf), totalCount: count };
  }

  /** A schedule's latest decided fires, newest first (schedule_fires_recent_idx). */
  async findRecentFires(manager: EntityManager, scheduleId: string, limit: number): Promise<FireRecord[]> {
    const rows: FireRow[] = await manager.query(
      `SELECT ${FIRE_COLUMNS} FROM schedule_fires
        WHERE schedule_id = $1
        ORDER BY decided_at DESC, scheduled_time DESC
        LIMIT $2`,
      [scheduleId, limit],
    );
    return rows.map(fireOf);
  }

  /** One fire by its key; the time as the engine answered it, to the millisecond. */
  async findFire(
    manager: EntityManager,
    scheduleId: string,
    kind: ScheduleFireKind,
    scheduledTimeMs: number,
  ): Promise<FireRecord | null> {
    const rows: FireRow[] = await manager.query(
      `SELECT ${FIRE_COLUMNS} FROM schedule_fires
        WHERE schedule_id = $1 AND kind = $2
          AND scheduled_time BETWEEN $3::timestamptz - interval '1 ms' AND $3::timestamptz + interval '1 ms'
        LIMIT 1`,
      [scheduleId, kind, new Date(scheduledTimeMs).toISOString()],
    );
    return rows[0] ? fireOf(rows[0]) : null;
  }
}

function fieldValues(fields: ScheduleFields): unknown[] {
  return [
    fields.name,
    fields.description,
    fields.stateMachineId,
    fields.version,
    fields.expression,
    fields.timezone,
    JSON.stringify(fields.input),
    fields.overlapPolicy,
    fields.catchupWindowSeconds,
    fields.jitterSeconds,
    isoOrNull(fields.startAtMs),
    isoOrNull(fields.endAtMs),
    fields.enabled,
  ];
}
