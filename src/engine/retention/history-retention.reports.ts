import type { EngineAuditEntry } from '../engine-audit.js';

/** How retention removed expired executions: a week's partitions dropped, or rows deleted in batches. */
export type RetentionMethod = 'drop' | 'delete';

/** One act of retention: a week dropped, or one batch of a week's expired executions deleted. */
export interface RetentionAct {
  readonly method: RetentionMethod;
  /** The week's partition suffix (`w20261207`, or `legacy`). */
  readonly partition: string;
  readonly executions: number;
  readonly events: number;
  /** Executions that ended before this were expired. */
  readonly cutoff: Date;
}

/** The operation of retention's audit rows: an act of the engine itself, with no one signed in. */
export const HISTORY_RETENTION_OPERATION = 'engine.historyRetention';

/** The audit row of an act, written in the act's transaction. */
export function retentionEntry(act: RetentionAct, retentionDays: number): EngineAuditEntry {
  return {
    actor: undefined,
    operation: HISTORY_RETENTION_OPERATION,
    targetIds: [],
    outcome: 'success',
    details: {
      by: 'engine.retention',
      method: act.method,
      partition: act.partition,
      executions: act.executions,
      events: act.events,
      cutoff: act.cutoff.toISOString(),
      retentionDays,
    },
  };
}

/**
 * What retention reports to /metrics after each commit (`stepgraph_history_retention_*`);
 * provided by the metrics module under {@link HISTORY_RETENTION_METRICS}.
 */
export interface HistoryRetentionMetrics {
  historyRetained(act: RetentionAct): void;
  historyRetentionRun(seconds: number): void;
  historyPartitionsCreated(count: number): void;
}

export const HISTORY_RETENTION_METRICS = Symbol('HISTORY_RETENTION_METRICS');
