import type { FireOutcome } from './schedule.repository.js';

/**
 * What the scheduler reports to /metrics. The engine declares it and the metrics module provides
 * it under {@link SCHEDULE_FIRE_METRICS}, so the engine does not depend on observability.
 */
export interface ScheduleFireMetrics {
  /** `count` fires decided with `outcome`, in a transaction that committed. */
  firesDecided(outcome: FireOutcome, count: number): void;
  /** An execution started for a fire `lagMs` after the fire's time. */
  fireStarted(lagMs: number): void;
}

export const SCHEDULE_FIRE_METRICS = Symbol('SCHEDULE_FIRE_METRICS');
