import type { EntityManager } from 'typeorm';
import { findChainBreak, type ChainBreak } from './audit.chain.js';
import type { AuditRecord } from './audit.entry.js';
import { AuditRepository } from './audit.repository.js';

/** Rows read per query while walking the chain. */
const VERIFY_PAGE_SIZE = 1000;

/** What walking the whole chain found. */
export interface ChainVerification {
  /** Rows checked before the first break, or all of them. */
  readonly checked: number;
  readonly firstBreak: ChainBreak | undefined;
}

/**
 * Walks the audit chain from its first row and reports the first broken link: a changed row, a
 * deleted one (a gap in `seq`) or rows put in another order. Used by `npm run audit:verify`.
 */
export async function verifyAuditChain(
  manager: EntityManager,
  repository = new AuditRepository(),
): Promise<ChainVerification> {
  let previous: Pick<AuditRecord, 'seq' | 'hash'> | undefined;
  let checked = 0;
  for (;;) {
    const rows = await repository.chainPage(manager, previous?.seq ?? 0, VERIFY_PAGE_SIZE);
    const firstBreak = findChainBreak(rows, previous);
    if (firstBreak)
      return { checked: checked + rows.findIndex((row) => row.seq === firstBreak.seq), firstBreak };
    checked += rows.length;
    if (rows.length < VERIFY_PAGE_SIZE) return { checked, firstBreak: undefined };
    previous = rows.at(-1);
  }
}
