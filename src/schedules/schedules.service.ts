import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Json } from '../asl/json.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuditedAct } from '../audit/audited-act.js';
import { AppError, type ErrorDetail } from '../common/app-error.js';
import { epochMsToDateTimeString } from '../common/date-time.js';
import { isUuid } from '../common/identifiers.js';
import { ScheduleExpressionError, type ParsedSchedule } from '../engine/schedules/expression/index.js';
import { armedTimes, type ArmedTimes } from '../engine/schedules/schedule.arming.js';
import { ScheduleCommands } from '../engine/schedules/schedule.commands.js';
import { parsedSchedule } from '../engine/schedules/schedule.record.js';
import { readJsonPayload } from '../executions/execution.payload.js';
import { ExecutionsRepository } from '../executions/executions.repository.js';
import type { Execution } from '../executions/models/execution.model.js';
import { connectionFromRows, type ConnectionPage } from '../pagination/connection.page.js';
import { decodeCursor, encodeCursor } from '../pagination/cursor.codec.js';
import { descriptionProblems } from '../state-machines/state-machine.rules.js';
import { StateMachinesService } from '../state-machines/state-machines.service.js';
import type { CreateScheduleInput } from './dto/create-schedule.input.js';
import type { UpdateScheduleInput } from './dto/update-schedule.input.js';
import type { OverlapPolicy } from './models/schedule-enums.js';
import type { ScheduleBackfill, ScheduleFire } from './models/schedule-fire.model.js';
import type { Schedule } from './models/schedule.model.js';
import {
  DEFAULT_CATCHUP_WINDOW_SECONDS,
  DEFAULT_TIMEZONE,
  MAX_CATCHUP_WINDOW_SECONDS,
  MAX_JITTER_SECONDS,
  scheduleNameProblems,
  secondsProblems,
  timezoneProblems,
  versionProblems,
  windowProblems,
} from './schedule.rules.js';
import { invalidSchedule, scheduleNameTaken, scheduleNotFound } from './schedules.errors.js';
import {
  isMissingVersion,
  isNameConflict,
  scheduleView,
  SchedulesRepository,
  type FireRecord,
  type ScheduleFields,
  type ScheduleWithMachine,
} from './schedules.repository.js';

const NAME_KEYSET = { name: 'string' } as const;

export interface SchedulesRequest {
  readonly first: number;
  readonly after?: string | null;
  readonly filter?: {
    readonly stateMachineId?: string | null;
    readonly enabled?: boolean | null;
    readonly namePrefix?: string | null;
  } | null;
}

/** What a preview of fire times needs of a schedule as the API answers it. */
export type ScheduleTimingView = Pick<
  Schedule,
  'expression' | 'timezone' | 'startAt' | 'endAt' | 'createdAt'
>;

export interface BackfillRequest {
  readonly from: Date;
  readonly to: Date;
  readonly overlapPolicy?: OverlapPolicy | null;
}

/** The fields whose change moves the next fire time: the schedule is armed again from now. */
const TIMING_FIELDS = ['expression', 'timezone', 'startAtMs', 'endAtMs', 'jitterSeconds', 'enabled'] as const;

/** Fields an update may set to null: null clears them. */
const CLEARABLE = new Set(['description', 'version', 'startAt', 'endAt']);

const undefinedIfNull = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
const msOrNull = (date: Date | null | undefined) => (date ? date.getTime() : null);

