/** The engine targets, checked against a sitting's figures: ratios to the peers measured beside it. */
import type { Summary } from './bench.summary.js';
import type { MemoryResult } from './memory.scenario.js';

/** Task chain steps/s, as a multiple of DBOS's at the same in-flight level. */
export const TASK_MULTIPLE_OF_DBOS = 2;
/** Pass chain executions/s, as a share of pgbench's commits/s at the same in-flight level. */
export const PASS_SHARE_OF_PGBENCH = 0.5;

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const round = (value: number) => Math.round(value).toLocaleString('en-US');

export function checkTargets(summaries: readonly Summary[], memory: MemoryResult | undefined): TargetCheck[] {
  const find = (system: string, workflow: string, concurrency: number) =>
    summaries.find((s) => s.system === system && s.workflow === workflow && s.concurrency === concurrency);
  const checks: TargetCheck[] = [];
  for (const task of summaries.filter((s) => s.system === 'stepgraph' && s.workflow === 'task-chain')) {
    const dbos = find('dbos', 'task-chain', task.concurrency);
    if (!dbos) continue;
    const multiple = task.transitionsPerSecond / dbos.transitionsPerSecond;
    checks.push({
      target: `Task chain steps/s at ${round(task.concurrency)} in flight ≥ ${TASK_MULTIPLE_OF_DBOS}× DBOS`,
      measured: `${round(task.transitionsPerSecond)} vs ${round(dbos.transitionsPerSecond)}: ${multiple.toFixed(2)}×`,
      met: multiple >= TASK_MULTIPLE_OF_DBOS,
    });
  }
  const single = find('stepgraph', 'task-chain', 1)?.stepGapMs;
  const dbosSingle = find('dbos', 'task-chain', 1)?.stepGapMs;
  if (single && dbosSingle) {
    checks.push({
      target: "Task-to-Task p50 at 1 execution below DBOS's step-to-step p50",
      measured: `${single.p50.toFixed(1)} ms vs ${dbosSingle.p50.toFixed(1)} ms`,
      met: single.p50 < dbosSingle.p50,
    });
  }
  for (const pass of summaries.filter((s) => s.system === 'stepgraph' && s.workflow === 'pass-chain')) {
    const pgbench = find('pgbench', 'commit', pass.concurrency);
    if (!pgbench) continue;
    const share = pass.executionsPerSecond / pgbench.executionsPerSecond;
    checks.push({
      target: `Pass chain executions/s at ${round(pass.concurrency)} in flight ≥ ${PASS_SHARE_OF_PGBENCH}× pgbench commits/s`,
      measured: `${round(pass.executionsPerSecond)} vs ${round(pgbench.executionsPerSecond)}: ${share.toFixed(2)}×`,
      met: share >= PASS_SHARE_OF_PGBENCH,
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
