import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { reachCrashPoint } from '../engine.crash-point.js';
import { UNHANDLED_ERROR_REPORTER, type UnhandledErrorReporter } from '../../common/unhandled-errors.js';
import { ScheduleExpressionError, type ParsedSchedule } from './expression/index.js';
import { armedTimes } from './schedule.arming.js';
import { planFires } from './schedule.fire-plan.js';
import { FireBatch, isTransient, ScheduleFiring } from './schedule.firing.js';
import {
  claimBufferedSchedules,
  claimDueSchedules,
  insertFires,
  moveCursor,
  postponeSchedule,
} from './schedule.repository.js';
import { parsedSchedule, type ScheduleRecord } from './schedule.record.js';

/** Schedules claimed per tick and kind (due, buffered); a full tick is followed by another at once. */
const SCHEDULES_PER_TICK = 50;
/** How long a schedule whose fires could not be decided waits before the next attempt. */
const RETRY_AFTER_FAILURE_MS = 60_000;
/** The longest pause between two ticks after failures in a row (the database is away). */
const MAX_BACKOFF_MS = 10_000;

/** What one tick of the scheduler did. */
export interface SchedulerTick {
  /** Due schedules it claimed. */
  readonly due: number;
  /** Schedules whose buffered fires it looked at. */
  readonly buffered: number;
}

