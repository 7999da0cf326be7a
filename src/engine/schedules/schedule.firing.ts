import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { payloadSizeProblem } from '../../asl/index.js';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { ExecutionStarter } from '../start/execution.starter.js';
import type { TransitionNotices } from '../transition/transition.notices.js';
import { TransitionRunner } from '../transition/transition.runner.js';
import type { OverlapPolicy } from './overlap-policy.js';
import { scheduleExecutionName, type FireKind } from './schedule-execution.name.js';
import { SCHEDULE_FIRE_METRICS, type ScheduleFireMetrics } from './schedule.metrics.js';
import {
  decidedFireTimes,
  insertFires,
  oldestBufferedFire,
  runningExecutions,
  settleBufferedFire,
  type FireRow,
} from './schedule.repository.js';
import type { ScheduleRecord } from './schedule.record.js';

/** The error of an execution a CANCEL_OTHER fire stopped. */
export const CANCELLED_BY_SCHEDULE_ERROR = 'Stepgraph.ScheduleCancelOther';
/** Buffered fires started per schedule and tick (each one that ends at once lets the next start). */
const MAX_BUFFERED_STARTS = 100;

/** A fire to decide. */
export interface FireRequest {
  readonly kind: FireKind;
  readonly scheduledTimeMs: number;
}

/**
 * What one transaction of fires did, for after its commit: the notices of the executions it
 * started and stopped, and the fires it decided, counted for /metrics only once it committed.
 */
export class FireBatch {
  readonly notices: TransitionNotices[] = [];
  readonly decided: FireRow[] = [];
  /** Fires skipped by catch-up without a row of their own. */
  uncountedSkips = 0;
  /** What to log once the fires are committed (nothing is logged for a rolled-back decision). */
  readonly afterCommit: (() => void)[] = [];

  /** Takes in what `other` did, once its savepoint is released. */
  absorb(other: FireBatch): void {
    this.notices.push(...other.notices);
    this.decided.push(...other.decided);
    this.uncountedSkips += other.uncountedSkips;
    this.afterCommit.push(...other.afterCommit);
  }
}

/**
 * Decides fires inside the caller's transaction, which holds the schedule's row locked: applies
 * the overlap policy, starts executions (named for the fire, so that no fire can start two),
 * stops the running ones for CANCEL_OTHER, records every fire once. Shared by the scheduler's
 * ticks and the trigger and backfill commands.
 */
@Injectable()
export class ScheduleFiring {
  private readonly logger = new Logger(ScheduleFiring.name);

  constructor(
    private readonly starter: ExecutionStarter,
    private readonly runner: TransitionRunner,
    @Inject(SCHEDULE_FIRE_METRICS) private readonly metrics: ScheduleFireMetrics,
  ) {}

  /**
   * Decides the fires of `kind` at `timesMs` in order under `policy`, each at most once (one
   * decided before is left out of the result). Buffered fires of the schedule go first, while
   * nothing of it runs.
   */
  async fire(
    manager: EntityManager,
    schedule: ScheduleRecord,
    fires: { readonly kind: FireKind; readonly timesMs: readonly number[]; readonly policy: OverlapPolicy },
    batch: FireBatch,
  ): Promise<FireRow[]> {
    const { kind, policy } = fires;
    await this.startBuffered(manager, schedule, batch);
    const done = await decidedFireTimes(manager, schedule.id, kind, fires.timesMs);
    const decided: FireRow[] = [];
    for (const scheduledTimeMs of fires.timesMs) {
      if (done.has(scheduledTimeMs)) continue;
      const request = { kind, scheduledTimeMs };
      const fire = await this.isolated(manager, schedule, request, policy, (notices) =>
        this.decide(manager, schedule, request, policy, notices),
      );
      // The schedule's lock keeps anyone else from deciding this fire meanwhile; the key would refuse it anyway.
      if ((await insertFires(manager, schedule.id, [fire.row])) === 0) continue;
      batch.notices.push(...fire.notices);
      batch.decided.push(fire.row);
      decided.push(fire.row);
    }
    return decided;
  }

