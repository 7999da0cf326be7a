import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BULK_STALL_SECONDS, stalledBulkOperations } from '../bulk/bulk-operation.record.js';
import {
  BULK_OPERATION_QUEUE,
  HTTP_TASK_QUEUE,
  TRANSITION_QUEUE,
  type HttpTaskJob,
  type TransitionJob,
} from '../queue/engine.queues.js';
import { OVERDUE_QUERIES } from './engine.sweeper.queries.js';
import { QueueService, type BatchedJob } from '../queue/queue.service.js';

/** How often engine processes look for overdue work. */
export const SWEEP_INTERVAL_MS = 30_000;
/** Rows re-armed per kind and sweep; the rest wait for the next sweep. */
const SWEEP_BATCH = 500;
const SWEEP_LOCK = 'stepgraph.engine.sweeper';

/**
 * The second line of defence (docs/design.md §3 rule 6): re-arms anything overdue whose job was lost —
 * runs due to wake, task deadlines, execution timeouts, engine tasks not run, child ends not
 * applied, bulk operations that stopped moving. Jobs are idempotent, so re-arming something whose
 * job is merely late costs nothing but a no-op. One process sweeps at a time (an advisory lock); the others skip.
 */
@Injectable()
export class EngineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EngineSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepSafely(), SWEEP_INTERVAL_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Sweeps once; returns how many jobs it enqueued (0 when another process holds the sweep). */
  sweep(): Promise<number> {
    this.sweeping ??= this.dataSource
      .transaction(async (manager) => {
        const [lock] = await manager.query<{ locked: boolean }[]>(
          'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
          [SWEEP_LOCK],
        );
        return lock?.locked ? this.rearm(manager) : 0;
      })
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  private async sweepSafely(): Promise<void> {
    try {
      const rearmed = await this.sweep();
      if (rearmed > 0) this.logger.warn(`Re-armed ${rearmed} overdue engine jobs`);
    } catch (error) {
      this.logger.error(`Sweep failed: ${(error as Error).message}`, (error as Error).stack);
    }
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
}
