/** The engine targets, checked against a run's figures. */
import type { Summary } from './bench.summary.js';
import type { MemoryResult } from './memory.scenario.js';

/** Task transitions/s at 1,000 executions in flight, as a share of the pg-boss chain's. */
export const TASK_SHARE_OF_CEILING = 0.75;
export const PASS_TRANSITIONS_PER_SECOND = 20_000;
export const TASK_GAP_P50_MS = 5;
export const TASK_GAP_P99_MS = 20;
const LOAD_CONCURRENCY = 1000;

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const round = (value: number) => Math.round(value).toLocaleString('en-US');

export function checkTargets(
  summaries: readonly Summary[],
  names: { readonly pass: string; readonly task: string; readonly ceiling: string },
  memory: MemoryResult | undefined,
): TargetCheck[] {
  const find = (scenario: string, concurrency: number) =>
    summaries.find((s) => s.scenario === scenario && s.concurrency === concurrency);
  const checks: TargetCheck[] = [];
  const task = find(names.task, LOAD_CONCURRENCY);
  const ceiling = find(names.ceiling, LOAD_CONCURRENCY);
  if (task && ceiling) {
    const share = task.transitionsPerSecond / ceiling.transitionsPerSecond;
    checks.push({
      target: `Task transitions/s at ${LOAD_CONCURRENCY} executions ≥ ${TASK_SHARE_OF_CEILING * 100}% of the pg-boss chain`,
      measured: `${round(task.transitionsPerSecond)} vs ${round(ceiling.transitionsPerSecond)}: ${Math.round(share * 100)}%`,
      met: share >= TASK_SHARE_OF_CEILING,
    });
  }
  const passes = summaries.filter((s) => s.scenario === names.pass);
  if (passes.length > 0) {
    const best = passes.reduce((a, b) => (b.transitionsPerSecond > a.transitionsPerSecond ? b : a));
    checks.push({
      target: `Pass transitions/s ≥ ${round(PASS_TRANSITIONS_PER_SECOND)}`,
      measured: `${round(best.transitionsPerSecond)} (best, at ${best.concurrency} in flight)`,
      met: best.transitionsPerSecond >= PASS_TRANSITIONS_PER_SECOND,
    });
  }
  const single = find(names.task, 1)?.stepGapMs;
  if (single) {
    checks.push({
      target: `Task-to-Task latency at 1 execution: p50 ≤ ${TASK_GAP_P50_MS} ms, p99 ≤ ${TASK_GAP_P99_MS} ms`,
      measured: `p50 ${single.p50.toFixed(1)} ms, p99 ${single.p99.toFixed(1)} ms`,
      met: single.p50 <= TASK_GAP_P50_MS && single.p99 <= TASK_GAP_P99_MS,
    });
  }
  if (memory) {
    checks.push({
      target: `Memory flat over ${round(memory.executions)} executions`,
      measured: `heap ${memory.heapSlopeMbPer10k.toFixed(2)} MB, RSS ${memory.rssSlopeMbPer10k.toFixed(2)} MB per 10,000 after warm-up`,
      met: memory.flat,
    });
  }
  return checks;
}
