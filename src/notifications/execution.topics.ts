/**
 * What the engine publishes after each commit (docs/design.md §3 rule 7). Notifications are best-effort
 * and carry `seq`, so a subscriber that misses one notices the gap and reads the history.
 */
import type { ExecutionStatus } from '../common/execution-status.js';
import { defineTopic, type Topic } from './pub-sub.topic.js';

/** History events `fromSeq`..`toSeq` (inclusive) of an execution were committed. */
export interface ExecutionEventsNotice {
  readonly executionId: string;
  readonly fromSeq: number;
  readonly toSeq: number;
}

/** An execution's status changed (it started, ended, or was redriven). */
export interface ExecutionStatusNotice {
  readonly executionId: string;
  readonly status: ExecutionStatus;
}

/**
 * An execution changed in what `executionUpdated` shows: its status (as {@link ExecutionStatusNotice}),
 * its pause (a pause or resume leaves the status RUNNING), or both (a stop ends a paused one).
 */
export interface ExecutionUpdatedNotice {
  readonly executionId: string;
  /** Its status, when it changed. */
  readonly status?: ExecutionStatus;
  /** Whether it is paused now, when a pause, resume or end changed that. */
  readonly paused?: boolean;
}

/** An activity task was scheduled: a long-polling worker of that activity should try to lease it. */
export interface ActivityScheduledNotice {
  readonly activity: string;
}

/** Events committed for one execution. */
export function executionEventsTopic(executionId: string): Topic<ExecutionEventsNotice> {
  return defineTopic(`execution.${executionId}.events`);
}

/** Status and pause changes of one execution. */
export function executionUpdatedTopic(executionId: string): Topic<ExecutionUpdatedNotice> {
  return defineTopic(`execution.${executionId}.updated`);
}

/** Status changes of every execution of one state machine. */
export function executionsChangedTopic(stateMachineId: string): Topic<ExecutionStatusNotice> {
  return defineTopic(`state-machine.${stateMachineId}.executions`);
}

/**
 * Status changes of every execution, for `executionsChanged` without a state machine. Published
 * beside the machine's topic rather than reached by a pattern subscription to the machines' topics:
 * the in-process pub/sub has no patterns, and Redis matches every pattern against every PUBLISH
 * (event notices too, the most frequent), while a PUBLISH nobody subscribed to costs one lookup. It
 * is one more small message per status change (start, end, redrive), none per event.
 */
export function allExecutionsChangedTopic(): Topic<ExecutionStatusNotice> {
  return defineTopic('executions.changed');
}

/** Activity tasks scheduled for `activity`. */
export function activityScheduledTopic(activity: string): Topic<ActivityScheduledNotice> {
  return defineTopic(`activity.${activity}.scheduled`);
}
