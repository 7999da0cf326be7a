import type { ThrottlerStorage } from '@nestjs/throttler';

/** What @nestjs/throttler's storage answers for one hit. */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Injection token of the process's {@link RateLimitStore}. */
export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

/** A counter in a fixed window that starts with its first hit. */
export interface WindowCount {
  readonly count: number;
  /** Until the window closes and the count starts again from zero. */
  readonly msLeft: number;
}

/**
 * Counters and blocks shared by every instance (Redis) or kept by this process (memory). It is
 * also @nestjs/throttler's storage, so the throttler guard and the login limiter count in one place.
 */
export interface RateLimitStore extends ThrottlerStorage {
  /** Adds one to `key`'s counter in a window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Blocks `key` for `ms`, unless it is already blocked for longer. */
  block(key: string, ms: number): Promise<void>;
  /** How long `key` stays blocked; 0 when it is not. */
  blockedForMs(key: string): Promise<number>;
  /** Forgets `key`'s counter. */
  reset(key: string): Promise<void>;
}

/** Where the block of a throttler counter is kept. */
export function throttlerBlockKey(key: string): string {
  return `${key}:blocked`;
}

type Primitives = Pick<RateLimitStore, 'hit' | 'block' | 'blockedForMs'>;

/**
 * @nestjs/throttler's `increment` over the primitives: a hit past `limit` blocks the key for
 * `blockDurationMs`. Times in the record are in seconds, as the guard expects (it sends them as
 * `Retry-After`).
 */
export async function throttlerIncrement(
  store: Primitives,
  key: string,
  ttlMs: number,
  limit: number,
  blockDurationMs: number,
): Promise<ThrottlerStorageRecord> {
  const blockKey = throttlerBlockKey(key);
  let blockedMs = await store.blockedForMs(blockKey);
  const { count, msLeft } = await store.hit(key, ttlMs);
  if (blockedMs === 0 && count > limit) {
    await store.block(blockKey, blockDurationMs);
    blockedMs = blockDurationMs;
  }
  return {
    totalHits: count,
    timeToExpire: Math.ceil(msLeft / 1000),
    isBlocked: blockedMs > 0,
    timeToBlockExpire: Math.ceil(blockedMs / 1000),
  };
}
