/**
 * The Redis for tests: REDIS_URL when set (CI), else the `redis-server` global setup started,
 * else undefined (no Redis on this machine).
 */
export function testRedisUrl(): string | undefined {
  return process.env.REDIS_URL || process.env.STEPGRAPH_TEST_REDIS_URL || undefined;
}

/**
 * `describe` for tests that need Redis. Where there is none they are skipped with the reason in
 * their name; CI sets REDIS_URL and never skips them.
 */
export function describeWithRedis(name: string, body: (redisUrl: string) => void): void {
  const url = testRedisUrl();
  if (url) describe(name, () => body(url));
  else
    describe.skip(`${name} (skipped: REDIS_URL is unset and no redis-server is on the PATH)`, () => body(''));
}
