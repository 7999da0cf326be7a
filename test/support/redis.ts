import { Redis } from 'ioredis';
import { describeRequiring } from './requirements.js';

/** Redis numbers its logical databases 0–15. */
const REDIS_DATABASES = 16;

/**
 * The Redis for tests: REDIS_URL when set (CI), else the `redis-server` global setup started,
 * else undefined (no Redis on this machine). Each Jest worker gets a logical database of its own
 * (its JEST_WORKER_ID): files running side by side keep apart the keys they share by name, such as
 * the rate limits of the test admin's logins from 127.0.0.1. Pub/sub ignores the database; its
 * channels are named by execution id.
 */
export function testRedisUrl(): string | undefined {
  const server = process.env.REDIS_URL || process.env.STEPGRAPH_TEST_REDIS_URL || undefined;
  if (!server) return undefined;
  const url = new URL(server);
  url.pathname = `/${Number(process.env.JEST_WORKER_ID ?? 0) % REDIS_DATABASES}`;
  return url.toString();
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

/**
 * Empties the worker's logical database. Files that run one after another in a worker share it, so
 * a file that tests the limits starts from no counters: the test admin's logins from 127.0.0.1 by
 * the files before it would otherwise count against its own.
 */
export async function emptyTestRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}
