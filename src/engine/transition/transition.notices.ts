/** What a committed transition tells subscribers (docs/design.md §3 rule 7), published from here only. */
import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { PUB_SUB } from '../../graphql/pub-sub/pub-sub.token.js';
import { publish } from '../../graphql/pub-sub/pub-sub.topic.js';
import { MetricsRegistry } from '../../observability/metrics.registry.js';
import {
  activityScheduledTopic,
  executionEventsTopic,
  executionsChangedTopic,
  executionUpdatedTopic,
  type ExecutionStatus,
} from '../execution.topics.js';

/** The notices of one committed transition. */
export interface TransitionNotices {
  readonly executionId: string;
  readonly stateMachineId: string;
  /** The `seq` range of the events it committed, if any. */
  readonly events: { readonly fromSeq: number; readonly toSeq: number } | undefined;
  /** The execution's status, when it changed (or started, or was redriven). */
  readonly status: ExecutionStatus | undefined;
  /** Activities that got a task to lease. */
  readonly activities: readonly string[];
  /** When its delayed transition jobs come due, in milliseconds from its commit. */
  readonly wakeUpDelaysMs: readonly number[];
}

/**
 * Publishes after commit, and counts the transition for /metrics; never throws (a Redis outage
 * must not fail a committed transition).
 */
@Injectable()
export class TransitionNotifier {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly metrics: MetricsRegistry,
  ) {}

  async publish(notices: TransitionNotices): Promise<void> {
    const { executionId, stateMachineId, events, status } = notices;
    this.metrics.transitionCommitted(notices);
    const sends: Promise<boolean>[] = [];
    if (events)
      sends.push(publish(this.pubSub, executionEventsTopic(executionId), { executionId, ...events }));
    if (status) {
      sends.push(publish(this.pubSub, executionUpdatedTopic(executionId), { executionId, status }));
      sends.push(publish(this.pubSub, executionsChangedTopic(stateMachineId), { executionId, status }));
    }
    for (const activity of new Set(notices.activities)) {
      sends.push(publish(this.pubSub, activityScheduledTopic(activity), { activity }));
    }
    await Promise.all(sends);
  }
}
