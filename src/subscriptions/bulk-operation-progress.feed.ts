import type { BulkOperationNotice } from '../notifications/bulk-operation.topics.js';
import type { BulkOperation } from '../executions/models/bulk-operation.model.js';
import { LiveFeed, type Pull } from './live.feed.js';

/**
 * `bulkOperationProgress(id)` for one subscriber: the operation as it is when the subscription
 * opens, then again whenever a batch has moved it on, read from PostgreSQL (a notice only says
 * "read again"); completes once it has ended. A late or repeated notice sends nothing: only a
 * state with more items handled, or an end, is sent.
 */
export class BulkOperationProgressFeed extends LiveFeed<BulkOperation> {
  protected readonly description: string;
  private handled = -1;

  constructor(
    private readonly readOperation: () => Promise<BulkOperation>,
    operationId: string,
  ) {
    super();
    this.description = `bulk operation ${operationId}`;
  }

  /** Starts listening; the feed's first read follows, so no batch committed meanwhile is missed. */
  listen(
    watch: (listener: (notice: BulkOperationNotice | undefined) => void) => Promise<() => void>,
  ): Promise<void> {
    return watch(() => this.wake()).then((unwatch) => this.watching(unwatch));
  }

  protected async pull(): Promise<Pull<BulkOperation>> {
    const operation = await this.readOperation();
    const ended = operation.status !== 'RUNNING';
    // An end always counts as progress: a last batch may settle nothing new (all skipped earlier).
    const handled = operation.done + operation.failed + (ended ? 1 : 0);
    if (handled <= this.handled) return { items: [], next: 'wait' };
    this.handled = handled;
    return { items: [operation], next: ended ? 'end' : 'wait' };
  }
}
