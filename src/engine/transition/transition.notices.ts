/** What a committed transition tells subscribers (docs/design.md §3 rule 7), published from here only. */
import { Inject, Injectable } from '@nestjs/common';
import type { ExecutionStatus } from '../../common/execution-status.js';
import type { RecordedSpan } from '../../common/tracing/recorded-span.js';
import type { AfterCommitJob } from '../queue/after-commit.jobs.js';
import {
  activityScheduledTopic,
  allExecutionsChangedTopic,
  executionEventsTopic,
  executionsChangedTopic,
  executionUpdatedTopic,
} from '../../notifications/execution.topics.js';
import { NotificationPublisher } from '../../notifications/notification.publisher.js';

/** The notices of one committed transition. */
export interface TransitionNotices {
  readonly executionId: string;
  readonly stateMachineId: string;
  readonly stateMachineName: string;
  /** The `seq` range of the events it committed, if any. */
  readonly events: { readonly fromSeq: number; readonly toSeq: number } | undefined;
  /** The execution's status, when it changed (or started, or was redriven). */
  readonly status: ExecutionStatus | undefined;
  /** Whether the execution is paused now, when the transition paused, resumed or ended a paused one. */
  readonly paused: boolean | undefined;
  /** Activities that got a task to lease. */
  readonly activities: readonly string[];
  /** When its delayed transition jobs come due, in milliseconds from its commit. */
  readonly wakeUpDelaysMs: readonly number[];
  /** Work this process carries out itself once the transition committed (an HTTP call, a nested start). */
  readonly afterCommit: readonly AfterCommitJob[];
  /** States entered in this transition. */
  readonly statesEntered: number;
  /** When the transition began, once its execution was locked: `performance.now()`, for its latency. */
  readonly beganAt: number;
  /** Spans of the execution's trace that the transition ended, written after its commit. */
  readonly spans?: readonly RecordedSpan[];
}

/**
 * Counts committed transitions for /metrics. The engine declares what it reports and the metrics
 * module provides it under {@link TRANSITION_COUNTER}, so the engine does not depend on observability.
 */
export interface TransitionCounter {
  transitionCommitted(notices: TransitionNotices): void;
}

export const TRANSITION_COUNTER = Symbol('TRANSITION_COUNTER');

/**
 * Publishes after commit, and counts the transition for /metrics; never throws (a Redis outage
 * must not fail a committed transition).
 */
@Injectable()
export class TransitionNotifier {
  constructor(
    private readonly publisher: NotificationPublisher,
    @Inject(TRANSITION_COUNTER) private readonly metrics: TransitionCounter,
  ) {}

  async publish(notices: TransitionNotices): Promise<void> {
    const { executionId, stateMachineId, events, status, paused } = notices;
    this.metrics.transitionCommitted(notices);
    const sends: Promise<boolean>[] = [];
    if (events)
      sends.push(this.publisher.publish(executionEventsTopic(executionId), { executionId, ...events }));
    // A pause or resume concerns only the execution's own page: list views show no pause.
    if (status || paused !== undefined) {
      const updated = {
        executionId,
        ...(status ? { status } : {}),
        ...(paused === undefined ? {} : { paused }),
      };
      sends.push(this.publisher.publish(executionUpdatedTopic(executionId), updated));
    }
    if (status) {
      sends.push(this.publisher.publish(executionsChangedTopic(stateMachineId), { executionId, status }));
      sends.push(this.publisher.publish(allExecutionsChangedTopic(), { executionId, status }));
    }
    for (const activity of new Set(notices.activities)) {
      sends.push(this.publisher.publish(activityScheduledTopic(activity), { activity }));
    }
    await Promise.all(sends);
  }
}
