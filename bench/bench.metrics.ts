/** What every scenario of the bench measures, and the samplers that measure it while it runs. */
import type pg from 'pg';

/** Who ran a scenario: Stepgraph, or a peer measured beside it on the same database. */
export type BenchSystem = 'stepgraph' | 'dbos' | 'pgboss' | 'pgbench';

/** The figures of one scenario at one concurrency. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly system: BenchSystem;
  /** What ran, the same name for the same work across systems: `task-chain`, `pass-chain`, `commit`… */
  readonly workflow: string;
  readonly concurrency: number;
  readonly executions: number;
  /** Steps per second of wall time: states entered, a peer's steps or jobs, pgbench's commits. */
  readonly transitionsPerSecond: number;
  readonly executionsPerSecond: number;
  /** From one step to the next of the same execution, milliseconds; undefined where no step follows a step. */
  readonly stepGapMs: Percentiles | undefined;
  /** From an execution's start to its end, milliseconds. */
  readonly startToFinishMs: Percentiles;
  readonly peakRssMb: number;
  /** Most connections to the bench database seen at once (pg_stat_activity), the sampler's own excluded. */
  readonly peakConnections: number;
  /** CPU time this process spent per second of wall time (1.0 = one core busy). */
  readonly processCores: number;
}

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

/** The p50 and p99 of `values` (nearest rank); zeros for no values. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return { p50: rank(0.5), p99: rank(0.99) };
}

const BYTES_PER_MB = 1024 * 1024;
/** How often the samplers look, in milliseconds. */
const SAMPLE_INTERVAL_MS = 100;

/** Peak RSS, peak connections and CPU time of this process while a scenario runs. */
export class ResourceSampler {
  private peakRss = 0;
  private peakConnections = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;
  private readonly cpuAtStart = process.cpuUsage();
  private readonly startedAt = performance.now();

  /** Samples through `client`, a connection of its own to the server (not counted). */
  constructor(
    private readonly client: pg.Client,
    private readonly databaseName: string,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
    return this;
  }

  async stop(): Promise<{ peakRssMb: number; peakConnections: number; processCores: number }> {
    clearInterval(this.timer);
    await this.sample();
    const cpu = process.cpuUsage(this.cpuAtStart);
    const wallUs = (performance.now() - this.startedAt) * 1000;
    return {
      peakRssMb: Math.round(this.peakRss / BYTES_PER_MB),
      peakConnections: this.peakConnections,
      processCores: (cpu.user + cpu.system) / wallUs,
    };
  }

  private async sample(): Promise<void> {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
    if (this.sampling) return;
    this.sampling = true;
    try {
      const { rows } = await this.client.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [this.databaseName],
      );
      this.peakConnections = Math.max(this.peakConnections, rows[0]?.count ?? 0);
    } finally {
      this.sampling = false;
    }
  }
}

/**
 * Keeps `concurrency` executions in flight until `total` have ended (a closed loop): each slot
 * starts the next one as soon as its previous one ends. Returns the wall time in milliseconds.
 */
export async function closedLoop(options: {
  readonly total: number;
  readonly concurrency: number;
  readonly runOne: () => Promise<void>;
}): Promise<number> {
  let started = 0;
  const begin = performance.now();
  const slot = async () => {
    while (started < options.total) {
      started += 1;
      await options.runOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.total) }, slot));
  return performance.now() - begin;
}
