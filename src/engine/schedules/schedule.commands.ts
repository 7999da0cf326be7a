import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../common/app-error.js';
import { isUuid } from '../../common/identifiers.js';
import type { BeforeCommit } from '../start/execution.starter.js';
import { ScheduleExpressionError, type ParsedSchedule } from './expression/index.js';
import { OVERLAP_POLICIES, type OverlapPolicy } from './overlap-policy.js';
import { FireBatch, ScheduleFiring } from './schedule.firing.js';
import { parsedSchedule, type ScheduleRecord } from './schedule.record.js';
import { lockSchedule, triggerTimeMs, type FireRow } from './schedule.repository.js';

/** Fire times one backfill may cover; a larger range is refused (BAD_USER_INPUT). */
export const MAX_BACKFILL_FIRES = 1000;

/** How a `triggerSchedule` fire went. */
export interface ScheduleFireResult {
  readonly scheduledTimeMs: number;
  readonly outcome: 'STARTED' | 'BUFFERED' | 'SKIPPED_OVERLAP' | 'FAILED';
  readonly executionId: string | null;
  readonly cause: string | null;
}

/** What a backfill decided: its fires (those decided by an earlier backfill left out) by outcome. */
export interface BackfillResult {
  readonly fires: number;
  readonly started: number;
  readonly buffered: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * The commands the API calls to fire a schedule out of its expression's times (docs/triggers.md,
 * "Firing"): each one transaction that locks the schedule, decides its fires under an overlap
 * policy, starts their executions and writes the caller's audit row (`beforeCommit`); published
 * after commit. Unknown schedules are NOT_FOUND, bad arguments BAD_USER_INPUT.
 */
@Injectable()
export class ScheduleCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly firing: ScheduleFiring,
  ) {}

  /**
   * Fires the schedule once now (PostgreSQL's clock), paused or not, under its overlap policy: a
   * `TRIGGERED` fire, whose execution is named `trigger-<schedule id>-<time>`. `beforeCommit` gets
   * the execution's id, or the schedule's when none started.
   */
  async trigger(
    scheduleId: string,
    options: { beforeCommit?: BeforeCommit } = {},
  ): Promise<ScheduleFireResult> {
    return this.onSchedule(scheduleId, async (manager, schedule, batch) => {
      const timeMs = await triggerTimeMs(manager, schedule.id);
      const [fire] = await this.firing.fire(
        manager,
        schedule,
        { kind: 'TRIGGERED', timesMs: [timeMs], policy: schedule.overlapPolicy },
        batch,
      );
      if (!fire) throw new Error(`Schedule ${schedule.id}: the trigger of ${timeMs} was decided already`);
      await options.beforeCommit?.(manager, fire.executionId ?? schedule.id);
      return fireResult(fire);
    });
  }

  /**
   * Fires every time of the schedule's expression in [fromMs, toMs] (inside its start and end),
   * oldest first, as `BACKFILL` fires under `overlapPolicy` (the schedule's when absent); no
   * catch-up window applies. Times a previous backfill decided are left out. `beforeCommit` gets
   * the schedule's id.
   */
  async backfill(
    scheduleId: string,
    fromMs: number,
    toMs: number,
    options: { overlapPolicy?: OverlapPolicy; beforeCommit?: BeforeCommit } = {},
  ): Promise<BackfillResult> {
    checkBackfill(fromMs, toMs, options.overlapPolicy);
    return this.onSchedule(scheduleId, async (manager, schedule, batch) => {
      const timesMs = backfillTimes(parsedOrRefused(schedule), fromMs, toMs);
      const fires = await this.firing.fire(
        manager,
        schedule,
        { kind: 'BACKFILL', timesMs, policy: options.overlapPolicy ?? schedule.overlapPolicy },
        batch,
      );
      await options.beforeCommit?.(manager, schedule.id);
      const count = (outcome: FireRow['outcome']) => fires.filter((fire) => fire.outcome === outcome).length;
      return {
        fires: fires.length,
        started: count('STARTED'),
        buffered: count('BUFFERED'),
        skipped: count('SKIPPED_OVERLAP'),
        failed: count('FAILED'),
      };
    });
  }

  private async onSchedule<R>(
    scheduleId: string,
    work: (manager: EntityManager, schedule: ScheduleRecord, batch: FireBatch) => Promise<R>,
  ): Promise<R> {
    const batch = new FireBatch();
    const result = await this.dataSource.transaction(async (manager) => {
      const locked = isUuid(scheduleId) ? await lockSchedule(manager, scheduleId) : undefined;
      if (!locked) throw AppError.notFound(`Schedule ${scheduleId} not found`);
      return work(manager, locked.schedule, batch);
    });
    this.firing.committed(batch);
    return result;
  }
}

function checkBackfill(fromMs: number, toMs: number, overlapPolicy: OverlapPolicy | undefined): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
    throw AppError.badUserInput('from and to must be valid times');
  if (fromMs > toMs) throw AppError.badUserInput('from must not be after to');
  if (overlapPolicy !== undefined && !OVERLAP_POLICIES.includes(overlapPolicy))
    throw AppError.badUserInput(`overlapPolicy must be one of ${OVERLAP_POLICIES.join(', ')}`);
}

/** The fire times in [fromMs, toMs]; refused when there are more than {@link MAX_BACKFILL_FIRES}. */
function backfillTimes(parsed: ParsedSchedule, fromMs: number, toMs: number): number[] {
  const timesMs = parsed.between(Math.ceil(fromMs) - 1, Math.floor(toMs), MAX_BACKFILL_FIRES + 1);
  if (timesMs.length > MAX_BACKFILL_FIRES)
    throw AppError.badUserInput(
      `The range holds more than ${MAX_BACKFILL_FIRES} fire times: backfill at most ${MAX_BACKFILL_FIRES} at once`,
    );
  return timesMs;
}

function parsedOrRefused(schedule: ScheduleRecord): ParsedSchedule {
  try {
    return parsedSchedule(schedule);
  } catch (error) {
    if (error instanceof ScheduleExpressionError)
      throw AppError.conflict(`Schedule ${schedule.id} cannot be fired: ${error.message}`);
    throw error;
  }
}

function fireResult(fire: FireRow): ScheduleFireResult {
  if (fire.outcome === 'SKIPPED_CATCHUP') throw new Error('A triggered fire is never skipped by catch-up');
  return {
    scheduledTimeMs: fire.scheduledTimeMs,
    outcome: fire.outcome,
    executionId: fire.executionId,
    cause: fire.cause,
  };
}
