import { EventEmitter } from 'node:events';
import type { PubSubEngine } from 'graphql-subscriptions';
import { ActivityPollService } from '../../src/activities/activity-poll.service.js';
import type { ActivityPollersRecorder } from '../../src/activities/activity-pollers.recorder.js';
import { whileResponseOpen } from '../../src/activities/activity-poll.signal.js';
import type { Json } from '../../src/asl/json.js';
import type { ExecutionCommands } from '../../src/engine/start/execution.commands.js';
import { activityScheduledTopic } from '../../src/notifications/execution.topics.js';
import { createPubSub } from '../../src/notifications/pub-sub.factory.js';

type Task = { taskToken: string; input: Json };

/**
 * The process's in-process pub/sub (what runs without REDIS_URL), watched through its public
 * methods: who subscribed to which topic and who left, so a test can tell when a poll waits and
 * when it stopped.
 */
function watchedPubSub(): { pubSub: PubSubEngine; listening: (topic: string) => number } {
  const pubSub = createPubSub(undefined);
  const open = new Map<number, string>();
  const subscribe = pubSub.subscribe.bind(pubSub);
  const unsubscribe = pubSub.unsubscribe.bind(pubSub);
  pubSub.subscribe = async (topic, onMessage, options) => {
    const id = await subscribe(topic, onMessage, options);
    open.set(id, topic);
    return id;
  };
  pubSub.unsubscribe = (id) => {
    open.delete(id);
    unsubscribe(id);
  };
  return { pubSub, listening: (topic) => [...open.values()].filter((name) => name === topic).length };
}

/** Leases from a queue of tasks the test fills; records every attempt. */
class FakeLeases {
  readonly queue: Task[] = [];
  readonly attempts: { activity: string; workerName: string | undefined }[] = [];

  async leaseActivityTask(activity: string, workerName?: string): Promise<Task | null> {
    this.attempts.push({ activity, workerName });
    return this.queue.shift() ?? null;
  }
}

/** Keeps the polls it is told of (activity_pollers itself is proven against PostgreSQL in test/e2e). */
class KeptPolls {
  readonly polls: { activity: string; workerName: string | null | undefined }[] = [];

  async record(activity: string, workerName: string | null | undefined): Promise<void> {
    this.polls.push({ activity, workerName });
  }
}

/** Resolves once `condition` holds, checking on every turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('ActivityPollService', () => {
  let leases: FakeLeases;
  let pubSub: ReturnType<typeof watchedPubSub>;
  let service: ActivityPollService;
  let kept: KeptPolls;
  const topic = activityScheduledTopic('approve').name;

  beforeEach(() => {
    leases = new FakeLeases();
    pubSub = watchedPubSub();
    kept = new KeptPolls();
    service = new ActivityPollService(
      leases as unknown as ExecutionCommands,
      pubSub.pubSub,
      kept as unknown as ActivityPollersRecorder,
    );
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('returns a scheduled task at once, leased for the named worker', async () => {
    leases.queue.push({ taskToken: 't1', input: { n: 1 } });
    await expect(service.poll('arn:aws:states:::activity:approve', { workerName: 'w1' })).resolves.toEqual({
      taskToken: 't1',
      input: { n: 1 },
    });
    expect(leases.attempts).toEqual([{ activity: 'approve', workerName: 'w1' }]);
    expect(kept.polls).toEqual([{ activity: 'approve', workerName: 'w1' }]);
    expect(pubSub.listening(topic)).toBe(0);
  });

  it('waits on the activity topic and leases as soon as a task is announced', async () => {
    // Timers stand still: only the announcement, never the periodic re-check, can wake the poll.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const poll = service.poll('approve', { waitSeconds: 30 });
    await until(() => leases.attempts.length === 1 && pubSub.listening(topic) === 1);
    leases.queue.push({ taskToken: 't2', input: null });
    await pubSub.pubSub.publish(topic, { activity: 'approve' });
    await expect(poll).resolves.toEqual({ taskToken: 't2', input: null });
    expect(leases.attempts).toHaveLength(2);
    await until(() => pubSub.listening(topic) === 0);
  });

  it('looks again on its own when a notification is lost', async () => {
    const poll = service.poll('approve', { waitSeconds: 30 });
    await until(() => leases.attempts.length === 1);
    leases.queue.push({ taskToken: 't3', input: {} });
    await expect(poll).resolves.toMatchObject({ taskToken: 't3' });
    expect(leases.attempts).toHaveLength(2);
  });

  it('returns null once waitSeconds have passed without a task', async () => {
    const started = Date.now();
    await expect(service.poll('approve', { waitSeconds: 1 })).resolves.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(leases.attempts.length).toBeGreaterThanOrEqual(2);
    await expect(service.poll('approve', { waitSeconds: 0 })).resolves.toBeNull();
  });

  it('stops waiting with null when the client goes away', async () => {
    const client = new AbortController();
    const poll = service.poll('approve', { signal: client.signal });
    await until(() => pubSub.listening(topic) === 1);
    client.abort();
    await expect(poll).resolves.toBeNull();
    await until(() => pubSub.listening(topic) === 0);
  });

  it('ends every waiting poll when the application shuts down', async () => {
    const polls = [service.poll('approve'), service.poll('other')];
    await until(() => leases.attempts.length === 2);
    service.onModuleDestroy();
    await expect(Promise.all(polls)).resolves.toEqual([null, null]);
    await expect(service.poll('approve')).resolves.toBeNull();
  });

  it('refuses an activity name that cannot exist, before leasing anything', async () => {
    await expect(service.poll('has space')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(leases.attempts).toEqual([]);
  });
});

describe('whileResponseOpen', () => {
  it('aborts the work when the connection closes, and leaves no listener behind', async () => {
    const response = Object.assign(new EventEmitter(), { closed: false });
    const work = whileResponseOpen(
      response as never,
      (signal) =>
        new Promise<boolean>((resolve) => signal.addEventListener('abort', () => resolve(signal.aborted))),
    );
    expect(response.listenerCount('close')).toBe(1);
    response.emit('close');
    await expect(work).resolves.toBe(true);
    expect(response.listenerCount('close')).toBe(0);
  });

  it('starts aborted for a connection already closed', async () => {
    const response = Object.assign(new EventEmitter(), { closed: true });
    await expect(whileResponseOpen(response as never, async (signal) => signal.aborted)).resolves.toBe(true);
  });
});
