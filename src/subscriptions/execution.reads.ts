import { Injectable } from '@nestjs/common';
import { ExecutionsRepository } from '../executions/executions.repository.js';
import type { ExecutionEvent } from '../executions/models/execution-event.model.js';
import type { Execution } from '../executions/models/execution.model.js';
import { EVENT_PAGE_SIZE } from './subscriptions.constants.js';
import { SharedReads } from './shared.reads.js';

/**
 * What live subscriptions read from PostgreSQL, through the executions read repository, with
 * identical concurrent reads shared ({@link SharedReads}). One per process: every subscriber of
 * an execution here shares one read per notification. Results are shared too: never mutate them.
 */
@Injectable()
export class ExecutionReads {
  private readonly shared = new SharedReads();

  constructor(private readonly repository: ExecutionsRepository) {}

  /** Taken when a subscriber is woken; pass it to the reads that follow (see {@link SharedReads}). */
  mark(): number {
    return this.shared.mark();
  }

  /** Up to {@link EVENT_PAGE_SIZE} events of an execution after `afterSeq`, in seq order. */
  eventsAfter(executionId: string, afterSeq: number, notBefore: number): Promise<readonly ExecutionEvent[]> {
    return this.shared.read(`events:${executionId}:${afterSeq}`, notBefore, () =>
      this.repository.findEventsAfter(executionId, { afterSeq, limit: EVENT_PAGE_SIZE }),
    );
  }

  /** The execution as it is now, or null. */
  execution(id: string, notBefore: number): Promise<Execution | null> {
    return this.shared.read(`execution:${id}`, notBefore, () => this.repository.findById(id));
  }

  /** The executions with these ids, as they are now. */
  executions(ids: readonly string[]): Promise<Execution[]> {
    return this.repository.findByIds(ids);
  }

  /**
   * The newest executions of a state machine (of every one when undefined) started after
   * `startedAfter` (all of them when undefined), newest first, at most `limit`.
   */
  startedAfter(
    stateMachineId: string | undefined,
    startedAfter: Date | undefined,
    limit: number,
  ): Promise<Execution[]> {
    return this.repository.findRows({ filter: { stateMachineId, startedAfter }, limit });
  }
}
