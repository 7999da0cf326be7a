import type { PubSubEngine } from 'graphql-subscriptions';
import { closePubSub, createPubSub } from '../../src/notifications/pub-sub.factory.js';
import { publish } from '../../src/notifications/pub-sub.topic.js';
import { describeWithRedis } from '../support/redis.js';
import { openGraphqlSocket, type GraphqlSocket } from '../support/graphql-ws-client.js';
import { bootProbeApp, tickTopic, type ProbeApp } from './api-probe.js';
import { Ticks, UnknownField } from './probe-documents.js';

/** How often a test re-publishes while it waits for the server to have registered the subscription. */
const REPUBLISH_INTERVAL_MS = 25;

describe('GraphQL subscriptions over graphql-ws', () => {
  let probe: ProbeApp;
  let socket: GraphqlSocket;

  beforeAll(async () => {
    probe = await bootProbeApp();
  });

  beforeEach(() => {
    socket = openGraphqlSocket(probe.url, { connectionParams: { authorization: 'Bearer later' } });
  });

  afterEach(async () => {
    await socket.close();
  });

  afterAll(async () => {
    await probe.close();
  });

  it('connects on /graphql', async () => {
    await expect(socket.connected()).resolves.toBeUndefined();
  });

  it('delivers a message published on the pub/sub to the subscriber, typed', async () => {
    const subscription = socket.subscribe(Ticks, { channel: 'a' });
    const at = new Date('2026-01-31T12:00:00.000Z');
    // The client cannot know when the server has attached the subscription to the pub/sub, so
    // keep publishing until the first message arrives (next() has its own deadline).
    const ticker = setInterval(() => {
      void publish(probe.pubSub, tickTopic('a'), { n: 1, at, payload: { ok: true } });
    }, REPUBLISH_INTERVAL_MS);
    try {
      const result = await subscription.next();
      expect(result).toEqual({
        data: { ticks: { n: 1, at: '2026-01-31T12:00:00.000Z', payload: { ok: true } } },
      });
    } finally {
      clearInterval(ticker);
      await subscription.close();
    }
  });

  it('does not deliver messages of another topic', async () => {
    const other = socket.subscribe(Ticks, { channel: 'b' });
    const mine = socket.subscribe(Ticks, { channel: 'c' });
    const ticker = setInterval(() => {
      void publish(probe.pubSub, tickTopic('b'), { n: 2, at: new Date(), payload: 'b' });
      void publish(probe.pubSub, tickTopic('c'), { n: 3, at: new Date(), payload: 'c' });
    }, REPUBLISH_INTERVAL_MS);
    try {
      expect((await other.next()).data?.ticks.payload).toBe('b');
      expect((await mine.next()).data?.ticks.payload).toBe('c');
    } finally {
      clearInterval(ticker);
      await Promise.all([other.close(), mine.close()]);
    }
  });

  it('sends an AppError thrown by a subscription resolver with its code and a request id', async () => {
    const subscription = socket.subscribe(Ticks, { channel: 'forbidden' });
    const result = await subscription.next();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'Not your channel',
        path: ['ticks'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN', requestId: expect.any(String) }),
      }),
    ]);
  });

  it('reports an invalid subscription document with a code and a request id', async () => {
    const subscription = socket.subscribe(UnknownField);
    await expect(subscription.next()).rejects.toEqual([
      expect.objectContaining({
        message: 'Cannot query field "nope" on type "Query".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', requestId: expect.any(String) },
      }),
    ]);
  });
});

describeWithRedis('GraphQL subscriptions across instances through Redis', (redisUrl) => {
  let probe: ProbeApp;
  let otherInstance: PubSubEngine;

  beforeAll(async () => {
    probe = await bootProbeApp({ REDIS_URL: redisUrl });
    otherInstance = createPubSub(redisUrl);
  });

  afterAll(async () => {
    await closePubSub(otherInstance);
    await probe.close();
  });

  it('delivers to a subscriber on this instance what another instance published', async () => {
    const socket = openGraphqlSocket(probe.url);
    const channel = `cross-${process.pid}-${Date.now()}`;
    const subscription = socket.subscribe(Ticks, { channel });
    const ticker = setInterval(() => {
      void publish(otherInstance, tickTopic(channel), { n: 9, at: new Date(0), payload: ['from', 'B'] });
    }, REPUBLISH_INTERVAL_MS);
    try {
      expect(await subscription.next()).toEqual({
        data: { ticks: { n: 9, at: '1970-01-01T00:00:00.000Z', payload: ['from', 'B'] } },
      });
    } finally {
      clearInterval(ticker);
      await subscription.close();
      await socket.close();
    }
  });
});