/**
 * The scheduler of an engine process (docs/triggers.md, "Firing"): every SCHEDULER_INTERVAL_MS, one
 * transaction claims the due schedules (FOR UPDATE SKIP LOCKED, so processes share the work and
 * never decide one schedule at once), decides their fires by PostgreSQL's clock, records each
 * fire, starts its execution and moves the schedule's cursor, and commits all of it together;
 * then it publishes. A fire is decided once whatever the number of processes or restarts: its
 * row's key, the lock, and the execution's name derived from the fire.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Scheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly firing: ScheduleFiring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UNHANDLED_ERROR_REPORTER) private readonly errors: UnhandledErrorReporter,
  ) {}

  onApplicationBootstrap(): void {
    this.next(this.config.engine.schedulerIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  /**
   * One tick: decides the fires due at `nowMs` (PostgreSQL's clock when absent: tests pass their
   * own to replay downtime or a daylight saving change), then starts buffered fires of schedules
   * with nothing running.
   */
  async tick(nowMs?: number): Promise<SchedulerTick> {
    const batch = new FireBatch();
    const done = await this.dataSource.transaction(async (manager) => {
      const due = await claimDueSchedules(manager, { nowMs, limit: SCHEDULES_PER_TICK });
      const dueIds: string[] = [];
      for (const schedule of due?.schedules ?? []) {
        await this.advanceAlone(manager, schedule, (due as { nowMs: number }).nowMs, batch);
        dueIds.push(schedule.id);
      }
      const buffered = await claimBufferedSchedules(manager, { except: dueIds, limit: SCHEDULES_PER_TICK });
      for (const schedule of buffered) await this.firing.startBuffered(manager, schedule, batch);
      if (batch.decided.length > 0) reachCrashPoint(this.config, 'schedule-fire-before-commit');
      return { due: dueIds.length, buffered: buffered.length };
    });
    this.firing.committed(batch);
    return done;
  }

  /**
   * {@link advance} in a savepoint: a schedule that fails in a way no fire explains (a bug, an
   * expression the library chokes on) is retried {@link RETRY_AFTER_FAILURE_MS} later and does
   * not hold up the other schedules. A transient error rolls the whole tick back instead.
   */
  private async advanceAlone(
    manager: EntityManager,
    schedule: ScheduleRecord,
    nowMs: number,
    batch: FireBatch,
  ): Promise<void> {
    const own = new FireBatch();
    await manager.query('SAVEPOINT schedule_tick');
    try {
      await this.advance(manager, schedule, nowMs, own);
      await manager.query('RELEASE SAVEPOINT schedule_tick');
      batch.absorb(own);
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT schedule_tick');
      if (isTransient(error)) throw error;
      await postponeSchedule(manager, schedule.id, nowMs + RETRY_AFTER_FAILURE_MS);
      const message = error instanceof Error ? error.message : String(error);
      batch.afterCommit.push(() =>
        this.logger.error(
          `Schedule ${schedule.name} (${schedule.id}) could not be fired, retried in a minute: ${message}`,
        ),
      );
    }
  }

  /** Decides a due schedule's fires and moves its cursor past them. */
  private async advance(
    manager: EntityManager,
    schedule: ScheduleRecord,
    nowMs: number,
    batch: FireBatch,
  ): Promise<void> {
    const cursorMs = schedule.nextFireAtMs;
    if (cursorMs === null) return;
    let parsed: ParsedSchedule;
    try {
      parsed = parsedSchedule(schedule);
    } catch (error) {
      if (!(error instanceof ScheduleExpressionError)) throw error;
      await this.unparsable(manager, schedule, cursorMs, error, batch);
      return;
    }
    const plan = planFires(parsed, {
      scheduleId: schedule.id,
      cursorMs,
      nowMs,
      catchupWindowSeconds: schedule.catchupWindowSeconds,
      jitterSeconds: schedule.jitterSeconds,
    });
    if (plan.skippedCount > 0) {
      await this.firing.skipMissed(manager, schedule, plan.skippedTimesMs, plan.skippedCount, batch);
      batch.afterCommit.push(() => this.logger.warn(skippedMessage(schedule, cursorMs, plan.skippedCount)));
    }
    await this.firing.fire(
      manager,
      schedule,
      { kind: 'SCHEDULED', timesMs: plan.fireTimesMs, policy: schedule.overlapPolicy },
      batch,
    );
    if (plan.lastDecidedMs !== null)
      await moveCursor(
        manager,
        schedule.id,
        armedTimes(parsed, schedule.id, schedule.jitterSeconds, plan.lastDecidedMs),
      );
  }

  /**
   * A stored expression the expression module refuses now (a time zone the runtime no longer
   * knows): its due fire is recorded FAILED with the reason and the schedule stops, rather than
   * be claimed again at every tick; updating the schedule arms it again.
   */
  private async unparsable(
    manager: EntityManager,
    schedule: ScheduleRecord,
    cursorMs: number,
    error: ScheduleExpressionError,
    batch: FireBatch,
  ): Promise<void> {
    const fire = {
      kind: 'SCHEDULED',
      scheduledTimeMs: cursorMs,
      outcome: 'FAILED',
      overlapPolicy: schedule.overlapPolicy,
      executionId: null,
      cause: error.message,
      startedAtMs: null,
    } as const;
    await insertFires(manager, schedule.id, [fire]);
    batch.decided.push(fire);
    await moveCursor(manager, schedule.id, { nextFireAtMs: null, nextDueAtMs: null });
    batch.afterCommit.push(() =>
      this.logger.error(`Schedule ${schedule.name} (${schedule.id}) stopped: ${error.message}`),
    );
  }

  private next(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.loop().finally(() => {
        this.ticking = undefined;
      });
    }, delayMs).unref();
  }

  /** A tick, then the next: at once after a full tick, later after a failure (backing off). */
  private async loop(): Promise<void> {
    const intervalMs = this.config.engine.schedulerIntervalMs;
    try {
      const done = await this.tick();
      this.failures = 0;
      this.next(done.due === SCHEDULES_PER_TICK || done.buffered === SCHEDULES_PER_TICK ? 0 : intervalMs);
    } catch (error) {
      this.failures += 1;
      // The database away (down, restarting, stopping with this process) is its state, not a fault here.
      if (isDatabaseUnavailable(error))
        this.logger.warn(`Scheduler tick failed: ${(error as Error).message}`);
      else this.errors.reportError(error, { source: 'scheduler' });
      this.next(Math.min(intervalMs * 2 ** this.failures, MAX_BACKOFF_MS));
    }
  }
}

function skippedMessage(schedule: ScheduleRecord, fromMs: number, count: number): string {
  return (
    `Schedule ${schedule.name} (${schedule.id}): skipped ${count} fire(s) from ` +
    `${new Date(fromMs).toISOString()} on, missed by more than its catch-up window ` +
    `(${schedule.catchupWindowSeconds} s)`
  );
}
