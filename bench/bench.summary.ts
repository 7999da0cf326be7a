/** Several runs of the same scenario folded into one line: medians, and how far the runs spread. */
import type { Percentiles, ScenarioResult } from './bench.metrics.js';

export interface Summary extends ScenarioResult {
  readonly runs: number;
  /** (max − min) / median of transitions/s over the runs; 0 for one run. */
  readonly spread: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function medianPercentiles(values: readonly Percentiles[]): Percentiles {
  return { p50: median(values.map((v) => v.p50)), p99: median(values.map((v) => v.p99)) };
}

/** One summary per (scenario, concurrency), in the order they were first measured. */
export function summarize(results: readonly ScenarioResult[]): Summary[] {
  const groups = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    const key = `${result.scenario}@${result.concurrency}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.values()].map((runs) => {
    const first = runs[0] as ScenarioResult;
    const rates = runs.map((run) => run.transitionsPerSecond);
    const gaps = runs.flatMap((run) => (run.stepGapMs ? [run.stepGapMs] : []));
    const transitionsPerSecond = median(rates);
    return {
      scenario: first.scenario,
      system: first.system,
      workflow: first.workflow,
      concurrency: first.concurrency,
      executions: first.executions,
      transitionsPerSecond,
      executionsPerSecond: median(runs.map((run) => run.executionsPerSecond)),
      stepGapMs: gaps.length > 0 ? medianPercentiles(gaps) : undefined,
      startToFinishMs: medianPercentiles(runs.map((run) => run.startToFinishMs)),
      peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
      peakConnections: Math.max(...runs.map((run) => run.peakConnections)),
      processCores: median(runs.map((run) => run.processCores)),
      runs: runs.length,
      spread: transitionsPerSecond > 0 ? (Math.max(...rates) - Math.min(...rates)) / transitionsPerSecond : 0,
    };
  });
}
