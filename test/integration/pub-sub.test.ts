import type { PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { closePubSub, createPubSub } from '../../src/notifications/pub-sub.factory.js';
import { defineTopic, publish, subscribeTo } from '../../src/notifications/pub-sub.topic.js';
import { describeWithRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(30_000);

interface StatusChanged {
  id: string;
  status: string;
  at: Date;
}

const statusTopic = (id: string) => defineTopic<StatusChanged>(`test.status.${id}`);

/** Resolves with the first message of a topic once the broker has confirmed the subscription. */
async function firstMessage<T>(
  pubSub: PubSubEngine,
  topic: { name: string },
): Promise<{ message: Promise<T> }> {
  let deliver!: (value: T) => void;
  const message = new Promise<T>((resolve) => {
    deliver = resolve;
  });
  await pubSub.subscribe(topic.name, deliver, {});
  return { message };
}

function withDeadline<T>(promise: Promise<T>, timeoutMs = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`nothing arrived within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('in-process pub/sub (no REDIS_URL)', () => {
  const pubSub = createPubSub(undefined);

  it('is the in-process PubSub', () => {
    expect(pubSub).not.toBeInstanceOf(RedisPubSub);
  });

  it('delivers a published payload to an iterator of its topic, and only of its topic', async () => {
    const updates = subscribeTo(pubSub, statusTopic('e1'));
    const next = updates.next();
    const at = new Date();
    expect(await publish(pubSub, statusTopic('other'), { id: 'other', status: 'FAILED', at })).toBe(true);
    expect(await publish(pubSub, statusTopic('e1'), { id: 'e1', status: 'SUCCEEDED', at })).toBe(true);
    expect(await withDeadline(next)).toEqual({ done: false, value: { id: 'e1', status: 'SUCCEEDED', at } });
    await updates.return?.();
  });

  it('closes without error though it holds no connection', async () => {
    await expect(closePubSub(pubSub)).resolves.toBeUndefined();
  });
});

describeWithRedis('Redis pub/sub (REDIS_URL set)', (redisUrl) => {
  let instanceA: PubSubEngine;
  let instanceB: PubSubEngine;

  beforeAll(() => {
    instanceA = createPubSub(redisUrl);
    instanceB = createPubSub(redisUrl);
  });

  afterAll(async () => {
    await Promise.all([closePubSub(instanceA), closePubSub(instanceB)]);
  });

  it('is a RedisPubSub', () => {
    expect(instanceA).toBeInstanceOf(RedisPubSub);
  });

  it('delivers a payload published by one instance to a subscriber on another, as JSON', async () => {
    const topic = statusTopic(`e-${process.pid}-${Date.now()}`);
    const { message } = await firstMessage<StatusChanged>(instanceA, topic);
    const at = new Date('2026-01-31T12:00:00.000Z');
    expect(await publish(instanceB, topic, { id: 'e2', status: 'RUNNING', at })).toBe(true);
    // Through Redis a Date arrives as its ISO string, which the DateTime scalar serializes as is.
    expect(await withDeadline(message)).toEqual({
      id: 'e2',
      status: 'RUNNING',
      at: '2026-01-31T12:00:00.000Z',
    });
  });

  it('delivers to every instance that subscribed', async () => {
    const topic = statusTopic(`fanout-${process.pid}-${Date.now()}`);
    const [onA, onB] = await Promise.all([
      firstMessage<StatusChanged>(instanceA, topic),
      firstMessage<StatusChanged>(instanceB, topic),
    ]);
    await publish(instanceA, topic, { id: 'e3', status: 'ABORTED', at: new Date() });
    expect((await withDeadline(onA.message)).status).toBe('ABORTED');
    expect((await withDeadline(onB.message)).status).toBe('ABORTED');
  });

  it('keeps a subscription opened while the connection is still in its handshake', async () => {
    const pubSub = createPubSub(redisUrl) as unknown as RedisPubSub;
    const topic = statusTopic(`handshake-${process.pid}-${Date.now()}`);
    const received: StatusChanged[] = [];
    // 'connect' fires before ioredis's handshake (CLIENT SETINFO, INFO) is done: a raw SUBSCRIBE
    // sent then makes the handshake fail, and the subscription dies with the reconnection.
    const subscribed = new Promise<number>((resolve, reject) => {
      pubSub.getSubscriber().once('connect', () => {
        setImmediate(() =>
          pubSub.subscribe<StatusChanged>(topic.name, (m) => received.push(m)).then(resolve, reject),
        );
      });
    });
    try {
      await withDeadline(subscribed);
      await waitFor(() => (pubSub.getSubscriber().status === 'ready' ? true : undefined), {
        what: 'a ready subscriber',
      });
      const message = await waitFor(
        async () => {
          await publish(instanceB, topic, { id: 'e4', status: 'RUNNING', at: new Date() });
          return received[0];
        },
        // A subscription lost in the handshake never comes back: the deadline only bounds the wait.
        { what: 'the message on the subscription opened during the handshake' },
      );
      expect(message.id).toBe('e4');
    } finally {
      await closePubSub(pubSub as unknown as PubSubEngine);
    }
  });

  it('closes both of its Redis connections', async () => {
    const pubSub = createPubSub(redisUrl) as unknown as RedisPubSub;
    await pubSub.getPublisher().ping();
    await closePubSub(pubSub as unknown as PubSubEngine);
    expect(pubSub.getPublisher().status).toBe('end');
    expect(pubSub.getSubscriber().status).toBe('end');
  });
});

describe('Redis pub/sub when Redis is unreachable', () => {
  it('reports a failed publish as false instead of throwing, and still closes', async () => {
    // Port 1 refuses connections: nothing listens there.
    const pubSub = createPubSub('redis://127.0.0.1:1');
    try {
      expect(
        await publish(pubSub, statusTopic('lost'), { id: 'lost', status: 'RUNNING', at: new Date() }),
      ).toBe(false);
    } finally {
      await closePubSub(pubSub);
    }
  });
});
