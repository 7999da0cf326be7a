import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { MemoryRateLimitStore } from '../../src/http/rate-limit/memory-rate-limit.store.js';
import { RedisRateLimitStore } from '../../src/http/rate-limit/redis-rate-limit.store.js';
import { describeWithRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';

const PREFIX = 'stepgraph:rl:';

describeWithRedis("the Redis rate-limit store's throttler hit", (redisUrl) => {
  let store: RedisRateLimitStore;
  let redis: Redis;

  beforeAll(async () => {
    store = new RedisRateLimitStore(redisUrl);
    redis = new Redis(redisUrl);
    // Until its connection is ready the store answers from memory, which would prove nothing here.
    await waitFor(async () => {
      const probe = `probe:${randomUUID()}`;
      await store.hit(probe, 1000);
      return (await redis.get(PREFIX + probe)) === '1' ? true : undefined;
    });
  });
  afterAll(() => {
    store.close();
    redis.disconnect();
  });

  it('answers as the primitives do, in Redis: blocked past the limit, for the block duration', async () => {
    const key = `t:${randomUUID()}`;
    const memory = new MemoryRateLimitStore();
    for (let i = 0; i < 3; i += 1) {
      const remote = await store.increment(key, 60_000, 3, 10_000);
      expect(remote).toEqual(await memory.increment(key, 60_000, 3, 10_000));
      expect(remote.isBlocked).toBe(false);
    }
    expect(await store.increment(key, 60_000, 3, 10_000)).toEqual({
      totalHits: 4,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 10,
    });
    // Counter and block live in Redis, where every instance sees them.
    expect(await redis.get(`${PREFIX}${key}`)).toBe('4');
    expect(await redis.pttl(`${PREFIX}${key}:blocked`)).toBeGreaterThan(9000);
    expect((await store.increment(key, 60_000, 3, 10_000)).isBlocked).toBe(true);
    memory.close();
  });
});
