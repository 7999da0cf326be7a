import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ENGINE_AUDIT, type EngineAudit } from '../engine-audit.js';
import { PeriodicRun } from '../periodic-run.js';
import {
  createPartitionsAhead,
  deleteExpiredExecutions,
  detachExecutions,
  dropPartition,
  expiredPartitions,
  hasLiveExecutions,
  partitionSize,
  type HistoryPartition,
} from './history-partitions.queries.js';
import {
  HISTORY_RETENTION_METRICS,
  retentionEntry,
  type HistoryRetentionMetrics,
  type RetentionAct,
} from './history-retention.reports.js';

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;
const RETENTION_LOCK = 'stepgraph.engine.history-retention';
/** Executions deleted per transaction by the fallback, and batches per run: short transactions, bounded runs. */
const DELETE_BATCH = 500;
const DELETE_BATCHES_PER_RUN = 20;
/**
 * How long a detach waits for the transactions in flight on a parent table; meanwhile new ones
 * queue behind it, so this bounds the pause the workload sees. A detach that times out is tried
 * again next run.
 */
const DETACH_LOCK_TIMEOUT_MS = 2000;

/** What one retention run did. */
export interface RetentionResult {
  /** Weeks whose partitions were made ahead. */
  readonly created: number;
  readonly acts: readonly RetentionAct[];
}

/**
 * History that never outgrows the database (docs/retention.md), every ENGINE_SWEEP_INTERVAL_SECONDS
 * in one engine process at a time (a session advisory lock; the others skip):
 * - makes the partitions of the current week and the next ones ahead;
 * - with HISTORY_RETENTION_DAYS > 0, removes the executions that ended longer ago than that with
 *   their history: a week whose executions all ended before the cutoff is detached and dropped
 *   whole; a week that still holds a running or a recently ended execution has its expired ones
 *   deleted in small batches instead, and is dropped once the last one has expired.
 * Each drop and each batch is one transaction with its audit row, counted after its commit.
 */
@Injectable()
export class HistoryRetention extends PeriodicRun<RetentionResult> {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ENGINE_AUDIT) private readonly audit: EngineAudit,
    @Inject(HISTORY_RETENTION_METRICS) private readonly metrics: HistoryRetentionMetrics,
  ) {
    super('History retention', config.engine.sweepIntervalSeconds * MS_PER_SECOND, 'history_retention');
  }

  protected report({ acts }: RetentionResult): void {
    for (const act of acts)
      this.logger.log(
        `History retention: ${act.method === 'drop' ? 'dropped week' : 'deleted from week'} ${act.partition}: ` +
          `${act.executions} executions, ${act.events} events`,
      );
  }

  /** Nothing when another process holds the lock. */
  protected async runOnce(): Promise<RetentionResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = await runner.manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [RETENTION_LOCK],
      );
      if (!lock?.locked) return { created: 0, acts: [] };
      try {
        const started = process.hrtime.bigint();
        const result = await this.retain(runner.manager);
        this.metrics.historyRetentionRun(Number(process.hrtime.bigint() - started) / 1e9);
        return result;
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [RETENTION_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async retain(manager: EntityManager): Promise<RetentionResult> {
    const created = await manager.transaction((tx) => createPartitionsAhead(tx));
    if (created > 0) this.metrics.historyPartitionsCreated(created);
    const days = this.config.engine.historyRetentionDays;
    if (days === 0) return { created, acts: [] };
    const [clock] = await manager.query<{ now_ms: string }[]>(
      'SELECT (extract(epoch FROM now()) * 1000)::bigint::text AS now_ms',
    );
    const cutoff = new Date(Number(clock?.now_ms) - days * MS_PER_DAY);
    const cutoffDay = Math.floor(cutoff.getTime() / MS_PER_DAY);
    const acts: RetentionAct[] = [];
    let batches = DELETE_BATCHES_PER_RUN;
    for (const partition of await expiredPartitions(manager, cutoffDay)) {
      const dropped = (await hasLiveExecutions(manager, partition, cutoff))
        ? undefined
        : await this.drop(manager, partition, cutoff);
      if (dropped) {
        acts.push(dropped);
        continue;
      }
      for (; batches > 0; batches--) {
        const deleted = await this.deleteBatch(manager, partition, cutoff);
        if (!deleted) break;
        acts.push(deleted);
      }
    }
    return { created, acts };
  }

  /** Drops the week in one transaction; undefined when it turned out to hold a live execution, or its lock timed out. */
  private async drop(
    manager: EntityManager,
    partition: HistoryPartition,
    cutoff: Date,
  ): Promise<RetentionAct | undefined> {
    try {
      const act = await manager.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = ${DETACH_LOCK_TIMEOUT_MS}`);
        await detachExecutions(tx, partition);
        // Under the detach's lock: nothing can have been redriven since the check without a lock.
        if (await hasLiveExecutions(tx, partition, cutoff)) throw new StillLive();
        const size = await partitionSize(tx, partition);
        await dropPartition(tx, partition);
        const dropped: RetentionAct = { method: 'drop', partition: partition.suffix, ...size, cutoff };
        await this.audit.record(tx, retentionEntry(dropped, this.config.engine.historyRetentionDays));
        return dropped;
      });
      this.metrics.historyRetained(act);
      return act;
    } catch (error) {
      if (error instanceof StillLive) return undefined;
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
        this.logger.warn(`History retention: week ${partition.suffix} busy, its drop waits for the next run`);
        return undefined;
      }
      throw error;
    }
  }

  private async deleteBatch(
    manager: EntityManager,
    partition: HistoryPartition,
    cutoff: Date,
  ): Promise<RetentionAct | undefined> {
    const act = await manager.transaction(async (tx) => {
      const size = await deleteExpiredExecutions(tx, partition, cutoff, DELETE_BATCH);
      if (size.executions === 0) return undefined;
      const deleted: RetentionAct = { method: 'delete', partition: partition.suffix, ...size, cutoff };
      await this.audit.record(tx, retentionEntry(deleted, this.config.engine.historyRetentionDays));
      return deleted;
    });
    if (act) this.metrics.historyRetained(act);
    return act;
  }
}

/** PostgreSQL's lock_not_available, raised when lock_timeout ends a wait. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Rolls back a drop that found a live execution under its lock. */
class StillLive extends Error {}
