import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { MemoryRateLimitStore } from './memory-rate-limit.store.js';
import { throttlerBlockKey, type RateLimitStore, type WindowCount } from './rate-limit.store.js';

/** A rate-limit answer may not wait for Redis longer than this; then memory answers instead. */
const COMMAND_TIMEOUT_MS = 250;
/** Longest pause between reconnection attempts while Redis is down. */
const RECONNECT_MAX_DELAY_MS = 5000;
/** Every key this store writes starts with this, apart from the application's other Redis data. */
const KEY_PREFIX = 'stepgraph:rl:';

/** INCR with the window set on the first hit, atomically; answers the count and the time left. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {count, left}`;

/** Sets the block unless a longer one is in place. */
const BLOCK_SCRIPT = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1`;

/**
 * @nestjs/throttler's hit in one round trip (it runs on every request): the block's time left,
 * then the hit, then a block when this hit went over the limit and none was in place; the same
 * steps as throttlerIncrement over the primitives. KEYS: counter, block. ARGV: window, limit, block ms.
 */
const THROTTLER_SCRIPT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked < 0 then blocked = 0 end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
local blockMs = tonumber(ARGV[3])
if blocked == 0 and count > tonumber(ARGV[2]) then
  if blockMs > 0 then redis.call('SET', KEYS[2], '1', 'PX', blockMs) end
  blocked = blockMs
end
return {count, left, blocked}`;

/** {@link THROTTLER_SCRIPT} as an ioredis command: sent by its SHA (EVALSHA), the text only once. */
type ThrottlerHit = (
  counterKey: string,
  blockKey: string,
  windowMs: number,
  limit: number,
  blockMs: number,
) => Promise<[number, number, number]>;

/**
 * Counters in Redis, shared by every instance, so that a limit holds however many API processes
 * serve the traffic. While Redis is unreachable every call is answered from memory instead
 * (docs/testing.md S18): limits keep holding, per instance, rather than failing open or failing requests.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly throttlerHit: ThrottlerHit;
  private readonly fallback = new MemoryRateLimitStore();
  private reachable = true;

  constructor(url: string) {
    this.redis = new Redis(url, {
      connectionName: 'stepgraph-rate-limit',
      keyPrefix: KEY_PREFIX,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, RECONNECT_MAX_DELAY_MS),
    });
    this.redis.defineCommand('throttlerHit', { numberOfKeys: 2, lua: THROTTLER_SCRIPT });
    const commands = this.redis as unknown as { throttlerHit: ThrottlerHit };
    this.throttlerHit = commands.throttlerHit.bind(this.redis);
    this.redis.on('error', (error: Error) => this.unreachable(error));
    this.redis.on('ready', () => {
      if (!this.reachable) this.logger.log('Redis is reachable again: rate limits are shared again');
      this.reachable = true;
    });
  }

  hit(key: string, windowMs: number): Promise<WindowCount> {
    return this.attempt(
      async () => {
        const [count, msLeft] = (await this.redis.eval(HIT_SCRIPT, 1, key, windowMs)) as [number, number];
        return { count, msLeft };
      },
      () => this.fallback.hit(key, windowMs),
    );
  }

  block(key: string, ms: number): Promise<void> {
    return this.attempt(
      async () => {
        await this.redis.eval(BLOCK_SCRIPT, 1, key, ms);
      },
      () => this.fallback.block(key, ms),
    );
  }

  blockedForMs(key: string): Promise<number> {
    return this.attempt(
      async () => Math.max(0, await this.redis.pttl(key)),
      () => this.fallback.blockedForMs(key),
    );
  }

  reset(key: string): Promise<void> {
    return this.attempt(
      async () => {
        await this.redis.del(key);
      },
      () => this.fallback.reset(key),
    );
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number) {
    return this.attempt(
      async () => {
        const [count, msLeft, blockedMs] = await this.throttlerHit(
          key,
          throttlerBlockKey(key),
          ttl,
          limit,
          blockDuration,
        );
        return {
          totalHits: count,
          timeToExpire: Math.ceil(msLeft / 1000),
          isBlocked: blockedMs > 0,
          timeToBlockExpire: Math.ceil(blockedMs / 1000),
        };
      },
      () => this.fallback.increment(key, ttl, limit, blockDuration),
    );
  }

  close(): void {
    this.fallback.close();
    this.redis.disconnect();
  }

  private async attempt<T>(remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.redis.status !== 'ready') return local();
    try {
      return await remote();
    } catch (error) {
      this.unreachable(error as Error);
      return local();
    }
  }

  private unreachable(error: Error): void {
    if (this.reachable) {
      this.logger.warn(
        `Redis is unreachable (${error.message}): rate limits are counted in memory meanwhile`,
      );
    }
    this.reachable = false;
  }
}
