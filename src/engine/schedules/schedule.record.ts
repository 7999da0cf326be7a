/**
 * A `schedules` row (migrations/1795321500000-Schedules.ts): its select list, its one mapper, and
 * how its expression is read. The scheduler's queries and the API's reads all go through them, so
 * both see the same instants and anchor a rate() at the same millisecond.
 */
import type { Json } from '../../asl/index.js';
import { epochMsSql } from '../../common/date-time.js';
import { parseSchedule, type ParsedSchedule } from './expression/index.js';
import type { OverlapPolicy } from './overlap-policy.js';

/**
 * A schedule's row. Instants are whole epoch milliseconds: every writer stores whole ones (the
 * API truncates created_at and updated_at, takes no finer startAt or endAt, and the cursor is
 * millisecond arithmetic), so rounding only drops the float noise of reading them.
 */
export interface ScheduleRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly stateMachineId: string;
  /** The machine's latest version when null. */
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

/** A `schedules` row as {@link scheduleColumns} selects it. */
export interface ScheduleRow {
  id: string;
  name: string;
  description: string | null;
  state_machine_id: string;
  version: number | null;
  expression: string;
  timezone: string;
  input: string;
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

/** The select list of a `schedules` row for {@link scheduleRecordOf}; `alias` is the table's. */
export function scheduleColumns(alias: string): string {
  const a = (column: string) => `${alias}.${column}`;
  return `${a('id')}, ${a('name')}, ${a('description')}, ${a('state_machine_id')}, ${a('version')},
  ${a('expression')}, ${a('timezone')}, ${a('input')}::text AS input, ${a('overlap_policy')},
  ${a('catchup_window_seconds')}, ${a('jitter_seconds')}, ${epochMsSql(a('start_at'))} AS start_at_ms,
  ${epochMsSql(a('end_at'))} AS end_at_ms, ${a('enabled')}, ${epochMsSql(a('next_fire_at'))} AS next_fire_at_ms,
  ${epochMsSql(a('created_at'))} AS created_at_ms, ${epochMsSql(a('updated_at'))} AS updated_at_ms`;
}

const wholeMsOrNull = (epochMs: number | null) => (epochMs === null ? null : Math.round(epochMs));

/** The one mapper of a `schedules` row. */
export function scheduleRecordOf(row: ScheduleRow): ScheduleRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    stateMachineId: row.state_machine_id,
    version: row.version,
    expression: row.expression,
    timezone: row.timezone,
    input: JSON.parse(row.input) as Json,
    overlapPolicy: row.overlap_policy,
    catchupWindowSeconds: row.catchup_window_seconds,
    jitterSeconds: row.jitter_seconds,
    startAtMs: wholeMsOrNull(row.start_at_ms),
    endAtMs: wholeMsOrNull(row.end_at_ms),
    enabled: row.enabled,
    nextFireAtMs: wholeMsOrNull(row.next_fire_at_ms),
    createdAtMs: Math.round(row.created_at_ms),
    updatedAtMs: Math.round(row.updated_at_ms),
  };
}

/** What reading a schedule's expression needs: a stored schedule, or one about to be written. */
export type ScheduleTiming = Pick<
  ScheduleRecord,
  'expression' | 'timezone' | 'startAtMs' | 'endAtMs' | 'createdAtMs'
>;

/**
 * A schedule's expression in its time zone and window, a rate() counting from startAt or else
 * created_at: the one reading for the scheduler's fires and the API's arming and preview, which
 * must agree to the millisecond. Throws ScheduleExpressionError.
 */
export function parsedSchedule(timing: ScheduleTiming): ParsedSchedule {
  return parseSchedule({
    expression: timing.expression,
    timezone: timing.timezone,
    startAtMs: timing.startAtMs,
    endAtMs: timing.endAtMs,
    anchorMs: timing.startAtMs ?? timing.createdAtMs,
  });
}
