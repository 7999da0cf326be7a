import type { EntityManager } from 'typeorm';

/** What the sweeper did with an execution that nothing kept alive. */
export type StuckAction = 'repaired' | 'failed';

/** One stuck execution the sweeper acted on. */
export interface StuckExecutionAct {
  readonly executionId: string;
  readonly action: StuckAction;
  /** What was broken, and for a repair what was re-enqueued. */
  readonly reason: string;
}

/**
 * The audit row of each act, written in the sweep's transaction. The engine declares it and the
 * audit module provides it under {@link STUCK_EXECUTION_AUDIT}, so the engine does not depend on audit.
 */
export interface StuckExecutionAudit {
  record(manager: EntityManager, act: StuckExecutionAct): Promise<void>;
}

export const STUCK_EXECUTION_AUDIT = Symbol('STUCK_EXECUTION_AUDIT');

/**
 * What the sweeper reports to /metrics (`stepgraph_stuck_executions_total{action}`), after its
 * commit; provided by the metrics module under {@link STUCK_EXECUTION_METRICS}.
 */
export interface StuckExecutionMetrics {
  stuckExecutions(action: StuckAction, count: number): void;
}

export const STUCK_EXECUTION_METRICS = Symbol('STUCK_EXECUTION_METRICS');
