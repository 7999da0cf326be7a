import { GroupCommit } from '../../src/engine/start/transaction.group-commit.js';

/** A run function whose batches the test releases one at a time. */
function controlledRuns() {
  const batches: { requests: readonly number[]; release: (failWith?: Error) => void }[] = [];
  const run = (requests: readonly number[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push({
        requests,
        release: (failWith) => (failWith ? reject(failWith) : resolve(requests.map((n) => n * 10))),
      });
    });
  return { batches, run };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('runs a lone request at once, in a batch of its own', async () => {
    const { batches, run } = controlledRuns();
    const group = new GroupCommit({ maxInFlight: 1, maxBatch: 10, run });
    const result = group.submit(1);
    expect(batches.map((batch) => batch.requests)).toEqual([[1]]);
    batches[0]?.release();
    await expect(result).resolves.toBe(10);
  });

  it('gathers the requests that arrive while a batch runs into the next one, up to maxBatch', async () => {
    const { batches, run } = controlledRuns();
    const group = new GroupCommit({ maxInFlight: 1, maxBatch: 2, run });
    const results = [1, 2, 3, 4].map((n) => group.submit(n));
    expect(batches.map((batch) => batch.requests)).toEqual([[1]]);
    batches[0]?.release();
    await settle();
    expect(batches.map((batch) => batch.requests)).toEqual([[1], [2, 3]]);
    batches[1]?.release();
    await settle();
    batches[2]?.release();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40]);
    expect(batches.map((batch) => batch.requests)).toEqual([[1], [2, 3], [4]]);
  });

  it('keeps up to maxInFlight batches running at once', () => {
    const { batches, run } = controlledRuns();
    const group = new GroupCommit({ maxInFlight: 2, maxBatch: 10, run });
    for (const n of [1, 2, 3]) void group.submit(n);
    expect(batches.map((batch) => batch.requests)).toEqual([[1], [2]]);
  });

  it('runs each request of a failed batch again alone, so that only the bad one fails', async () => {
    const { batches, run } = controlledRuns();
    const group = new GroupCommit({ maxInFlight: 1, maxBatch: 10, run });
    const first = group.submit(1);
    const rest = [2, 3].map((n) => group.submit(n));
    batches[0]?.release();
    await settle();
    batches[1]?.release(new Error('one of them is bad'));
    await settle();
    expect(batches.slice(2).map((batch) => batch.requests)).toEqual([[2], [3]]);
    batches[2]?.release(new Error('2 is bad'));
    batches[3]?.release();
    await expect(first).resolves.toBe(10);
    await expect(rest[0]).rejects.toThrow('2 is bad');
    await expect(rest[1]).resolves.toBe(30);
  });
});
