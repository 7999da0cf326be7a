import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WhereClause } from './execution-filter.sql.js';
import type { BulkOperation, BulkOperationKind, BulkOperationSample } from './models/bulk-operation.model.js';

/** Executions shown with an operation. */
export const SAMPLE_SIZE = 10;

interface OperationRow {
  id: string;
  kind: BulkOperationKind;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  total: number;
  done: number;
  failed: number;
  error: string | null;
  cause: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** Read queries of bulk operations; the engine writes them. */
@Injectable()
export class BulkOperationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * What a real run with the same match would snapshot now: how many executions and the newest
   * {@link SAMPLE_SIZE}. The same WHERE clause as the snapshot, so the counts agree.
   */
  async preview(match: WhereClause): Promise<{ total: number; sample: BulkOperationSample[] }> {
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM executions e ${match}`,
      match.params,
    )) as [{ total: number }];
    const sample: BulkOperationSample[] = await this.dataSource.query(
      `SELECT e.id, e.name FROM executions e ${match} ORDER BY e.started_at DESC, e.id DESC LIMIT ${SAMPLE_SIZE}`,
      match.params,
    );
    return { total, sample };
  }

  /** The stored operation with its sample; null if there is none. */
  async findById(id: string): Promise<BulkOperation | null> {
    const rows: OperationRow[] = await this.dataSource.query(
      `SELECT id, kind, status, total, done, failed, error, cause, created_at, updated_at, finished_at
         FROM bulk_operations WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const sample: BulkOperationSample[] = await this.dataSource.query(
      `SELECT e.id, e.name
         FROM bulk_operation_items i JOIN executions e ON e.id = i.execution_id
        WHERE i.operation_id = $1
        ORDER BY e.started_at DESC, e.id DESC
        LIMIT ${SAMPLE_SIZE}`,
      [id],
    );
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      total: row.total,
      done: row.done,
      failed: row.failed,
      sample,
      error: row.error,
      cause: row.cause,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }
}
