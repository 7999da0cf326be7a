import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit.entry.js';

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, nested]) => nested !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, nested]) => `${JSON.stringify(key)}:${canonicalJson(nested)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The hash of a row: SHA-256 (hex) over the previous row's hash and the canonical JSON of every
 * other column. Timestamps are hashed at millisecond precision, the precision the writer stores.
 */
export function auditRowHash(record: Omit<AuditRecord, 'hash'>): string {
  const body = canonicalJson({
    seq: record.seq,
    occurredAt: record.occurredAt.toISOString(),
    actorType: record.actorType,
    actorId: record.actorId,
    operation: record.operation,
    targetIds: record.targetIds,
    outcome: record.outcome,
    errorCode: record.errorCode,
    ip: record.ip,
    requestId: record.requestId,
    details: record.details,
  });
  return createHash('sha256').update(record.prevHash).update('\n').update(body).digest('hex');
}

/** The first place a chain breaks, or undefined when every link holds. */
export interface ChainBreak {
  readonly seq: number;
  readonly problem: string;
}

/**
 * Checks rows read in `seq` order, continuing from `previous` (the last row already checked, or
 * undefined at the start): each `seq` follows the last, each `prev_hash` is the last row's hash and
 * each `hash` is the row's own. Call it page by page; it returns the first break.
 */
export function findChainBreak(
  rows: readonly AuditRecord[],
  previous: Pick<AuditRecord, 'seq' | 'hash'> | undefined,
): ChainBreak | undefined {
  let last = previous;
  for (const row of rows) {
    const expectedSeq = last ? last.seq + 1 : 1;
    if (row.seq !== expectedSeq) {
      return {
        seq: row.seq,
        problem: `expected seq ${expectedSeq}: rows before it are missing or reordered`,
      };
    }
    const expectedPrev = last ? last.hash : GENESIS_HASH;
    if (row.prevHash !== expectedPrev) {
      return { seq: row.seq, problem: 'prev_hash is not the hash of the row before it' };
    }
    if (auditRowHash(row) !== row.hash) {
      return {
        seq: row.seq,
        problem: 'the row does not match its hash: it was changed after it was written',
      };
    }
    last = row;
  }
  return undefined;
}
