import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { BULK_OPERATION_QUEUE } from '../queue/engine.queues.js';
import { QueueService } from '../queue/queue.service.js';
import type { BulkActor, BulkOperationKind } from './bulk-operation.record.js';

/**
 * How long a batch's job may run before pg-boss hands it to another worker (its process died): a
 * batch is about a hundred transitions, each allowed a job lease. A worker that is merely slow
 * meets a duplicate at worst, which finds the items it settled already settled.
 */
export function bulkBatchLeaseSeconds(config: AppConfig): number {
  return config.engine.jobLeaseSeconds * 10;
}

/** The executions an operation acts on: a WHERE clause on `executions e` and its parameters. */
export interface ExecutionMatch {
  /** `WHERE …` with `$1`…`$n` placeholders, or empty for every execution. */
  readonly where: string;
  readonly params: readonly unknown[];
}

/** What {@link BulkOperationCommands.create} takes. */
export interface CreateBulkOperation {
  readonly kind: BulkOperationKind;
  /** Already narrowed to the executions the kind can act on (ACTIONABLE_STATUSES). */
  readonly match: ExecutionMatch;
  /** The filter as the client gave it, kept for reading back. */
  readonly filter: Record<string, unknown>;
  readonly error?: string;
  readonly cause?: string;
  readonly actor: BulkActor | null;
  /** The caller's last write in the creating transaction (its audit row). */
  readonly beforeCommit?: (manager: EntityManager, operationId: string) => Promise<void>;
}

/**
 * Creates bulk operations, for the API processes: the engine's workers run them
 * (BulkOperationRunner).
 */
@Injectable()
export class BulkOperationCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * In ONE transaction: stores the operation, freezes the ids of the executions it matches now as
   * its PENDING items, enqueues its first batch and writes the caller's audit row. Returns its id.
   */
  create(request: CreateBulkOperation): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = (await manager.query(
        `INSERT INTO bulk_operations (kind, filter, error, cause, status, total, created_by)
         VALUES ($1, $2, $3, $4, 'RUNNING', 0, $5)
         RETURNING id`,
        [
          request.kind,
          JSON.stringify(request.filter),
          request.error ?? null,
          request.cause ?? null,
          request.actor === null ? null : JSON.stringify(request.actor),
        ],
      )) as [{ id: string }];
      const params = [...request.match.params, id];
      const [{ total }] = (await manager.query(
        `WITH items AS (
           INSERT INTO bulk_operation_items (operation_id, execution_id)
           SELECT $${params.length}::uuid, e.id FROM executions e ${request.match.where}
           RETURNING 1
         )
         SELECT count(*)::int AS total FROM items`,
        params,
      )) as [{ total: number }];
      await manager.query('UPDATE bulk_operations SET total = $2 WHERE id = $1', [id, total]);
      await this.queue.send(
        BULK_OPERATION_QUEUE,
        { operationId: id, batch: 0 },
        { manager, expireInSeconds: bulkBatchLeaseSeconds(this.config) },
      );
      await request.beforeCommit?.(manager, id);
      return id;
    });
  }
}
