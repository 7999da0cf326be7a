import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { bulkOperationTopic } from '../../notifications/bulk-operation.topics.js';
import { NotificationPublisher } from '../../notifications/notification.publisher.js';
import { ENGINE_AUDIT, type EngineAudit } from '../engine-audit.js';
import { reachCrashPoint } from '../engine.crash-point.js';
import { BULK_OPERATION_QUEUE, type BulkOperationJob } from '../queue/engine.queues.js';
import { QueueService } from '../queue/queue.service.js';
import { TransitionRunner } from '../transition/transition.runner.js';
import { bulkBatchLeaseSeconds } from './bulk-operation.commands.js';
import { readBulkOperation, settleItem, type BulkOperationRecord } from './bulk-operation.record.js';

/** Items per batch: a batch is one job; progress is published after each. */
export const BULK_BATCH_SIZE = 100;

/** Thrown in an item's transaction to roll back an action on an item another worker settled. */
class ItemAlreadySettled extends Error {}

/**
 * Runs bulk operations a batch at a time (docs/design.md, bulk operations). Each item is the
 * engine's own stop or redrive, in its own transaction, which also moves the item out of PENDING
 * and counts it: a restart leaves only PENDING items to do, and an item already settled makes any
 * second action roll back, so no execution is acted on twice.
 */
@Injectable()
export class BulkOperationRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TransitionRunner,
    private readonly queue: QueueService,
    private readonly publisher: NotificationPublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ENGINE_AUDIT) private readonly audit: EngineAudit,
  ) {}

  /** Runs the batch a job names, then enqueues the next one or ends the operation. */
  async runBatch(job: BulkOperationJob): Promise<void> {
    const operation = await readBulkOperation(this.dataSource.manager, job.operationId);
    // Ended, or a stale duplicate of a batch that already committed its successor.
    if (operation?.status !== 'RUNNING' || operation.batches !== job.batch) return;
    const items: { execution_id: string }[] = await this.dataSource.query(
      `SELECT execution_id FROM bulk_operation_items
        WHERE operation_id = $1 AND state = 'PENDING'
        ORDER BY execution_id
        LIMIT $2`,
      [operation.id, BULK_BATCH_SIZE],
    );
    for (const item of items) await this.act(operation, item.execution_id);
    reachCrashPoint(this.config, 'bulk-batch-after-commit');
    const advanced = await this.dataSource.transaction(async (manager) => {
      const current = await readBulkOperation(manager, operation.id, { forUpdate: true });
      if (current?.status !== 'RUNNING' || current.batches !== job.batch) return false;
      const [{ pending }] = (await manager.query(
        `SELECT EXISTS (SELECT 1 FROM bulk_operation_items WHERE operation_id = $1 AND state = 'PENDING') AS pending`,
        [operation.id],
      )) as [{ pending: boolean }];
      if (pending) {
        await manager.query(
          'UPDATE bulk_operations SET batches = batches + 1, updated_at = now() WHERE id = $1',
          [operation.id],
        );
        await this.queue.send(
          BULK_OPERATION_QUEUE,
          { operationId: operation.id, batch: job.batch + 1 },
          { manager, expireInSeconds: bulkBatchLeaseSeconds(this.config) },
        );
      } else {
        // Ends SUCCEEDED when every item was acted on or had nothing left to do, FAILED otherwise.
        await manager.query(
          `UPDATE bulk_operations
              SET status = CASE WHEN failed > 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
                  batches = batches + 1, updated_at = now(), finished_at = now()
            WHERE id = $1`,
          [operation.id],
        );
      }
      return true;
    });
    if (advanced)
      await this.publisher.publish(bulkOperationTopic(operation.id), { operationId: operation.id });
  }

  /** Stops or redrives one execution and settles its item in the same transaction. */
  private async act(operation: BulkOperationRecord, executionId: string): Promise<void> {
    try {
      const done = await this.runner.run(
        executionId,
        (transition) =>
          operation.kind === 'STOP'
            ? transition.stop({
                ...(operation.error === null ? {} : { error: operation.error }),
                ...(operation.cause === null ? {} : { cause: operation.cause }),
              })
            : transition.redrive(),
        {
          beforeCommit: async (manager, changed) => {
            // Not changed: it ended, or was redriven, since the snapshot: nothing left to do.
            const outcome = changed ? 'DONE' : 'SKIPPED';
            if (!(await settleItem(manager, operation.id, executionId, outcome)))
              throw new ItemAlreadySettled();
          },
        },
      );
      // The execution no longer exists.
      if (!done)
        await this.dataSource.transaction((manager) =>
          settleItem(manager, operation.id, executionId, 'SKIPPED'),
        );
    } catch (error) {
      if (error instanceof ItemAlreadySettled) return;
      await this.fail(operation, executionId, error);
    }
  }

  /** Marks the item FAILED with its error and writes the failure's audit row, in one transaction. */
  private async fail(operation: BulkOperationRecord, executionId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.dataSource.transaction(async (manager) => {
      if (!(await settleItem(manager, operation.id, executionId, 'FAILED', message))) return;
      // In the requester's name; the operation's own row was written when it was requested.
      await this.audit.record(manager, {
        actor: operation.createdBy ?? undefined,
        operation: operation.kind === 'STOP' ? 'bulkOperation.stop' : 'bulkOperation.redrive',
        targetIds: [operation.id, executionId],
        outcome: 'failed',
        errorCode: error instanceof AppError ? error.code : 'INTERNAL_SERVER_ERROR',
        details: { message },
      });
    });
  }
}
