import {
  auditRowHash,
  canonicalJson,
  findChainBreak,
  GENESIS_HASH,
  hashedTextAround,
} from '../../src/audit/audit.chain.js';
import type { AuditRecord } from '../../src/audit/audit.entry.js';

function chain(length: number): AuditRecord[] {
  const rows: AuditRecord[] = [];
  for (let seq = 1; seq <= length; seq += 1) {
    const unhashed = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      actorType: 'user' as const,
      actorId: '00000000-0000-4000-8000-000000000001',
      operation: `op-${seq}`,
      targetIds: [`t-${seq}`],
      outcome: 'success' as const,
      errorCode: null,
      ip: '127.0.0.1',
      requestId: `r-${seq}`,
      details: { b: 1, a: [1, { d: 2, c: 3 }] },
      traceId: seq % 2 === 0 ? `${seq}`.padStart(32, 'a') : null,
      prevHash: rows.at(-1)?.hash ?? GENESIS_HASH,
    };
    rows.push({ ...unhashed, hash: auditRowHash(unhashed) });
  }
  return rows;
}

describe('the audit hash chain', () => {
  it('serializes objects canonically: sorted keys at every depth, undefined left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('cuts the hashed text where seq goes, so that the database can put seq in under its lock', () => {
    for (const row of chain(3)) {
      const { before, after } = hashedTextAround(row);
      const { seq, occurredAt, traceId, prevHash: _prev, hash: _hash, ...rest } = row;
      expect(`${before}${seq}${after}`).toBe(
        canonicalJson({ ...rest, seq, occurredAt: occurredAt.toISOString(), traceId: traceId ?? undefined }),
      );
    }
  });

  it('hashes a row without a trace id exactly as rows were hashed before the column existed', () => {
    const [withoutTrace, withTrace] = chain(2);
    expect(withoutTrace!.traceId).toBeNull();
    const text = (row: AuditRecord) => Object.values(hashedTextAround(row)).join('');
    expect(text(withoutTrace!)).not.toContain('traceId');
    expect(text(withTrace!)).toContain(`"traceId":"${withTrace!.traceId}"`);
  });

  it('verifies an untouched chain, in one piece or page by page', () => {
    const rows = chain(6);
    expect(findChainBreak(rows, undefined)).toBeUndefined();
    expect(findChainBreak(rows.slice(3), rows[2])).toBeUndefined();
  });

  it.each<[string, (rows: AuditRecord[]) => AuditRecord[], number]>([
    [
      'a changed field',
      (rows) => rows.map((row) => (row.seq === 3 ? { ...row, outcome: 'failed' } : row)),
      3,
    ],
    [
      'a changed trace id',
      (rows) => rows.map((row) => (row.seq === 4 ? { ...row, traceId: 'f'.repeat(32) } : row)),
      4,
    ],
    [
      'a trace id added to a row without one',
      (rows) => rows.map((row) => (row.seq === 5 ? { ...row, traceId: 'f'.repeat(32) } : row)),
      5,
    ],
    [
      'changed details',
      (rows) => rows.map((row) => (row.seq === 2 ? { ...row, details: { b: 2 } } : row)),
      2,
    ],
    ['a removed row', (rows) => rows.filter((row) => row.seq !== 4), 5],
    ['a removed first row', (rows) => rows.slice(1), 2],
    ['swapped rows', (rows) => [rows[0]!, rows[2]!, rows[1]!, ...rows.slice(3)], 3],
    [
      'a rehashed row',
      (rows) =>
        rows.map((row) =>
          row.seq === 4 ? { ...row, hash: auditRowHash({ ...row, operation: 'x' }), operation: 'x' } : row,
        ),
      5,
    ],
  ])('names the first broken link after %s', (_label, tamper, seq) => {
    expect(findChainBreak(tamper(chain(6)), undefined)).toEqual({ seq, problem: expect.any(String) });
  });

  const forgeries: { [K in keyof AuditRecord]?: AuditRecord[K] } = {
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 1)),
    actorType: 'api_key',
    actorId: '00000000-0000-4000-8000-000000000002',
    operation: 'op-forged',
    targetIds: ['someone-else'],
    outcome: 'denied',
    errorCode: 'FORGED',
    ip: '10.6.6.6',
    requestId: 'r-forged',
    details: { b: 1, a: [1, { d: 2, c: 4 }] },
  };

  it.each(Object.entries(forgeries))('names the row whose %s was changed alone', (field, forged) => {
    const rows = chain(4).map((row) => (row.seq === 2 ? { ...row, [field]: forged } : row));
    expect(findChainBreak(rows, undefined)).toEqual({
      seq: 2,
      problem: 'the row does not match its hash: it was changed after it was written',
    });
  });
});
