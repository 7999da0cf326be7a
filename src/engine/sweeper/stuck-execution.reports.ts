import type { EngineAuditEntry } from '../engine-audit.js';

/** What the sweeper did with an execution that nothing kept alive. */
export type StuckAction = 'repaired' | 'failed';

/** One stuck execution the sweeper acted on. */
export interface StuckExecutionAct {
  readonly executionId: string;
  readonly action: StuckAction;
  /** What was broken, and for a repair what was re-enqueued. */
  readonly reason: string;
}

/** The operation of the sweeper's audit rows: an act of the engine itself, with no one signed in. */
export const STUCK_EXECUTION_OPERATION = 'engine.stuckExecution';

/** The audit row of an act, written in the sweep's transaction; the details name the sweeper, what it did and why. */
export function stuckExecutionEntry(act: StuckExecutionAct): EngineAuditEntry {
  return {
    actor: undefined,
    operation: STUCK_EXECUTION_OPERATION,
    targetIds: [act.executionId],
    outcome: 'success',
    details: { by: 'engine.sweeper', action: act.action, reason: act.reason },
  };
}

/**
 * What the sweeper reports to /metrics (`stepgraph_stuck_executions_total{action}`), after its
 * commit; provided by the metrics module under {@link STUCK_EXECUTION_METRICS}.
 */
export interface StuckExecutionMetrics {
  stuckExecutions(action: StuckAction, count: number): void;
}

export const STUCK_EXECUTION_METRICS = Symbol('STUCK_EXECUTION_METRICS');
