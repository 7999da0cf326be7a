import { throttlerIncrement, type RateLimitStore, type WindowCount } from './rate-limit.store.js';

/** Expired entries are swept this often, so that a flood of distinct keys cannot grow memory forever. */
const SWEEP_INTERVAL_MS = 60_000;

interface Entry {
  count: number;
  expiresAt: number;
}

/**
 * Counters in this process's memory: the store without REDIS_URL, and the fallback while Redis is
 * down (docs/testing.md S18). Limits then hold per instance instead of across instances.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    const entry = this.live(key, now) ?? { count: 0, expiresAt: now + windowMs };
    entry.count += 1;
    this.entries.set(key, entry);
    return { count: entry.count, msLeft: entry.expiresAt - now };
  }

  async block(key: string, ms: number): Promise<void> {
    const now = this.now();
    const current = this.live(key, now);
    if (!current || current.expiresAt < now + ms) this.entries.set(key, { count: 1, expiresAt: now + ms });
  }

  async blockedForMs(key: string): Promise<number> {
    const now = this.now();
    const entry = this.live(key, now);
    return entry ? entry.expiresAt - now : 0;
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number) {
    return throttlerIncrement(this, key, ttl, limit, blockDuration);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
