import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit.entry.js';

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** An object's entries as canonical JSON text, keys sorted, undefined values left out. */
function canonicalEntries(value: object): string[] {
  return Object.entries(value)
    .filter(([, nested]) => nested !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, nested]) => `${JSON.stringify(key)}:${canonicalJson(nested)}`);
}

/** JSON with object keys sorted at every depth: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') return `{${canonicalEntries(value).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The columns a row's hash covers besides `seq` and `prev_hash`. */
export type HashedColumns = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/**
 * The canonical JSON of a row's hashed columns, cut where `seq` goes: `before + seq + after` is
 * the text the hash covers. The writer sends both halves to PostgreSQL, which learns `seq` and
 * `prev_hash` only under the chain's lock (migrations/…-AuditAppend.ts); `seq` sorts between
 * `requestId` and `targetIds`, so the cut is found by key, never by searching the text.
 */
export function hashedTextAround(columns: HashedColumns): { before: string; after: string } {
  const entries = canonicalEntries({
    occurredAt: columns.occurredAt.toISOString(),
    actorType: columns.actorType,
    actorId: columns.actorId,
    operation: columns.operation,
    targetIds: columns.targetIds,
    outcome: columns.outcome,
    errorCode: columns.errorCode,
    ip: columns.ip,
    requestId: columns.requestId,
    details: columns.details,
    // Hashed when present, so an edited trace id breaks the chain like any other edit; left out
    // when null, so rows written before the column existed keep the hashes they were linked with.
    traceId: columns.traceId ?? undefined,
  });
  const seqKey = JSON.stringify('seq');
  const cut = entries.findIndex((entry) => entry > seqKey);
  const head = cut < 0 ? entries : entries.slice(0, cut);
  const tail = cut < 0 ? [] : entries.slice(cut);
  return {
    before: `{${head.map((entry) => `${entry},`).join('')}${seqKey}:`,
    after: `${tail.map((entry) => `,${entry}`).join('')}}`,
  };
}

/**
 * The hash of a row: SHA-256 (hex) over the previous row's hash, a newline and the canonical JSON
 * of every other column. Timestamps are hashed at millisecond precision, the precision the writer
 * stores. PostgreSQL computes the same hash when it appends (audit_log_append).
 */
export function auditRowHash(record: Omit<AuditRecord, 'hash'>): string {
  const { before, after } = hashedTextAround(record);
  return createHash('sha256')
    .update(record.prevHash)
    .update('\n')
    .update(`${before}${JSON.stringify(record.seq)}${after}`)
    .digest('hex');
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
