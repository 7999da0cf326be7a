import type { EntityManager } from 'typeorm';

/** What a bulk operation does to each execution it matched. */
export type BulkOperationKind = 'STOP' | 'REDRIVE';

/** A stored operation's status; a dry run is never stored (see docs/design.md, bulk operations). */
export type BulkOperationStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** Who asked for an operation: the engine records each failure in their name. */
export interface BulkActor {
  readonly kind: 'user' | 'apiKey';
  readonly id: string;
}

/** The statuses an execution must have for each kind to act on it. */
export const ACTIONABLE_STATUSES: Readonly<Record<BulkOperationKind, readonly string[]>> = {
  STOP: ['RUNNING'],
  REDRIVE: ['FAILED', 'TIMED_OUT', 'ABORTED'],
};

/** A stored operation, as the engine reads it to run a batch. */
export interface BulkOperationRecord {
  readonly id: string;
  readonly kind: BulkOperationKind;
  readonly status: BulkOperationStatus;
  readonly error: string | null;
  readonly cause: string | null;
  readonly batches: number;
  readonly createdBy: BulkActor | null;
}

interface OperationRow {
  id: string;
  kind: BulkOperationKind;
  status: BulkOperationStatus;
  error: string | null;
  cause: string | null;
  batches: number;
  created_by: BulkActor | null;
}

/** The operation, locked until the transaction ends with `forUpdate`; undefined if there is none. */
export async function readBulkOperation(
  manager: EntityManager,
  id: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<BulkOperationRecord | undefined> {
  const rows: OperationRow[] = await manager.query(
    `SELECT id, kind, status, error, cause, batches, created_by FROM bulk_operations WHERE id = $1
     ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    [id],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        kind: row.kind,
        status: row.status,
        error: row.error,
        cause: row.cause,
        batches: row.batches,
        createdBy: row.created_by,
      }
    : undefined;
}

/** How an item left PENDING. */
export type ItemOutcome = 'DONE' | 'SKIPPED' | 'FAILED';

/**
 * Moves a PENDING item to `outcome` and counts it on its operation, in the caller's transaction.
 * False when the item had already left PENDING: another worker settled it, and the caller's
 * transaction must not commit an action of its own.
 */
export async function settleItem(
  manager: EntityManager,
  operationId: string,
  executionId: string,
  outcome: ItemOutcome,
  error: string | null = null,
): Promise<boolean> {
  // A SELECT at the top: TypeORM answers an UPDATE with [rows, count], a SELECT with its rows.
  const [row] = (await manager.query(
    `WITH item AS (
       UPDATE bulk_operation_items SET state = $3, error = $4
        WHERE operation_id = $1 AND execution_id = $2 AND state = 'PENDING'
        RETURNING state
     ), counted AS (
       UPDATE bulk_operations
          SET done = done + (SELECT count(*) FROM item WHERE state <> 'FAILED'),
              failed = failed + (SELECT count(*) FROM item WHERE state = 'FAILED'),
              updated_at = now()
        WHERE id = $1
     )
     SELECT count(*)::int AS settled FROM item`,
    [operationId, executionId, outcome, error],
  )) as [{ settled: number }];
  return row.settled > 0;
}

/**
 * How long a RUNNING operation may go without progress before the sweeper enqueues its current
 * batch again: longer than a batch's lease and pg-boss's longest retry delay, so that a batch
 * merely slow or waiting for its retry is not doubled (a double would be harmless: see settleItem).
 */
export const BULK_STALL_SECONDS = 600;

/**
 * Running operations that made no progress for `stallSeconds`: their chain of batch jobs was lost
 * (its retries used up while the database was away). Each comes with the batch to run again.
 */
export async function stalledBulkOperations(
  manager: EntityManager,
  stallSeconds: number,
  limit: number,
): Promise<{ operationId: string; batch: number }[]> {
  const rows: { id: string; batches: number }[] = await manager.query(
    `SELECT id, batches FROM bulk_operations
      WHERE status = 'RUNNING' AND updated_at < now() - make_interval(secs => $1)
      ORDER BY updated_at
      LIMIT $2`,
    [stallSeconds, limit],
  );
  return rows.map((row) => ({ operationId: row.id, batch: row.batches }));
}
