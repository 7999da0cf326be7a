import { SharedReads } from '../../src/subscriptions/shared.reads.js';

/** A query that resolves when told to, counting how often it was sent. */
function controlledQuery() {
  const pending: Array<(rows: string[]) => void> = [];
  return {
    sent: () => pending.length,
    query: () => new Promise<string[]>((resolve) => pending.push(resolve)),
    answer: (index: number, rows: string[]) => pending[index]!(rows),
  };
}

describe('SharedReads: identical reads share one query', () => {
  it('sends one query for callers woken by the same notification', async () => {
    const reads = new SharedReads();
    const db = controlledQuery();
    const wokenAt = reads.mark();
    const results = [1, 2, 3].map(() => reads.read('events:e:4', wokenAt, db.query));
    expect(db.sent()).toBe(1);
    db.answer(0, ['e5']);
    expect(await Promise.all(results)).toEqual([['e5'], ['e5'], ['e5']]);
  });

  it('does not let a caller woken after a read was sent join it, since that read may miss what woke it', async () => {
    const reads = new SharedReads();
    const db = controlledQuery();
    const early = reads.read('events:e:4', reads.mark(), db.query);
    const wokenLater = reads.mark();
    const late = reads.read('events:e:4', wokenLater, db.query);
    expect(db.sent()).toBe(2);
    db.answer(0, ['e5']);
    db.answer(1, ['e5', 'e6']);
    expect(await early).toEqual(['e5']);
    expect(await late).toEqual(['e5', 'e6']);
  });

  it('keeps different keys apart and forgets a read once it has settled', async () => {
    const reads = new SharedReads();
    const db = controlledQuery();
    const wokenAt = reads.mark();
    const a = reads.read('events:e:4', wokenAt, db.query);
    const b = reads.read('events:e:9', wokenAt, db.query);
    expect(db.sent()).toBe(2);
    db.answer(0, []);
    db.answer(1, []);
    await Promise.all([a, b]);
    void reads.read('events:e:4', wokenAt, db.query);
    expect(db.sent()).toBe(3);
  });
});