/**
 * Schedules for both transports. Every check runs before the first write; every write runs in
 * one transaction with its audit row, and arms the scheduler's cursor (`next_fire_at`,
 * `next_due_at`) from the database's clock whenever the timing changes. Fires are the engine's:
 * trigger and backfill go to its ScheduleCommands.
 */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SchedulesRepository,
    private readonly stateMachines: StateMachinesService,
    private readonly executions: ExecutionsRepository,
    private readonly commands: ScheduleCommands,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateScheduleInput, act?: AuditedAct): Promise<Schedule> {
    const fields: ScheduleFields = {
      name: input.name,
      description: input.description ?? null,
      stateMachineId: input.stateMachineId,
      version: input.version ?? null,
      expression: input.expression,
      timezone: input.timezone ?? DEFAULT_TIMEZONE,
      input: {},
      overlapPolicy: input.overlapPolicy ?? 'SKIP',
      catchupWindowSeconds: input.catchupWindowSeconds ?? DEFAULT_CATCHUP_WINDOW_SECONDS,
      jitterSeconds: input.jitterSeconds ?? 0,
      startAtMs: msOrNull(input.startAt),
      endAtMs: msOrNull(input.endAt),
      enabled: input.enabled ?? true,
    };
    const checked = checkedFields(fields, () => readJsonPayload(input.input, 'input', {}));
    await this.stateMachines.findVersion(checked.stateMachineId, undefinedIfNull(checked.version));
    const id = randomUUID();
    return this.writing(
      () => checked.name,
      async (manager) => {
        const nowMs = await this.repository.databaseNowMs(manager);
        await this.repository.insert(
          manager,
          id,
          checked,
          armed(id, { ...checked, createdAtMs: nowMs }, nowMs),
        );
        await this.audit.recordAct(manager, act, [id, checked.stateMachineId]);
        return this.viewWithin(manager, id);
      },
    );
  }

  /**
   * Changes the fields given; arms the schedule again from now when its timing changed (fires
   * that fell due meanwhile are not run). An update that changes nothing still writes its audit row.
   */
  async update(id: string, input: UpdateScheduleInput, act?: AuditedAct): Promise<Schedule> {
    nullProblems(input);
    if (!isUuid(id)) throw scheduleNotFound(id);
    return this.changing(id, act, async (current) => {
      const fields: ScheduleFields = {
        name: input.name ?? current.name,
        description: input.description === undefined ? current.description : input.description,
        stateMachineId: input.stateMachineId ?? current.stateMachineId,
        version: input.version === undefined ? current.version : input.version,
        expression: input.expression ?? current.expression,
        timezone: input.timezone ?? current.timezone,
        input: current.input,
        overlapPolicy: input.overlapPolicy ?? current.overlapPolicy,
        catchupWindowSeconds: input.catchupWindowSeconds ?? current.catchupWindowSeconds,
        jitterSeconds: input.jitterSeconds ?? current.jitterSeconds,
        startAtMs: input.startAt === undefined ? current.startAtMs : msOrNull(input.startAt),
        endAtMs: input.endAt === undefined ? current.endAtMs : msOrNull(input.endAt),
        enabled: input.enabled ?? current.enabled,
      };
      const checked = checkedFields(
        fields,
        () => (input.input === undefined ? current.input : readJsonPayload(input.input, 'input')),
        current.createdAtMs,
      );
      if (checked.stateMachineId !== current.stateMachineId || checked.version !== current.version) {
        await this.stateMachines.findVersion(checked.stateMachineId, undefinedIfNull(checked.version));
      }
      return checked;
    });
  }

  /** Pauses: no fire is decided until resumed. Pausing a paused schedule changes nothing. */
  pause(id: string, act?: AuditedAct): Promise<Schedule> {
    return this.setEnabled(id, false, act);
  }

  /** Resumes from now: the fires that fell due while paused are not run. */
  resume(id: string, act?: AuditedAct): Promise<Schedule> {
    return this.setEnabled(id, true, act);
  }

  /** Deletes a schedule and its fires; executions it started keep its id. Returns it as it was. */
  async delete(id: string, act?: AuditedAct): Promise<Schedule> {
    if (!isUuid(id)) throw scheduleNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.repository.findById(manager, id, { lock: true });
      if (!current) throw scheduleNotFound(id);
      await this.repository.delete(manager, id);
      await this.audit.recordAct(manager, act, [id]);
      return scheduleView(current);
    });
  }

  async get(id: string): Promise<Schedule> {
    const found = isUuid(id) ? await this.repository.findById(this.dataSource.manager, id) : null;
    if (!found) throw scheduleNotFound(id);
    return scheduleView(found);
  }

  /** Schedules in name order. */
  async list(request: SchedulesRequest): Promise<ConnectionPage<Schedule>> {
    const filter = request.filter ?? {};
    const { rows, totalCount } = await this.repository.findPage(this.dataSource.manager, {
      stateMachineId: undefinedIfNull(filter.stateMachineId),
      enabled: undefinedIfNull(filter.enabled),
      namePrefix: undefinedIfNull(filter.namePrefix),
      afterName: request.after ? decodeCursor(request.after, NAME_KEYSET).name : undefined,
      limit: request.first + 1,
    });
    return connectionFromRows({
      rows: rows.map(scheduleView),
      first: request.first,
      totalCount,
      cursorOf: (schedule) => encodeCursor({ name: schedule.name }),
    });
  }

  /**
   * The next `count` times the expression gives after now, inside the schedule's window, before
   * jitter. A paused schedule shows them too: they are the times it would fire if resumed.
   */
  nextFireTimes(schedule: ScheduleTimingView, count: number, nowMs = Date.now()): string[] {
    const parsed = parsedOrConflict(schedule);
    const times: string[] = [];
    for (let after = nowMs; times.length < count;) {
      const next = parsed.nextAfter(after);
      if (next === null) break;
      times.push(epochMsToDateTimeString(next));
      after = next;
    }
    return times;
  }

  /** The schedule's latest fires, newest decision first, each with its execution. */
  async recentFires(scheduleId: string, first: number): Promise<ScheduleFire[]> {
    if (!isUuid(scheduleId)) return [];
    const fires = await this.repository.findRecentFires(this.dataSource.manager, scheduleId, first);
    return this.withExecutions(fires);
  }

  /**
   * Fires the schedule now, once, whatever its expression and even when paused, and answers the
   * fire as recorded; as the command answered it when the schedule (and its fires with it) was
   * deleted right after.
   */
  async trigger(id: string, act?: AuditedAct): Promise<ScheduleFire> {
    if (!isUuid(id)) throw scheduleNotFound(id);
    const result = await this.commands.trigger(id, {
      beforeCommit: (manager, recorded) => this.audit.recordAct(manager, act, unique([id, recorded])),
    });
    const fire: FireRecord = (await this.repository.findFire(
      this.dataSource.manager,
      id,
      'TRIGGERED',
      result.scheduledTimeMs,
    )) ?? {
      scheduledTime: epochMsToDateTimeString(result.scheduledTimeMs),
      kind: 'TRIGGERED',
      outcome: result.outcome,
      executionId: result.executionId,
      cause: result.cause,
      decidedAt: epochMsToDateTimeString(Date.now()),
      startedAt: null,
    };
    const [withExecution] = await this.withExecutions([fire]);
    return withExecution!;
  }

  /**
   * Fires every fire time of [from, to] inside the schedule's window, oldest first, with the given
   * overlap policy or the schedule's; times an earlier backfill decided are left out.
   */
  async backfill(id: string, request: BackfillRequest, act?: AuditedAct): Promise<ScheduleBackfill> {
    const fromMs = request.from.getTime();
    const toMs = request.to.getTime();
    if (fromMs > toMs) {
      throw AppError.badUserInput('Invalid backfill: to must not be before from', {
        details: [{ path: 'to', message: 'must not be before from' }],
      });
    }
    if (!isUuid(id)) throw scheduleNotFound(id);
    return this.commands.backfill(id, fromMs, toMs, {
      ...(request.overlapPolicy ? { overlapPolicy: request.overlapPolicy } : {}),
      beforeCommit: (manager, recorded) => this.audit.recordAct(manager, act, unique([id, recorded])),
    });
  }

  private async setEnabled(id: string, enabled: boolean, act?: AuditedAct): Promise<Schedule> {
    if (!isUuid(id)) throw scheduleNotFound(id);
    return this.changing(id, act, async (current) => ({ ...current, enabled }));
  }

  /**
   * Locks the schedule, computes its new fields from the current ones, writes them (armed again
   * from now when the timing changed) with the audit row of `act`, and answers the schedule.
   */
  private async changing(
    id: string,
    act: AuditedAct | undefined,
    change: (current: ScheduleWithMachine) => Promise<ScheduleFields>,
  ): Promise<Schedule> {
    let name: string | undefined;
    return this.writing(
      () => name,
      async (manager) => {
        const current = await this.repository.findById(manager, id, { lock: true });
        if (!current) throw scheduleNotFound(id);
        const fields = await change(current);
        name = fields.name;
        const retimed = TIMING_FIELDS.some((field) => fields[field] !== current[field]);
        const nowMs = retimed ? await this.repository.databaseNowMs(manager) : 0;
        await this.repository.update(
          manager,
          id,
          fields,
          retimed ? armed(id, { ...fields, createdAtMs: current.createdAtMs }, nowMs) : undefined,
        );
        await this.audit.recordAct(manager, act, [id]);
        return this.viewWithin(manager, id);
      },
    );
  }

  /**
   * Runs a write transaction; a name taken (`name` tells which, once known) or a version gone
   * meanwhile become the client's errors.
   */
  private async writing(
    name: () => string | undefined,
    work: (manager: EntityManager) => Promise<Schedule>,
  ): Promise<Schedule> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isNameConflict(error)) throw scheduleNameTaken(name() ?? '', error);
      if (isMissingVersion(error))
        throw AppError.notFound('The state machine version was deleted meanwhile', { cause: error });
      throw error;
    }
  }

  private async viewWithin(manager: EntityManager, id: string): Promise<Schedule> {
    const written = await this.repository.findById(manager, id);
    if (!written) throw scheduleNotFound(id);
    return scheduleView(written);
  }

  private async withExecutions(fires: readonly FireRecord[]): Promise<ScheduleFire[]> {
    const ids = fires.flatMap((fire) => (fire.executionId ? [fire.executionId] : []));
    const executions = new Map<string, Execution>(
      ids.length > 0
        ? (await this.executions.findByIds(ids)).map((execution) => [execution.id, execution])
        : [],
    );
    return fires.map(({ executionId, ...fire }) => ({
      ...fire,
      execution: executionId ? (executions.get(executionId) ?? null) : null,
    }));
  }
}