  /** Records fires missed by more than the catch-up window; `count` includes those without a row. */
  async skipMissed(
    manager: EntityManager,
    schedule: ScheduleRecord,
    timesMs: readonly number[],
    count: number,
    batch: FireBatch,
  ): Promise<void> {
    const rows: FireRow[] = timesMs.map((scheduledTimeMs) => ({
      kind: 'SCHEDULED',
      scheduledTimeMs,
      outcome: 'SKIPPED_CATCHUP',
      overlapPolicy: schedule.overlapPolicy,
      executionId: null,
      cause: null,
      startedAtMs: null,
    }));
    await insertFires(manager, schedule.id, rows);
    batch.decided.push(...rows);
    batch.uncountedSkips += count - rows.length;
  }

  /** Starts the schedule's buffered fires, oldest first, one at a time while nothing of it runs. */
  async startBuffered(manager: EntityManager, schedule: ScheduleRecord, batch: FireBatch): Promise<void> {
    for (let started = 0; started < MAX_BUFFERED_STARTS; started += 1) {
      const buffered = await oldestBufferedFire(manager, schedule.id);
      if (!buffered || (await runningExecutions(manager, schedule.id)).length > 0) return;
      const fire = await this.isolated(manager, schedule, buffered, buffered.overlapPolicy, (notices) =>
        this.start(manager, schedule, buffered, buffered.overlapPolicy, notices),
      );
      await settleBufferedFire(manager, schedule.id, fire.row);
      batch.notices.push(...fire.notices);
      batch.decided.push(fire.row);
    }
  }

  /** After the commit: publishes the notices and counts the fires. */
  committed(batch: FireBatch): void {
    this.runner.publishLater(batch.notices);
    for (const report of batch.afterCommit) report();
    const counts = new Map<FireRow['outcome'], number>();
    for (const fire of batch.decided) {
      counts.set(fire.outcome, (counts.get(fire.outcome) ?? 0) + 1);
      if (fire.startedAtMs !== null) this.metrics.fireStarted(fire.startedAtMs - fire.scheduledTimeMs);
    }
    if (batch.uncountedSkips > 0)
      counts.set('SKIPPED_CATCHUP', (counts.get('SKIPPED_CATCHUP') ?? 0) + batch.uncountedSkips);
    for (const [outcome, count] of counts) this.metrics.firesDecided(outcome, count);
  }

  private async decide(
    manager: EntityManager,
    schedule: ScheduleRecord,
    request: FireRequest,
    policy: OverlapPolicy,
    notices: TransitionNotices[],
  ): Promise<FireRow> {
    if (policy === 'ALLOW_ALL') return this.start(manager, schedule, request, policy, notices);
    const running = await runningExecutions(manager, schedule.id);
    const waiting =
      policy === 'BUFFER_ONE' || policy === 'BUFFER_ALL'
        ? await oldestBufferedFire(manager, schedule.id)
        : undefined;
    if (running.length === 0 && !waiting) return this.start(manager, schedule, request, policy, notices);
    switch (policy) {
      case 'SKIP':
        return notStarted(request, policy, 'SKIPPED_OVERLAP');
      case 'BUFFER_ONE':
        return notStarted(request, policy, waiting ? 'SKIPPED_OVERLAP' : 'BUFFERED');
      case 'BUFFER_ALL':
        return notStarted(request, policy, 'BUFFERED');
      case 'CANCEL_OTHER':
        await this.stopRunning(manager, schedule, request, running, notices);
        return this.start(manager, schedule, request, policy, notices);
    }
  }

  /** CANCEL_OTHER: the schedule's running executions are stopped in the fire's transaction. */
  private async stopRunning(
    manager: EntityManager,
    schedule: ScheduleRecord,
    request: FireRequest,
    running: readonly string[],
    notices: TransitionNotices[],
  ): Promise<void> {
    const cause =
      `Stopped by schedule ${schedule.name} (${schedule.id}): its fire of ` +
      `${new Date(request.scheduledTimeMs).toISOString()} has overlap policy CANCEL_OTHER`;
    for (const executionId of running) {
      const stopped = await this.runner.within(manager, executionId, (transition) =>
        transition.stop({ error: CANCELLED_BY_SCHEDULE_ERROR, cause }),
      );
      if (stopped) notices.push(...stopped.notices);
    }
  }

