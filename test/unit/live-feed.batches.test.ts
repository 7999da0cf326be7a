import { LiveFeed, type Pull } from '../../src/subscriptions/live.feed.js';

/** A feed whose reads return the given pulls, one after another. */
class ScriptedFeed extends LiveFeed<number> {
  protected readonly description = 'a scripted feed';
  reads = 0;

  constructor(private readonly pulls: Pull<number>[]) {
    super();
  }

  protected async pull(): Promise<Pull<number>> {
    this.reads += 1;
    return this.pulls.shift() ?? { items: [], next: 'end' };
  }
}

describe('LiveFeed.nextBatch', () => {
  it('hands out what each read found as the very array the read returned, skipping empty reads, then ends', async () => {
    const first = [1, 2, 3];
    const second = [4];
    const feed = new ScriptedFeed([
      { items: first, next: 'more' },
      { items: [], next: 'more' },
      { items: second, next: 'end' },
    ]);
    const batches: (readonly number[])[] = [];
    for await (const batch of feed.batches()) batches.push(batch);
    expect(batches).toEqual([[1, 2, 3], [4]]);
    // The same objects: subscribers of one shared read get one array, so one result for all of them.
    expect(batches[0]).toBe(first);
    expect(batches[1]).toBe(second);
    expect(feed.reads).toBe(3);
  });

  it('stops reading once its batches are returned', async () => {
    const feed = new ScriptedFeed([
      { items: [1], next: 'more' },
      { items: [2], next: 'more' },
    ]);
    const batches = feed.batches();
    expect(await batches.next()).toEqual({ done: false, value: [1] });
    await batches.return?.();
    expect(await batches.next()).toEqual({ done: true, value: undefined });
    expect(feed.reads).toBe(1);
  });

  it('leaves next() yielding one item at a time, in order', async () => {
    const feed = new ScriptedFeed([
      { items: [1, 2], next: 'more' },
      { items: [3], next: 'end' },
    ]);
    const items: number[] = [];
    for await (const item of feed) items.push(item);
    expect(items).toEqual([1, 2, 3]);
  });
});