/**
 * A stored schedule's expression, parsed. Stored ones were accepted, so a refusal means the rules
 * changed since (a newer release reads the expression differently): the schedule must be updated.
 */
function parsedOrConflict(schedule: ScheduleTimingView): ParsedSchedule {
  try {
    // The view's instants are whole milliseconds, so these are the scheduler's own to the ms.
    return parsedSchedule({
      expression: schedule.expression,
      timezone: schedule.timezone,
      startAtMs: schedule.startAt === null ? null : Date.parse(schedule.startAt),
      endAtMs: schedule.endAt === null ? null : Date.parse(schedule.endAt),
      createdAtMs: Date.parse(schedule.createdAt),
    });
  } catch (error) {
    if (error instanceof ScheduleExpressionError) {
      throw AppError.conflict(`The schedule's expression cannot be read: ${error.message}; update it`, {
        cause: error,
      });
    }
    throw error;
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The cursor of a schedule whose timing was just set: its next fire after `nowMs`. */
function armed(
  id: string,
  fields: ScheduleFields & { readonly createdAtMs: number },
  nowMs: number,
): ArmedTimes {
  const parsed = parsedSchedule(fields);
  return armedTimes(parsed, id, fields.jitterSeconds, nowMs);
}

/** Refuses null for a field that has no empty value (GraphQL lets a client send it). */
function nullProblems(input: UpdateScheduleInput): void {
  const problems = Object.entries(input)
    .filter(([field, value]) => value === null && !CLEARABLE.has(field) && field !== 'input')
    .map(([field]) => ({ path: field, message: 'must not be null: leave it out to keep its value' }));
  if (problems.length > 0) throw invalidSchedule(problems);
}

/**
 * Checks a schedule's fields as they would be stored, reporting every problem at once. The input
 * is read like an execution's: JSON text or a JSON value, at most the payload limit.
 */
function checkedFields(
  fields: ScheduleFields,
  readInput: () => Json,
  createdAtMs = Date.now(),
): ScheduleFields {
  let input: Json = null;
  const problems: ErrorDetail[] = [
    ...scheduleNameProblems(fields.name),
    ...descriptionProblems(fields.description),
    ...versionProblems(fields.version),
    ...timezoneProblems(fields.timezone),
    ...secondsProblems('catchupWindowSeconds', fields.catchupWindowSeconds, MAX_CATCHUP_WINDOW_SECONDS),
    ...secondsProblems('jitterSeconds', fields.jitterSeconds, MAX_JITTER_SECONDS),
    ...windowProblems(fields.startAtMs, fields.endAtMs),
  ];
  // The expression is read in the time zone and window: a wrong one would be reported twice.
  if (!problems.some((problem) => problem.path === 'timezone' || problem.path === 'endAt')) {
    problems.push(...expressionProblems(fields, createdAtMs));
  }
  try {
    input = readInput();
  } catch (error) {
    if (!(error instanceof AppError) || !error.details) throw error;
    problems.push(...error.details);
  }
  if (problems.length > 0) throw invalidSchedule(problems);
  return { ...fields, input };
}

function expressionProblems(fields: ScheduleFields, createdAtMs: number): ErrorDetail[] {
  try {
    parsedSchedule({ ...fields, createdAtMs });
    return [];
  } catch (error) {
    if (error instanceof ScheduleExpressionError) return [{ path: 'expression', message: error.message }];
    throw error;
  }
}
