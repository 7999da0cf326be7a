/**
 * Memory flatness: many executions through one engine process, memory sampled as they end. Flat
 * means no growth trend once warmed up: the least-squares slopes of the samples after the first
 * fifth stay under {@link FLAT_SLOPE_MB_PER_10K} (heap) and {@link FLAT_RSS_SLOPE_MB_PER_10K} (RSS)
 * per 10,000 executions. Heap is read after a
 * forced collection when `--expose-gc` is on (the bench script sets it), so it shows what is
 * retained rather than what is merely not collected yet.
 */
import { closedLoop } from './bench.metrics.js';
import type { BenchEngine } from './engine.scenario.js';
import type { Workflow } from './bench.workflows.js';

/** Heap growth per 10,000 executions under which memory counts as flat, in MB. */
export const FLAT_SLOPE_MB_PER_10K = 1;
/** The same for RSS, which moves in larger steps as the allocator takes and returns pages. */
export const FLAT_RSS_SLOPE_MB_PER_10K = 5;
const SAMPLES = 40;
const WARM_UP_SHARE = 0.2;
const BYTES_PER_MB = 1024 * 1024;
const PER_10K = 10_000;

export interface MemorySample {
  readonly executions: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

export interface MemoryResult {
  readonly workflow: string;
  readonly executions: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly samples: readonly MemorySample[];
  /** Trend after warm-up, MB per 10,000 executions. */
  readonly heapSlopeMbPer10k: number;
  readonly rssSlopeMbPer10k: number;
  readonly flat: boolean;
}

export async function runMemory(
  engine: BenchEngine,
  workflow: Workflow,
  plan: { readonly total: number; readonly concurrency: number },
): Promise<MemoryResult> {
  const stateMachineId = await engine.createMachine(workflow);
  const unwatch = await engine.watch(stateMachineId);
  const every = Math.max(1, Math.floor(plan.total / SAMPLES));
  const samples: MemorySample[] = [sample(0)];
  let done = 0;
  const wallMs = await closedLoop({
    ...plan,
    runOne: async () => {
      await engine.runOnce(stateMachineId, workflow);
      done += 1;
      if (done % every === 0) samples.push(sample(done));
    },
  });
  unwatch();
  const warm = samples.filter((point) => point.executions >= plan.total * WARM_UP_SHARE);
  const heapSlope = slope(warm.map((point) => [point.executions, point.heapMb])) * PER_10K;
  const rssSlope = slope(warm.map((point) => [point.executions, point.rssMb])) * PER_10K;
  return {
    workflow: workflow.name,
    executions: plan.total,
    concurrency: plan.concurrency,
    seconds: wallMs / 1000,
    samples,
    heapSlopeMbPer10k: heapSlope,
    rssSlopeMbPer10k: rssSlope,
    flat: heapSlope < FLAT_SLOPE_MB_PER_10K && rssSlope < FLAT_RSS_SLOPE_MB_PER_10K,
  };
}

function sample(executions: number): MemorySample {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { executions, rssMb: usage.rss / BYTES_PER_MB, heapMb: usage.heapUsed / BYTES_PER_MB };
}

/** Least-squares slope of y over x; 0 for fewer than two points. */
function slope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}
