import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ENGINE_AUDIT, type EngineAudit } from '../engine-audit.js';
import { PeriodicRun } from '../periodic-run.js';
import { BULK_STALL_SECONDS, stalledBulkOperations } from '../bulk/bulk-operation.record.js';
import {
  BULK_OPERATION_QUEUE,
  HTTP_TASK_QUEUE,
  TRANSITION_QUEUE,
  type HttpTaskJob,
  type TransitionJob,
} from '../queue/engine.queues.js';
import { QueueService, type BatchedJob } from '../queue/queue.service.js';
import type { TransitionNotices } from '../transition/transition.notices.js';
import { TransitionRunner } from '../transition/transition.runner.js';
import { OVERDUE_QUERIES } from './engine.sweeper.queries.js';
import {
  STUCK_EXECUTION_METRICS,
  type StuckExecutionAct,
  type StuckExecutionMetrics,
  stuckExecutionEntry,
} from './stuck-execution.reports.js';
import { findStuckExecutions, lockRunningExecutions, runningRunsOf } from './stuck-execution.queries.js';
import { stuckCause, stuckVerdict } from './stuck-execution.verdict.js';

const MS_PER_SECOND = 1000;
/** Rows re-armed per kind, and stuck executions settled, per sweep; the rest wait for the next sweep. */
const SWEEP_BATCH = 500;
const SWEEP_LOCK = 'stepgraph.engine.sweeper';

/** What one sweep did. */
export interface SweepResult {
  /** Jobs enqueued again for overdue work. */
  readonly rearmed: number;
  /** Stuck executions whose run jobs were enqueued again. */
  readonly repaired: number;
  /** Stuck executions failed with `States.Runtime`. */
  readonly failed: number;
}

const NOTHING: SweepResult = { rearmed: 0, repaired: 0, failed: 0 };

/**
 * The second line of defence (docs/design.md §3 rule 6), every ENGINE_SWEEP_INTERVAL_SECONDS:
 * - re-arms anything overdue whose job was lost: runs due to wake, task deadlines, execution
 *   timeouts, engine tasks not run, child ends not applied, bulk operations that stopped
 *   moving. Jobs are idempotent, so re-arming something whose job is merely late costs nothing but a no-op;
 * - holds the invariant that a RUNNING execution has a pending job, timer, task token, activity
 *   task or running child: one that has none is repaired where its runs tell their next step
 *   (their `run` jobs enqueued again), otherwise failed with `States.Runtime` through the
 *   transition's end path; each one audited in the sweep's transaction and counted after it.
 * One process sweeps at a time (an advisory lock); the others skip.
 */
