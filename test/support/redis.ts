import { describeRequiring } from './requirements.js';

/**
 * The Redis for tests: REDIS_URL when set (CI), else the `redis-server` global setup started,
 * else undefined (no Redis on this machine).
 */
export function testRedisUrl(): string | undefined {
  return process.env.REDIS_URL || process.env.STEPGRAPH_TEST_REDIS_URL || undefined;
}

/**
 * `describe` for tests that need Redis. Where there is none they are skipped with the reason in
 * their name, or fail under CI (see requirements.ts).
 */
export function describeWithRedis(name: string, body: (redisUrl: string) => void): void {
  const url = testRedisUrl();
  describeRequiring(url ? undefined : 'REDIS_URL is unset and no redis-server is on the PATH')(name, () =>
    body(url ?? ''),
  );
}
