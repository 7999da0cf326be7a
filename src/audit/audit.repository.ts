import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { auditRowHash, hashedTextAround, type HashedColumns } from './audit.chain.js';
import { activeTraceId } from '../observability/trace-id.js';
import { actorOf, type AuditEntry, type AuditOutcome, type AuditRecord } from './audit.entry.js';

const COLUMNS = `seq, occurred_at, actor_type, actor_id, operation, target_ids, outcome, error_code, ip,
  request_id, details, trace_id, prev_hash, hash`;

interface AuditRow {
  seq: string;
  occurred_at: Date;
  actor_type: AuditRecord['actorType'];
  actor_id: string | null;
  operation: string;
  target_ids: string[];
  outcome: AuditOutcome;
  error_code: string | null;
  ip: string | null;
  request_id: string | null;
  details: Record<string, unknown> | null;
  trace_id: string | null;
  prev_hash: string;
  hash: string;
}

function recordOf(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    operation: row.operation,
    targetIds: row.target_ids,
    outcome: row.outcome,
    errorCode: row.error_code,
    ip: row.ip,
    requestId: row.request_id,
    details: row.details,
    traceId: row.trace_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** What the audit log may be filtered on. */
export interface AuditFilter {
  readonly actorId?: string;
  readonly operation?: string;
  readonly outcome?: AuditOutcome;
  readonly since?: Date;
  readonly until?: Date;
}

/** The WHERE clause of the filters that are set, with their parameters numbered in order. */
function whereOf(filter: AuditFilter, beforeSeq: number | undefined): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    params.push(value);
    conditions.push(condition.replace('?', `$${params.length}`));
  };
  if (filter.actorId) add('actor_id = ?', filter.actorId);
  if (filter.operation) add('operation = ?', filter.operation);
  if (filter.outcome) add('outcome = ?', filter.outcome);
  if (filter.since) add('occurred_at >= ?', filter.since);
  if (filter.until) add('occurred_at < ?', filter.until);
  if (beforeSeq !== undefined) add('seq < ?', beforeSeq);
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** The queries of `audit_log`: append under the chain lock, read pages, read the chain in order. */
@Injectable()
export class AuditRepository {
  /**
   * Appends one row at the end of the chain, in one statement (audit_log_append, see its
   * migration): PostgreSQL takes the chain's lock, links the row to the last one and hashes it.
   * Must run inside a transaction: the lock is held until it ends, so two writers can never both
   * link to the same last row.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    const columns: HashedColumns = {
      occurredAt: new Date(),
      ...actorOf(entry.actor),
      operation: entry.operation,
      targetIds: [...new Set(entry.targetIds ?? [])],
      outcome: entry.outcome,
      errorCode: entry.errorCode ?? null,
      ip: entry.origin?.ip ?? null,
      requestId: entry.origin?.requestId ?? null,
      details: entry.details ?? null,
      traceId: activeTraceId() ?? null,
    };
    const { before, after } = hashedTextAround(columns);
    const [linked] = (await manager.query(
      'SELECT seq, prev_hash, hash FROM audit_log_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
      [
        columns.occurredAt,
        columns.actorType,
        columns.actorId,
        columns.operation,
        columns.targetIds,
        columns.outcome,
        columns.errorCode,
        columns.ip,
        columns.requestId,
        columns.details === null ? null : JSON.stringify(columns.details),
        before,
        after,
        columns.traceId,
      ],
    )) as { seq: string; prev_hash: string; hash: string }[];
    const record = { ...columns, seq: Number(linked!.seq), prevHash: linked!.prev_hash, hash: linked!.hash };
    // PostgreSQL hashed the text Node sent; a row Node's verifier would reject never commits.
    if (auditRowHash(record) !== record.hash) {
      throw new Error(`audit row ${record.seq} was hashed differently by the database: not appended`);
    }
    return record;
  }

  /** Whether `record` is in the log: its transaction committed. */
  async contains(manager: EntityManager, record: Pick<AuditRecord, 'seq' | 'hash'>): Promise<boolean> {
    const rows = (await manager.query('SELECT 1 FROM audit_log WHERE seq = $1 AND hash = $2', [
      record.seq,
      record.hash,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Newest first: one page of rows matching `filter`, older than `beforeSeq`, and how many match. */
  async page(
    manager: EntityManager,
    query: { readonly filter: AuditFilter; readonly limit: number; readonly beforeSeq?: number },
  ): Promise<{ rows: AuditRecord[]; totalCount: number }> {
    const matching = whereOf(query.filter, undefined);
    const paged = whereOf(query.filter, query.beforeSeq);
    const [rows, [count]] = await Promise.all([
      manager.query(
        `SELECT ${COLUMNS} FROM audit_log ${paged.sql} ORDER BY seq DESC LIMIT $${paged.params.length + 1}`,
        [...paged.params, query.limit],
      ) as Promise<AuditRow[]>,
      manager.query(`SELECT count(*)::int AS n FROM audit_log ${matching.sql}`, matching.params) as Promise<
        { n: number }[]
      >,
    ]);
    return { rows: rows.map(recordOf), totalCount: count!.n };
  }

  /** Oldest first: the rows after `afterSeq`, for the chain verifier. */
  async chainPage(manager: EntityManager, afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq ASC LIMIT $2`,
      [afterSeq, limit],
    )) as AuditRow[];
    return rows.map(recordOf);
  }
}
