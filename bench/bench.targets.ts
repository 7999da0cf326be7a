/** The bench targets, checked against a sitting's figures: ratios to the peers measured beside it. */
import type { ApiResult } from './api.scenario.js';
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

/** The trivial authenticated query's rate, as a share of the bare Apollo server's at the same level. */
export const API_QUERY_SHARE_OF_BARE = 0.5;
/** `startExecution` requests/s at the most clients the scenario runs (50). */
export const API_STARTS_PER_SECOND = 1_000;
/** `startExecution` p50 with one client, milliseconds. */
export const API_START_P50_MS = 5;

/** The API targets, against the API scenario's figures. */
export function checkApiTargets(results: readonly ApiResult[]): TargetCheck[] {
  const find = (system: string, workflow: string, inFlight: number) =>
    results.find((r) => r.system === system && r.workflow === workflow && r.inFlight === inFlight);
  const checks: TargetCheck[] = [];
  for (const query of results.filter((r) => r.system === 'stepgraph' && r.workflow === 'api-query')) {
    const bare = find('apollo-bare', 'api-query', query.inFlight);
    if (!bare) continue;
    const share = query.requestsPerSecond / bare.requestsPerSecond;
    checks.push({
      target: `{ apiVersion } requests/s at ${query.inFlight} client${query.inFlight > 1 ? 's' : ''} ≥ ${API_QUERY_SHARE_OF_BARE}× a bare Apollo server`,
      measured: `${round(query.requestsPerSecond)} vs ${round(bare.requestsPerSecond)}: ${share.toFixed(2)}×`,
      met: share >= API_QUERY_SHARE_OF_BARE,
    });
  }
  const starts = results.filter((r) => r.system === 'stepgraph' && r.workflow === 'api-start');
  const busiest = starts.reduce<ApiResult | undefined>(
    (most, r) => (most === undefined || r.inFlight > most.inFlight ? r : most),
    undefined,
  );
  if (busiest && busiest.inFlight > 1) {
    checks.push({
      target: `startExecution ≥ ${round(API_STARTS_PER_SECOND)}/s at ${busiest.inFlight} clients`,
      measured: `${round(busiest.requestsPerSecond)}/s`,
      met: busiest.requestsPerSecond >= API_STARTS_PER_SECOND,
    });
  }
  const alone = find('stepgraph', 'api-start', 1);
  if (alone) {
    checks.push({
      target: `startExecution p50 ≤ ${API_START_P50_MS} ms with one client`,
      measured: `${alone.latencyMs.p50.toFixed(1)} ms`,
      met: alone.latencyMs.p50 <= API_START_P50_MS,
    });
  }
  return checks;
}