@Injectable()
export class EngineSweeper extends PeriodicRun<SweepResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueueService,
    private readonly runner: TransitionRunner,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(ENGINE_AUDIT) private readonly audit: EngineAudit,
    @Inject(STUCK_EXECUTION_METRICS) private readonly metrics: StuckExecutionMetrics,
  ) {
    super('Sweep', config.engine.sweepIntervalSeconds * MS_PER_SECOND, 'sweeper');
  }

  protected report({ rearmed, repaired, failed }: SweepResult): void {
    if (rearmed > 0) this.logger.warn(`Re-armed ${rearmed} overdue engine jobs`);
    if (repaired + failed > 0)
      this.logger.warn(`Stuck executions: ${repaired} repaired, ${failed} failed with States.Runtime`);
  }

  /** Nothing when another process holds the sweep. */
  protected async runOnce(): Promise<SweepResult> {
    const committed = await this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [SWEEP_LOCK],
      );
      if (!lock?.locked) return { result: NOTHING, notices: [] };
      const rearmed = await this.rearm(manager);
      const stuck = await this.settleStuck(manager);
      return { result: { rearmed, ...stuck.counts }, notices: stuck.notices };
    });
    const { result, notices } = committed;
    if (result.repaired > 0) this.metrics.stuckExecutions('repaired', result.repaired);
    if (result.failed > 0) this.metrics.stuckExecutions('failed', result.failed);
    await this.runner.publish(notices);
    return result;
  }

  private async rearm(manager: EntityManager): Promise<number> {
    const transitions: BatchedJob<TransitionJob>[] = [];
    const httpTasks: BatchedJob<HttpTaskJob>[] = [];
    for (const query of OVERDUE_QUERIES) {
      const rows = await manager.query<never[]>(query.sql, [query.graceSeconds, SWEEP_BATCH]);
      for (const row of rows) {
        const job = query.job(row);
        if ('http' in job) httpTasks.push({ data: job.http });
        else transitions.push({ data: job.transition });
      }
    }
    await this.queue.sendMany(TRANSITION_QUEUE, transitions, { manager });
    await this.queue.sendMany(HTTP_TASK_QUEUE, httpTasks, { manager });
    // A bulk operation whose chain of batch jobs broke: its current batch, once more.
    const bulk = (await stalledBulkOperations(manager, BULK_STALL_SECONDS, SWEEP_BATCH)).map((data) => ({
      data,
    }));
    await this.queue.sendMany(BULK_OPERATION_QUEUE, bulk, { manager });
    return transitions.length + httpTasks.length + bulk.length;
  }

  /**
   * Finds the executions nothing keeps alive, locks them (skipping any a transition holds), looks
   * again under the lock, then repairs or fails each; the audit rows are the last writes.
   * Runs after {@link rearm}, whose jobs count as keeping their executions alive.
   */
  private async settleStuck(manager: EntityManager): Promise<{
    counts: Pick<SweepResult, 'repaired' | 'failed'>;
    notices: TransitionNotices[];
  }> {
    const candidates = await findStuckExecutions(manager, SWEEP_BATCH);
    const locked = await lockRunningExecutions(manager, candidates);
    const stuck = locked.length === 0 ? [] : await findStuckExecutions(manager, SWEEP_BATCH, locked);
    const runs = await runningRunsOf(manager, stuck);
    const jobs: BatchedJob<TransitionJob>[] = [];
    const notices: TransitionNotices[] = [];
    const acts: StuckExecutionAct[] = [];
    for (const executionId of stuck) {
      const verdict = stuckVerdict(runs.get(executionId) ?? []);
      if (verdict.action === 'repaired') {
        for (const run of verdict.runs) {
          jobs.push({ data: { kind: 'run', executionId, runId: run.id, fence: run.fence } });
        }
      } else {
        const failed = await this.fail(manager, executionId, stuckCause(verdict.reason));
        if (!failed) continue;
        notices.push(...failed);
      }
      acts.push({ executionId, action: verdict.action, reason: verdict.reason });
    }
    await this.queue.sendMany(TRANSITION_QUEUE, jobs, { manager });
    for (const act of acts) await this.audit.record(manager, stuckExecutionEntry(act));
    const count = (action: StuckExecutionAct['action']) => acts.filter((act) => act.action === action).length;
    return { counts: { repaired: count('repaired'), failed: count('failed') }, notices };
  }

  /**
   * Fails one execution in a savepoint of the sweep's transaction: one that cannot be failed (its
   * definition unreadable, say) is logged and left for the next sweep, without undoing the others.
   */
  private async fail(
    manager: EntityManager,
    executionId: string,
    cause: string,
  ): Promise<readonly TransitionNotices[] | undefined> {
    await manager.query('SAVEPOINT stuck_execution');
    try {
      const done = await this.runner.within(manager, executionId, (transition) =>
        transition.fail({ error: 'States.Runtime', cause }),
      );
      await manager.query('RELEASE SAVEPOINT stuck_execution');
      return done?.result ? done.notices : undefined;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT stuck_execution');
      this.logger.error(
        `Could not fail stuck execution ${executionId}: ${(error as Error).message}`,
        (error as Error).stack,
      );
      return undefined;
    }
  }
}