  /** Starts the fire's execution; FAILED with the reason when it cannot start. */
  private async start(
    manager: EntityManager,
    schedule: ScheduleRecord,
    request: FireRequest,
    policy: OverlapPolicy,
    notices: TransitionNotices[],
  ): Promise<FireRow> {
    const size = payloadSizeProblem(schedule.input);
    if (size !== undefined) return failed(request, policy, `input ${size}`);
    const name = scheduleExecutionName(request.kind, schedule.id, request.scheduledTimeMs);
    const trigger = {
      kind: 'SCHEDULE',
      scheduleId: schedule.id,
      scheduledTimeMs: request.scheduledTimeMs,
    } as const;
    const [outcome] = await this.starter.startAllWithin(manager, [
      {
        stateMachineId: schedule.stateMachineId,
        ...(schedule.version === null ? {} : { version: schedule.version }),
        name,
        input: schedule.input,
        parentExecutionId: null,
        trigger,
      },
    ]);
    if (!outcome || outcome.kind === 'not-found')
      return failed(request, policy, outcome?.message ?? 'not started');
    const { execution } = outcome.record;
    const same = execution.trigger;
    if (
      !outcome.created &&
      !(
        same.kind === 'SCHEDULE' &&
        same.scheduleId === schedule.id &&
        same.scheduledTimeMs === request.scheduledTimeMs
      )
    )
      return failed(request, policy, `An execution named ${name} exists already, not started by this fire`);
    notices.push(...outcome.notices);
    return {
      kind: request.kind,
      scheduledTimeMs: request.scheduledTimeMs,
      outcome: 'STARTED',
      overlapPolicy: policy,
      executionId: execution.id,
      cause: null,
      startedAtMs: execution.startedAtMs,
    };
  }

  /**
   * Runs one fire's decision in a savepoint: an error there (a definition the engine cannot read,
   * a constraint) rolls back only this fire, which is recorded FAILED with the error, so it
   * neither blocks the schedule's later fires nor stops the scheduler. A transient error is
   * thrown on, for the caller's transaction to roll back and the decision to be taken again.
   */
  private async isolated(
    manager: EntityManager,
    schedule: ScheduleRecord,
    request: FireRequest,
    policy: OverlapPolicy,
    work: (notices: TransitionNotices[]) => Promise<FireRow>,
  ): Promise<{ readonly row: FireRow; readonly notices: TransitionNotices[] }> {
    const notices: TransitionNotices[] = [];
    await manager.query('SAVEPOINT schedule_fire');
    try {
      const row = await work(notices);
      await manager.query('RELEASE SAVEPOINT schedule_fire');
      return { row, notices };
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT schedule_fire');
      // A deadlock, a timeout or a lost database says nothing about the fire: the whole decision is retried.
      if (isTransient(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(
        `Schedule ${schedule.id}: the fire of ${new Date(request.scheduledTimeMs).toISOString()} failed: ${message}`,
      );
      return { row: failed(request, policy, message), notices: [] };
    }
  }
}

/** SQLSTATEs that pass: serialization failure and deadlock (class 40), lock timeout, cancelled statement. */
const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01', '55P03', '57014']);

/** Whether an error passes by itself (a deadlock, a timeout, the database away), so a retry may succeed. */
export function isTransient(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  return [code, driverError?.code].some((c) => typeof c === 'string' && TRANSIENT_SQLSTATES.has(c));
}

function notStarted(
  request: FireRequest,
  policy: OverlapPolicy,
  outcome: 'SKIPPED_OVERLAP' | 'BUFFERED',
): FireRow {
  const { kind, scheduledTimeMs } = request;
  return {
    kind,
    scheduledTimeMs,
    outcome,
    overlapPolicy: policy,
    executionId: null,
    cause: null,
    startedAtMs: null,
  };
}

function failed(request: FireRequest, policy: OverlapPolicy, cause: string): FireRow {
  const { kind, scheduledTimeMs } = request;
  return {
    kind,
    scheduledTimeMs,
    outcome: 'FAILED',
    overlapPolicy: policy,
    executionId: null,
    cause,
    startedAtMs: null,
  };
}
