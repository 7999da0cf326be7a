import { Logger } from '@nestjs/common';
import {
  allExecutionsChangedTopic,
  executionsChangedTopic,
  type ExecutionStatusNotice,
} from '../notifications/execution.topics.js';
import type { Execution } from '../executions/models/execution.model.js';
import type { ExecutionReads } from './execution.reads.js';
import { progressOf } from './execution.status.js';
import { LiveFeed, type Pull } from './live.feed.js';
import { CATCH_UP_STARTS_LIMIT, TRACKED_EXECUTIONS_LIMIT } from './subscriptions.constants.js';
import type { TopicWatches } from './topic.watches.js';

/** One subscriber of `executionsChanged`: what its channel hands it, in the order it came. */
class ExecutionsChangedFeed extends LiveFeed<Execution> {
  protected readonly description: string;
  private readonly inbox: Execution[] = [];

  constructor(description: string) {
    super();
    this.description = description;
  }

  deliver(execution: Execution): void {
    this.inbox.push(execution);
    this.wake();
  }

  stopWith(unwatch: () => void): void {
    this.watching(unwatch);
  }

  protected async pull(): Promise<Pull<Execution>> {
    return { items: this.inbox.splice(0), next: 'wait' };
  }
}

/**
 * `executionsChanged(stateMachineId)` in this process: one listener of the machine's topic, shared
 * by all its subscribers here; without a machine, one listener of the topic of every execution. Each status notification is read once from PostgreSQL and handed to
 * every subscriber; a notification that does not move the execution forward (late, repeated) is
 * dropped. The catch-up read covers lost notifications: executions started since the newest one
 * seen (up to {@link CATCH_UP_STARTS_LIMIT} per tick), and the status of those seen RUNNING.
 */
export class ExecutionsChangedChannel {
  private readonly logger = new Logger(ExecutionsChangedChannel.name);
  private readonly subscribers = new Set<ExecutionsChangedFeed>();
  /** Executions seen, by id, with their {@link progressOf}; oldest first, at most TRACKED_EXECUTIONS_LIMIT. */
  private readonly progress = new Map<string, number>();
  private newestStart: string | undefined;
  private unwatch: (() => void) | undefined;
  private catchingUp = false;
  private closed = false;
  private readonly description: string;

  constructor(
    private readonly reads: ExecutionReads,
    /** Undefined: the executions of every state machine. */
    private readonly stateMachineId: string | undefined,
    /** Called when the last subscriber has left and the channel closed. */
    private readonly onClosed: () => void,
  ) {
    this.description =
      stateMachineId === undefined ? 'every execution' : `the executions of state machine ${stateMachineId}`;
  }

  /** Notes the newest execution so far (later starts are new), then starts listening. */
  async open(watches: TopicWatches): Promise<void> {
    const [newest] = await this.reads.startedAfter(this.stateMachineId, undefined, 1);
    this.newestStart = newest?.startedAt;
    const topic =
      this.stateMachineId === undefined
        ? allExecutionsChangedTopic()
        : executionsChangedTopic(this.stateMachineId);
    this.unwatch = await watches.watch(topic, (notice) => {
      if (notice) void this.onNotice(notice);
      else void this.catchUp();
    });
  }

  /** A new subscriber: it receives the changes from now on. Undefined once the channel has closed. */
  subscribe(): ExecutionsChangedFeed | undefined {
    if (this.closed) return undefined;
    const feed = new ExecutionsChangedFeed(this.description);
    this.subscribers.add(feed);
    feed.stopWith(() => this.leave(feed));
    return feed;
  }

  private leave(feed: ExecutionsChangedFeed): void {
    this.subscribers.delete(feed);
    if (this.subscribers.size > 0) return;
    this.closed = true;
    this.unwatch?.();
    this.onClosed();
  }

  private async onNotice(notice: ExecutionStatusNotice): Promise<void> {
    try {
      const execution = await this.reads.execution(notice.executionId, this.reads.mark());
      if (execution) this.offer(execution);
    } catch (error) {
      this.logger.warn(
        `Reading execution ${notice.executionId} failed; the catch-up read will retry: ${(error as Error).message}`,
      );
    }
  }

  private async catchUp(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      const since = this.newestStart === undefined ? undefined : new Date(this.newestStart);
      const started = await this.reads.startedAfter(this.stateMachineId, since, CATCH_UP_STARTS_LIMIT);
      const running = [...this.progress].filter(([, progress]) => progress % 2 === 0).map(([id]) => id);
      const current = running.length > 0 ? await this.reads.executions(running) : [];
      // Oldest start first, as the notifications would have come.
      for (const execution of [...started].reverse()) this.offer(execution);
      for (const execution of current) this.offer(execution);
    } catch (error) {
      this.logger.warn(`Catching up ${this.description} failed: ${(error as Error).message}`);
    } finally {
      this.catchingUp = false;
    }
  }

  /** Hands `execution` to every subscriber, unless it is not ahead of what they already have. */
  private offer(execution: Execution): void {
    if (this.newestStart === undefined || execution.startedAt > this.newestStart)
      this.newestStart = execution.startedAt;
    const progress = progressOf(execution);
    const seen = this.progress.get(execution.id);
    if (seen !== undefined && progress <= seen) return;
    // Re-inserted, so that the Map's order stays "least recently changed first" for the trim below.
    this.progress.delete(execution.id);
    this.progress.set(execution.id, progress);
    if (this.progress.size > TRACKED_EXECUTIONS_LIMIT) {
      this.progress.delete(this.progress.keys().next().value as string);
    }
    for (const subscriber of this.subscribers) subscriber.deliver(execution);
  }
}
