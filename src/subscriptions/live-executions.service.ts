import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { bulkOperationTopic } from '../notifications/bulk-operation.topics.js';
import { executionEventsTopic, executionUpdatedTopic } from '../notifications/execution.topics.js';
import { isUuid } from '../common/identifiers.js';
import { BulkOperationsService } from '../executions/bulk-operations.service.js';
import { ExecutionsRepository } from '../executions/executions.repository.js';
import type { BulkOperation } from '../executions/models/bulk-operation.model.js';
import { ExecutionsService } from '../executions/executions.service.js';
import type { ExecutionEvent } from '../executions/models/execution-event.model.js';
import type { Execution } from '../executions/models/execution.model.js';
import { BulkOperationProgressFeed } from './bulk-operation-progress.feed.js';
import { ExecutionEventsFeed } from './execution-events.feed.js';
import { ExecutionUpdatesFeed } from './execution-updates.feed.js';
import { ExecutionReads } from './execution.reads.js';
import { isTerminalStatus } from './execution.status.js';
import { ExecutionsChangedChannel } from './executions-changed.channel.js';
import { TopicWatches } from './topic.watches.js';

/**
 * Live views of executions for GraphQL subscriptions (docs/design.md §5). Each one listens first, then
 * reads PostgreSQL, so that nothing committed in between is missed. Whether the caller may
 * subscribe at all was decided before (graphql-shield, per event too); here an id that names
 * nothing gets NOT_FOUND, the same answer whatever the reason, so existence never leaks.
 */
/** The key of the channel of every execution among those of single state machines (UUIDs). */
const EVERY_MACHINE = '*';

@Injectable()
export class LiveExecutionsService {
  /** By state machine id, or {@link EVERY_MACHINE}. */
  private readonly channels = new Map<string, Promise<ExecutionsChangedChannel>>();

  constructor(
    private readonly executions: ExecutionsService,
    private readonly repository: ExecutionsRepository,
    private readonly reads: ExecutionReads,
    private readonly watches: TopicWatches,
    private readonly bulkOperations: BulkOperationsService,
  ) {}

  /** A bulk operation now and after each batch that moved it on; completes once it has ended. */
  async bulkProgress(operationId: string): Promise<AsyncIterableIterator<BulkOperation>> {
    const operation = await this.bulkOperations.get(operationId);
    const id = operation.id as string;
    const feed = new BulkOperationProgressFeed(() => this.bulkOperations.get(id), id);
    await feed.listen((listener) => this.watches.watch(bulkOperationTopic(id), listener));
    return feed;
  }

  /** The history events of an execution after `afterSeq`, replayed then live; completes after the last. */
  events(executionId: string, afterSeq: number): Promise<AsyncIterableIterator<ExecutionEvent>> {
    return this.eventsFeed(executionId, afterSeq);
  }

  /** The same events, as arrays of what each read found: the events of a commit arrive together. */
  async eventBatches(
    executionId: string,
    afterSeq: number,
  ): Promise<AsyncIterableIterator<readonly ExecutionEvent[]>> {
    return (await this.eventsFeed(executionId, afterSeq)).batches();
  }

  private async eventsFeed(executionId: string, afterSeq: number): Promise<ExecutionEventsFeed> {
    const execution = await this.executions.get(executionId);
    const feed = new ExecutionEventsFeed({
      reads: this.reads,
      executionId: execution.id,
      afterSeq,
      ended: isTerminalStatus(execution.status),
    });
    await feed.listen((listener) => this.watches.watch(executionEventsTopic(execution.id), listener));
    return feed;
  }

  /** The execution now and on every status change; completes once it has ended. */
  async updates(executionId: string): Promise<AsyncIterableIterator<Execution>> {
    const execution = await this.executions.get(executionId);
    const feed = new ExecutionUpdatesFeed(this.reads, execution.id);
    await feed.listen((listener) => this.watches.watch(executionUpdatedTopic(execution.id), listener));
    return feed;
  }

  /**
   * The executions of a state machine (of every one when undefined) as they start and end, from
   * now on.
   */
  async changes(stateMachineId: string | undefined): Promise<AsyncIterableIterator<Execution>> {
    const liveId = stateMachineId === undefined ? undefined : await this.liveStateMachineId(stateMachineId);
    for (;;) {
      // A channel whose last subscriber just left is closed: the next attempt opens a new one.
      const feed = (await this.channel(liveId)).subscribe();
      if (feed) return feed;
    }
  }

  private async liveStateMachineId(stateMachineId: string): Promise<string> {
    const liveId = isUuid(stateMachineId)
      ? await this.repository.findLiveStateMachineId({ id: stateMachineId })
      : null;
    if (liveId === null) throw AppError.notFound(`State machine ${stateMachineId} not found`);
    return liveId;
  }

  private channel(stateMachineId: string | undefined): Promise<ExecutionsChangedChannel> {
    const key = stateMachineId ?? EVERY_MACHINE;
    const existing = this.channels.get(key);
    if (existing) return existing;
    const channel = new ExecutionsChangedChannel(this.reads, stateMachineId, () => {
      if (this.channels.get(key) === opened) this.channels.delete(key);
    });
    const opened = channel.open(this.watches).then(
      () => channel,
      (error: unknown) => {
        this.channels.delete(key);
        throw error;
      },
    );
    this.channels.set(key, opened);
    return opened;
  }
}
