import type { ExecutionUpdatedNotice } from '../notifications/execution.topics.js';
import type { Execution } from '../executions/models/execution.model.js';
import type { ExecutionReads } from './execution.reads.js';
import { isTerminalStatus, progressOf } from './execution.status.js';
import { LiveFeed, type Pull } from './live.feed.js';

/**
 * `executionUpdated(id)` for one subscriber: the execution as it is when the subscription opens,
 * then again on every status change and every pause or resume, read from PostgreSQL (a
 * notification only says "read again"); completes once the execution has ended. Notifications that
 * come late or twice send nothing: only a status that moves the execution forward, or a pause
 * other than the one last sent, is sent.
 */
export class ExecutionUpdatesFeed extends LiveFeed<Execution> {
  protected readonly description: string;
  private progress = -1;
  /** The `pausedAt` last sent: a pause or resume changes it and nothing else of what is sent. */
  private pausedAt: string | null = null;
  private wokenAt: number;

  constructor(
    private readonly reads: ExecutionReads,
    private readonly executionId: string,
  ) {
    super();
    this.description = `execution ${executionId}`;
    this.wokenAt = reads.mark();
  }

  /** Starts listening; the feed's first read follows, so no change made meanwhile is missed. */
  listen(
    watch: (listener: (notice: ExecutionUpdatedNotice | undefined) => void) => Promise<() => void>,
  ): Promise<void> {
    return watch(() => {
      this.wokenAt = this.reads.mark();
      this.wake();
    }).then((unwatch) => this.watching(unwatch));
  }

  protected async pull(): Promise<Pull<Execution>> {
    const execution = await this.reads.execution(this.executionId, this.wokenAt);
    if (!execution || !this.moved(execution)) return { items: [], next: 'wait' };
    this.progress = progressOf(execution);
    this.pausedAt = execution.pausedAt;
    return { items: [execution], next: isTerminalStatus(execution.status) ? 'end' : 'wait' };
  }

  private moved(execution: Execution): boolean {
    const progress = progressOf(execution);
    return progress > this.progress || (progress === this.progress && execution.pausedAt !== this.pausedAt);
  }
}
