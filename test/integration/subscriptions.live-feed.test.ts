/**
 * The live feed of an execution's events (src/subscriptions/live.feed.ts, wake.signal.ts,
 * execution-events.feed.ts) against a lost wake-up: events committed while the feed is reading,
 * whose notification arrives before the feed waits, must still be delivered. The feed here listens
 * straight to the engine's in-process pub/sub, with no catch-up tick behind it, so a lost wake-up
 * leaves it waiting forever: the short deadline turns that into a quick failure.
 */
import type { PubSubEngine } from 'graphql-subscriptions';
import type { StateMachineDefinition } from '../../src/asl/index.js';
import {
  executionEventsTopic,
  type ExecutionEventsNotice,
} from '../../src/notifications/execution.topics.js';
import { ExecutionsRepository } from '../../src/executions/executions.repository.js';
import type { ExecutionEvent } from '../../src/executions/models/execution-event.model.js';
import { PUB_SUB } from '../../src/notifications/pub-sub.token.js';
import { ExecutionEventsFeed } from '../../src/subscriptions/execution-events.feed.js';
import { ExecutionReads } from '../../src/subscriptions/execution.reads.js';
import { waitFor } from '../support/wait.js';
import { startEngine, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

/** How long the feed may take to deliver what it was woken for: a lost wake-up never does. */
const DELIVERY_DEADLINE_MS = 5000;

const CALLBACK = {
  StartAt: 'Approve',
  States: {
    Approve: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      End: true,
    },
  },
} as unknown as StateMachineDefinition;

/** The real reads, with a hook that runs once, after a read has fetched its rows and before it returns. */
class ReadsWithAnInterleaving extends ExecutionReads {
  afterNextRead: (() => Promise<void>) | undefined;
  readonly reads: number[] = [];

  override async eventsAfter(
    executionId: string,
    afterSeq: number,
    notBefore: number,
  ): Promise<readonly ExecutionEvent[]> {
    const events = await super.eventsAfter(executionId, afterSeq, notBefore);
    this.reads.push(events.length);
    const interleaved = this.afterNextRead;
    this.afterNextRead = undefined;
    await interleaved?.();
    return events;
  }
}

let engine: EngineHarness;

beforeAll(async () => {
  engine = await startEngine();
});

afterAll(async () => {
  await engine?.close();
});

async function scheduledToken(executionId: string): Promise<string> {
  return waitFor(async () => {
    const scheduled = (await engine.history(executionId)).find((event) => event.type === 'TaskScheduled');
    const parameters = scheduled?.details.parameters;
    return typeof parameters === 'string' ? (JSON.parse(parameters) as { token: string }).token : undefined;
  });
}

/** Subscribes to the execution's events topic on the engine's own pub/sub, as TopicWatches does. */
function watchOn(pubSub: PubSubEngine, executionId: string) {
  return async (listener: (notice: ExecutionEventsNotice | undefined) => void) => {
    const id = await pubSub.subscribe(executionEventsTopic(executionId).name, listener, {});
    return () => pubSub.unsubscribe(id);
  };
}

describe('an execution events feed', () => {
  it('delivers events committed, and announced, while it was reading: no lost wake-up', async () => {
    const executionId = await engine.run(CALLBACK, {});
    const token = await scheduledToken(executionId);
    const reads = new ReadsWithAnInterleaving(new ExecutionsRepository(engine.dataSource));
    const feed = new ExecutionEventsFeed({ reads, executionId, afterSeq: 0, ended: false });
    await feed.listen(watchOn(engine.app.get<PubSubEngine>(PUB_SUB, { strict: false }), executionId));
    // The first read has fetched the events so far; then the task is answered: the execution ends,
    // and its notification reaches the feed before the read even returns.
    reads.afterNextRead = () => engine.commands.sendTaskSuccess(token, { approved: true });

    const delivered: string[] = [];
    let completed = false;
    void (async () => {
      for await (const event of feed) delivered.push(event.type);
      completed = true;
    })();
    await waitFor(() => (completed ? true : undefined), {
      timeoutMs: DELIVERY_DEADLINE_MS,
      intervalMs: 10,
      what: 'the feed to deliver the events committed during its read',
    }).finally(() => void feed.return());

    expect(reads.reads[0]).toBe(4);
    expect(delivered).toEqual((await engine.history(executionId)).map((event) => event.type));
    expect(delivered.at(-1)).toBe('ExecutionSucceeded');
  });
});
