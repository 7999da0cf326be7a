import type { ExecutionEventsNotice } from '../notifications/execution.topics.js';
import type { ExecutionEvent } from '../executions/models/execution-event.model.js';
import type { ExecutionReads } from './execution.reads.js';
import { endedAfter, isTerminalStatus } from './execution.status.js';
import { LiveFeed, type Pull } from './live.feed.js';
import { EVENT_PAGE_SIZE } from './subscriptions.constants.js';

export interface ExecutionEventsFeedOptions {
  readonly reads: ExecutionReads;
  readonly executionId: string;
  /** The subscriber has every event up to this seq. */
  readonly afterSeq: number;
  /** Whether the execution had ended when the subscription was opened. */
  readonly ended: boolean;
}

/**
 * `executionEvents(executionId, afterSeq)` for one subscriber: every event after `afterSeq`, once
 * each, in seq order, then completion once the execution has ended and its last event was sent.
 *
 * PostgreSQL is the only source of events. A notification is a seq range that says "read again";
 * its payload never becomes content. Each read starts after the last seq read, so the replay, the
 * live part and any gap (a notification lost, or fromSeq beyond the last seq + 1) are one and the
 * same read: the missing range is read before anything later, and nothing is sent twice.
 */
export class ExecutionEventsFeed extends LiveFeed<ExecutionEvent> {
  protected readonly description: string;
  private readonly reads: ExecutionReads;
  private readonly executionId: string;
  private lastSeq: number;
  private ended: boolean;
  /** The read order mark of the latest wake: reads must be sent after it (see SharedReads). */
  private wokenAt: number;

  constructor(options: ExecutionEventsFeedOptions) {
    super();
    this.reads = options.reads;
    this.executionId = options.executionId;
    this.lastSeq = options.afterSeq;
    this.ended = options.ended;
    this.description = `the events of execution ${options.executionId}`;
    this.wokenAt = options.reads.mark();
  }

  /** Starts listening; the feed's first read follows, so nothing committed meanwhile is missed. */
  listen(
    watch: (listener: (notice: ExecutionEventsNotice | undefined) => void) => Promise<() => void>,
  ): Promise<void> {
    return watch((notice) => this.onNotice(notice)).then((unwatch) => this.watching(unwatch));
  }

  private onNotice(notice: ExecutionEventsNotice | undefined): void {
    // A range already read (a repeated or late notification) needs no read.
    if (notice && notice.toSeq <= this.lastSeq) return;
    this.wokenAt = this.reads.mark();
    this.wake();
  }

  protected async pull(): Promise<Pull<ExecutionEvent>> {
    const events = await this.readPage(this.wokenAt);
    if (events.length === EVENT_PAGE_SIZE) return { items: events, next: 'more' };
    if (!this.ended) return { items: events, next: 'wait' };
    // The status is read before the events: once it is terminal, every event was committed with
    // it or before, so a read after it that finds nothing more means the history is complete.
    const execution = await this.reads.execution(this.executionId, this.wokenAt);
    const rest = await this.readPage(this.reads.mark());
    const items = [...events, ...rest];
    if (rest.length === EVENT_PAGE_SIZE) return { items, next: 'more' };
    return { items, next: rest.length === 0 && isTerminalStatus(execution?.status) ? 'end' : 'wait' };
  }

  /** The next page after the last seq read, from a read sent after `notBefore`. */
  private async readPage(notBefore: number): Promise<readonly ExecutionEvent[]> {
    const events = await this.reads.eventsAfter(this.executionId, this.lastSeq, notBefore);
    for (const event of events) this.ended = endedAfter(event, this.ended);
    if (events.length > 0) this.lastSeq = events[events.length - 1]!.seq;
    return events;
  }
}
