import { AuthLimiter, failureDelayMs } from '../../src/auth/auth.limiter.js';
import type { AppConfig } from '../../src/config/config.js';
import { MemoryRateLimitStore } from '../../src/http/rate-limit/memory-rate-limit.store.js';
import { RateLimitedError } from '../../src/http/rate-limit/rate-limited.error.js';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the in-memory rate-limit store', () => {
  it('counts hits in a window that starts with the first and ends on time', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore(time.now);
    expect(await store.hit('k', 1000)).toEqual({ count: 1, msLeft: 1000 });
    time.advance(400);
    expect(await store.hit('k', 1000)).toEqual({ count: 2, msLeft: 600 });
    time.advance(600);
    expect(await store.hit('k', 1000)).toEqual({ count: 1, msLeft: 1000 });
    store.close();
  });

  it('keeps the longer of two blocks', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore(time.now);
    await store.block('b', 5000);
    await store.block('b', 1000);
    expect(await store.blockedForMs('b')).toBe(5000);
    time.advance(5000);
    expect(await store.blockedForMs('b')).toBe(0);
    store.close();
  });

  it("answers @nestjs/throttler's increment: blocked past the limit, for the block duration", async () => {
    const time = clock();
    const store = new MemoryRateLimitStore(time.now);
    for (let i = 0; i < 3; i += 1)
      expect((await store.increment('t', 60_000, 3, 10_000)).isBlocked).toBe(false);
    expect(await store.increment('t', 60_000, 3, 10_000)).toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 10,
    });
    time.advance(10_000);
    expect((await store.increment('t', 60_000, 3, 10_000)).isBlocked).toBe(true);
    store.close();
  });
});

describe('the login limiter', () => {
  const config = { rateLimits: { authPerAccountPerMinute: 100, authPerIpPerMinute: 100 } } as AppConfig;

  it('doubles the delay with each failure past the free ones, up to 15 minutes', () => {
    expect([1, 2, 3, 4, 11, 30].map(failureDelayMs)).toEqual([1000, 2000, 4000, 8000, 900_000, 900_000]);
  });

  it('blocks an account after three failures for a growing delay, and forgets them on success', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore(time.now);
    const limiter = new AuthLimiter(store, config);
    const attempt = { account: 'email:a@example.com', ip: '10.0.0.1' };
    for (let i = 0; i < 3; i += 1) {
      await limiter.admit(attempt);
      await limiter.failed(attempt);
    }
    await limiter.admit(attempt);
    await limiter.failed(attempt);
    await expect(limiter.admit(attempt)).rejects.toMatchObject({ retryAfterSeconds: 1 });
    time.advance(1000);
    await limiter.admit(attempt);
    await limiter.failed(attempt);
    await expect(limiter.admit(attempt)).rejects.toMatchObject({ retryAfterSeconds: 2 });
    time.advance(2000);
    await limiter.succeeded(attempt);
    await limiter.admit(attempt);
    await limiter.failed(attempt);
    await expect(limiter.admit(attempt)).resolves.toBeUndefined();
    store.close();
  });

  it('caps attempts per account per minute, whatever their outcome', async () => {
    const store = new MemoryRateLimitStore(clock().now);
    const limiter = new AuthLimiter(store, {
      rateLimits: { authPerAccountPerMinute: 2, authPerIpPerMinute: 100 },
    } as AppConfig);
    const attempt = { account: 'email:b@example.com', ip: undefined };
    await limiter.admit(attempt);
    await limiter.admit(attempt);
    await expect(limiter.admit(attempt)).rejects.toBeInstanceOf(RateLimitedError);
    store.close();
  });
});
