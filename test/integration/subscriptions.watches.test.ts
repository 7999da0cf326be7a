import type { PubSubEngine } from 'graphql-subscriptions';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import { closePubSub, createPubSub } from '../../src/notifications/pub-sub.factory.js';
import { defineTopic, publish } from '../../src/notifications/pub-sub.topic.js';
import { TopicWatches } from '../../src/subscriptions/topic.watches.js';
import { describeWithRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(30_000);

/**
 * The catch-up tick, out of reach of any test here: a listener asked to read again was asked by the
 * subscription's confirmation or by the reconnection, never by the timer.
 */
const CATCH_UP_INTERVAL_MS = 3_600_000;

interface Notice {
  readonly n: number;
}

describeWithRedis('TopicWatches: one Redis subscription per topic, shared by its listeners', (redisUrl) => {
  let pubSub: PubSubEngine;
  let watches: TopicWatches;
  let admin: Redis;

  beforeAll(() => {
    pubSub = createPubSub(redisUrl);
    watches = new TopicWatches(pubSub, { subscriptions: { catchUpIntervalMs: CATCH_UP_INTERVAL_MS } });
    admin = new Redis(redisUrl);
  });

  afterAll(async () => {
    watches.onModuleDestroy();
    await closePubSub(pubSub);
    admin.disconnect();
  });

  const topicNamed = (label: string) =>
    defineTopic<Notice>(`test.watches.${label}.${process.pid}.${Date.now()}`);
  const subscribersOf = async (name: string) =>
    Number(((await admin.pubsub('NUMSUB', name)) as [string, number])[1]);

  it('subscribes once for all listeners of a topic, delivers to each, and unsubscribes after the last', async () => {
    const topic = topicNamed('shared');
    const first: Array<Notice | undefined> = [];
    const second: Array<Notice | undefined> = [];
    const stopFirst = await watches.watch(topic, (notice) => first.push(notice));
    const stopSecond = await watches.watch(topic, (notice) => second.push(notice));
    expect(await subscribersOf(topic.name)).toBe(1);
    await publish(pubSub, topic, { n: 1 });
    await waitFor(() => (first.some((n) => n?.n === 1) && second.some((n) => n?.n === 1) ? true : undefined));
    stopFirst();
    expect(await subscribersOf(topic.name)).toBe(1);
    stopSecond();
    await waitFor(async () => ((await subscribersOf(topic.name)) === 0 ? true : undefined));
  });

  it('asks its listeners to read again once the subscription is confirmed, before any notification', async () => {
    const heard: Array<Notice | undefined> = [];
    const stop = await watches.watch(topicNamed('confirmed'), (notice) => heard.push(notice));
    await waitFor(() => (heard.length > 0 ? true : undefined));
    expect(heard[0]).toBeUndefined();
    stop();
  });

  it('asks its listeners to read again as soon as the Redis connection is back, not at a catch-up tick', async () => {
    const topic = topicNamed('reconnect');
    const heard: Array<Notice | undefined> = [];
    const stop = await watches.watch(topic, (notice) => heard.push(notice));
    await waitFor(() => (heard.length > 0 ? true : undefined));
    const before = heard.length;
    // This process's subscriber connection only: other test files share the server.
    const subscriber = (pubSub as unknown as RedisPubSub).getSubscriber() as Redis;
    await admin.client('KILL', 'ADDR', `${subscriber.stream.localAddress}:${subscriber.stream.localPort}`);
    // Nothing is published meanwhile and the catch-up tick is an hour away: only the reconnection asks.
    await waitFor(() => (heard.slice(before).includes(undefined) ? true : undefined), {
      what: 'a wake after the reconnection',
    });
    // Subscribed again: notifications flow as before.
    await waitFor(async () => {
      await publish(pubSub, topic, { n: 2 });
      return heard.some((notice) => notice?.n === 2) ? true : undefined;
    });
    stop();
  });
});
