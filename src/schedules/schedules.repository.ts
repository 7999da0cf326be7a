import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { Json } from '../asl/json.js';
import { epochMsSql, epochMsToDateTimeString } from '../common/date-time.js';
import type { ScheduleSpec } from '../engine/schedules/expression/index.js';
import type { OverlapPolicy, ScheduleFireKind, ScheduleFireOutcome } from './models/schedule-enums.js';
import type { Schedule } from './models/schedule.model.js';

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

const SCHEDULE_COLUMNS = `s.id, s.name, s.description, s.state_machine_id, m.name AS state_machine_name,
  s.version, s.expression, s.timezone, s.input, s.overlap_policy, s.catchup_window_seconds, s.jitter_seconds,
  ${epochMsSql('s.start_at')} AS start_at_ms, ${epochMsSql('s.end_at')} AS end_at_ms, s.enabled,
  ${epochMsSql('s.next_fire_at')} AS next_fire_at_ms, ${epochMsSql('s.created_at')} AS created_at_ms,
  ${epochMsSql('s.updated_at')} AS updated_at_ms`;

/** A schedule as the API reads it, with the instants the expression module needs. */
export interface ScheduleRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly stateMachineId: string;
  readonly stateMachineName: string;
  readonly version: number | null;
  readonly expression: string;
  readonly timezone: string;
  readonly input: Json;
  readonly overlapPolicy: OverlapPolicy;
  readonly catchupWindowSeconds: number;
  readonly jitterSeconds: number;
  readonly startAtMs: number | null;
  readonly endAtMs: number | null;
  readonly enabled: boolean;
  readonly nextFireAtMs: number | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

interface ScheduleRow {
  id: string;
  name: string;
  description: string | null;
  state_machine_id: string;
  state_machine_name: string;
  version: number | null;
  expression: string;
  timezone: string;
  input: Json;
  overlap_policy: OverlapPolicy;
  catchup_window_seconds: number;
  jitter_seconds: number;
  start_at_ms: number | null;
  end_at_ms: number | null;
  enabled: boolean;
  next_fire_at_ms: number | null;
  created_at_ms: number;
  updated_at_ms: number;
}

/** The one mapper of a schedule row. */
function recordOf(row: ScheduleRow): ScheduleRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    stateMachineId: row.state_machine_id,
    stateMachineName: row.state_machine_name,
    version: row.version,
    expression: row.expression,
    timezone: row.timezone,
    input: row.input,
    overlapPolicy: row.overlap_policy,
    catchupWindowSeconds: row.catchup_window_seconds,
    jitterSeconds: row.jitter_seconds,
    startAtMs: row.start_at_ms,
    endAtMs: row.end_at_ms,
    enabled: row.enabled,
    nextFireAtMs: row.next_fire_at_ms,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

const dateTimeOrNull = (epochMs: number | null) =>
  epochMs === null ? null : epochMsToDateTimeString(epochMs);

/** The API's view of a schedule. */
export function scheduleView(record: ScheduleRecord): Schedule {
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

/**
 * What the expression module needs of a schedule. Instants are whole milliseconds (the API takes
 * no finer ones and created_at is stored truncated), so rounding only drops float noise.
 */
export function specOf(
  record: Pick<ScheduleRecord, 'expression' | 'timezone' | 'startAtMs' | 'endAtMs' | 'createdAtMs'>,
): ScheduleSpec {
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    expression: record.expression,
    timezone: record.timezone,
    startAtMs: round(record.startAtMs),
    endAtMs: round(record.endAtMs),
    anchorMs: Math.round(record.startAtMs ?? record.createdAtMs),
  };
}

/** The definition columns of a schedule, as the service writes them. */
export interface ScheduleFields {
  readonly name: string;
  readonly description: string | null;
  readonly stateMachineId: string;
  readonly version: number | null;
  readonly expression: string;
  readonly timezone: string;
  readonly input: Json;
  readonly overlapPolicy: OverlapPolicy;
  readonly catchupWindowSeconds: number;
  readonly jitterSeconds: number;
  readonly startAtMs: number | null;
  readonly endAtMs: number | null;
  readonly enabled: boolean;
}

/** The scheduler's cursor (see migrations/1795321500000-Schedules.ts). */
export interface ArmedCursor {
  readonly nextFireAtMs: number | null;
  readonly nextDueAtMs: number | null;
}

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
    cursor: ArmedCursor,
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
    cursor: ArmedCursor | undefined,
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
  ): Promise<ScheduleRecord | null> {
    const rows: ScheduleRow[] = await manager.query(
      `SELECT ${SCHEDULE_COLUMNS}
         FROM schedules s JOIN state_machines m ON m.id = s.state_machine_id
        WHERE s.id = $1
        ${options.lock ? 'FOR UPDATE OF s' : ''}`,
      [id],
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  /** A page of schedules in name order, and how many match in all. */
  async findPage(
    manager: EntityManager,
    query: SchedulePageQuery,
  ): Promise<{ rows: ScheduleRecord[]; totalCount: number }> {
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
    const rows: ScheduleRow[] = await manager.query(
      `SELECT ${SCHEDULE_COLUMNS}
         FROM schedules s JOIN state_machines m ON m.id = s.state_machine_id
         ${pageConditions.length ? `WHERE ${pageConditions.join(' AND ')}` : ''}
        ORDER BY s.name
        LIMIT $${pageParams.push(query.limit)}`,
      pageParams,
    );
    return { rows: rows.map(recordOf), totalCount: count };
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
