import { Logger } from '@nestjs/common';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';

/** How long closing waits for Redis to acknowledge QUIT before dropping the connections. */
const QUIT_TIMEOUT_MS = 1000;

/**
 * How long a dropped connection may take to close before its socket is destroyed. ioredis keeps a
 * timer this long even for a socket that never connected, which would hold up the process's exit.
 */
const DISCONNECT_TIMEOUT_MS = 200;

/**
 * A publish waits for at most this many reconnection attempts: live updates are best-effort
 * (docs/design.md §3 rule 7), so a Redis outage must not hold up the caller for long.
 */
const PUBLISH_MAX_RETRIES = 1;

const logger = new Logger('PubSub');

function redisClient(url: string, role: 'publisher' | 'subscriber'): Redis {
  const client = new Redis(url, {
    connectionName: `stepgraph-pubsub-${role}`,
    disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    // The subscriber only sends SUBSCRIBE, which must wait for Redis to come back, however long.
    maxRetriesPerRequest: role === 'publisher' ? PUBLISH_MAX_RETRIES : null,
  });
  // Without a listener ioredis reports connection errors on the console; reconnection is automatic.
  client.on('error', (error: Error) => logger.warn(`Redis ${role}: ${error.message}`));
  return client;
}

/** Resolves once the connection is ready; rejects if it was closed for good. */
function untilReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end') return Promise.reject(new Error('The Redis subscriber connection is closed'));
  return new Promise((resolve, reject) => {
    const onReady = () => {
      client.off('end', onEnd);
      resolve();
    };
    const onEnd = () => {
      client.off('ready', onReady);
      reject(new Error('The Redis subscriber connection is closed'));
    };
    client.once('ready', onReady);
    client.once('end', onEnd);
  });
}

/**
 * RedisPubSub that subscribes only on a ready connection. Hazard: ioredis writes SUBSCRIBE at once
 * while a connection is still in its handshake (status `connect`), instead of queueing it; the
 * handshake's next command (CLIENT SETINFO, INFO) then fails in subscriber mode, ioredis reconnects
 * and the subscription is silently lost. A subscription opened just after boot or during a
 * reconnection would never receive anything.
 */
class ReadyRedisPubSub extends RedisPubSub {
  override async subscribe<T>(
    trigger: string,
    onMessage: (message: T) => void,
    options?: unknown,
  ): Promise<number> {
    await untilReady(this.getSubscriber() as Redis);
    return super.subscribe(trigger, onMessage, options);
  }
}

/**
 * The process's pub/sub: a RedisPubSub over two ioredis connections (a connection in subscriber
 * mode can do nothing else) when `redisUrl` is set, the in-process PubSub otherwise.
 */
export function createPubSub(redisUrl: string | undefined): PubSubEngine {
  if (!redisUrl) return new PubSub();
  return new ReadyRedisPubSub({
    publisher: redisClient(redisUrl, 'publisher'),
    subscriber: redisClient(redisUrl, 'subscriber'),
  }) as unknown as PubSubEngine;
}

/**
 * Calls `listener` each time the subscriber connection of a pub/sub made by {@link createPubSub}
 * is ready again after it was lost (ioredis has then subscribed again). Messages published
 * meanwhile are gone, so listeners catch up from PostgreSQL. The in-process pub/sub never
 * disconnects. Returns the function that stops listening.
 */
export function onPubSubReconnect(pubSub: PubSubEngine, listener: () => void): () => void {
  if (!(pubSub instanceof RedisPubSub)) return () => undefined;
  const subscriber = pubSub.getSubscriber() as Redis;
  let lost = false;
  const onClose = () => {
    lost = true;
  };
  const onReady = () => {
    if (!lost) return;
    lost = false;
    listener();
  };
  subscriber.on('close', onClose);
  subscriber.on('ready', onReady);
  return () => {
    subscriber.off('close', onClose);
    subscriber.off('ready', onReady);
  };
}

/** Whether `promise` settles within `timeoutMs`. */
async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const settled = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}

async function closeClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  if (client.status === 'ready') {
    client.quit().catch(() => undefined);
    // QUIT waits for a reply that never comes while Redis is down: bound it, then drop the socket.
    if (await settlesWithin(ended, QUIT_TIMEOUT_MS)) return;
  }
  // Not connected (Redis down, reconnecting, mid-handshake): nothing to QUIT, only retries to stop.
  // The end is awaited too: a handshake under way when the socket is dropped can still finish first.
  client.disconnect();
  await settlesWithin(ended, QUIT_TIMEOUT_MS);
}

/** Closes the Redis connections of a pub/sub made by {@link createPubSub}; the in-process one holds none. */
export async function closePubSub(pubSub: PubSubEngine): Promise<void> {
  if (!(pubSub instanceof RedisPubSub)) return;
  await Promise.all(
    [pubSub.getPublisher(), pubSub.getSubscriber()].map((client) => closeClient(client as Redis)),
  );
}
