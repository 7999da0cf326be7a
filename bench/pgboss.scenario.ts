/**
 * pg-boss, a peer: a ten-job chain worked as pg-boss recommends for throughput. Workers fetch jobs
 * by the batch (`batchSize`), several per process (`localConcurrency`), woken by LISTEN/NOTIFY and
 * fetching again at once while batches come back full (`burstWhenBatchFull`). A `transactional`
 * handler applies its whole batch in the transaction pg-boss completes the jobs in: one statement
 * advances every chain of the batch, one insert enqueues their next jobs. A chain starts with its
 * row and first job in one transaction. pg-boss's pool has as many connections as Stepgraph's two.
 */
import { PgBoss, type Db, type Job } from 'pg-boss';
import pg from 'pg';
import { closedLoop, percentiles, ResourceSampler, type ScenarioResult } from './bench.metrics.js';
import type { BenchDatabase } from './bench.database.js';

const QUEUE = 'peer.chain';
const SCHEMA = 'peer_boss';
const POOL_SIZE = 20;
const STARTS_POOL_SIZE = 5;
const BATCH_SIZE = 50;
const LOCAL_CONCURRENCY = 4;

interface ChainJob {
  readonly chain: number;
}

/** The pg-boss chain, ready to run at any concurrency. */
export class PgBossChain {
  private readonly waiters = new Map<number, () => void>();
  private readonly lastStepAt = new Map<number, number>();
  private gaps: number[] = [];
  private nextChain = 0;

  private constructor(
    private readonly boss: PgBoss,
    private readonly pool: pg.Pool,
    private readonly steps: number,
  ) {}

  static async start(database: BenchDatabase, options: { steps: number }): Promise<PgBossChain> {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: STARTS_POOL_SIZE,
      application_name: 'pgboss-peer',
    });
    await pool.query(
      'CREATE TABLE peer_chains (id bigint PRIMARY KEY, step int NOT NULL, ended_at timestamptz)',
    );
    const boss = new PgBoss({
      connectionString: database.url,
      schema: SCHEMA,
      max: POOL_SIZE,
      useListenNotify: true,
      schedule: false,
    });
    boss.on('error', (error) => process.stderr.write(`pg-boss peer: ${error.message}\n`));
    await boss.start();
    await boss.createQueue(QUEUE, { notify: true, retryLimit: 5, retryDelay: 1 });
    const chain = new PgBossChain(boss, pool, options.steps);
    await boss.work(
      QUEUE,
      {
        batchSize: BATCH_SIZE,
        localConcurrency: LOCAL_CONCURRENCY,
        burstWhenBatchFull: true,
        transactional: true,
      },
      (jobs: Job<ChainJob>[], tx: Db) => chain.advance(jobs, tx),
    );
    return chain;
  }

  /** Runs `total` chains, `concurrency` at a time. */
  async measure(
    database: BenchDatabase,
    plan: { readonly concurrency: number; readonly total: number },
  ): Promise<ScenarioResult> {
    this.gaps = [];
    const durations: number[] = [];
    const sampler = new ResourceSampler(database.admin, database.name).start();
    const wallMs = await closedLoop({
      ...plan,
      runOne: async () => {
        const begin = performance.now();
        await this.runChain();
        durations.push(performance.now() - begin);
      },
    });
    const resources = await sampler.stop();
    const seconds = wallMs / 1000;
    return {
      scenario: `pg-boss ${this.steps}-job chain`,
      system: 'pgboss',
      workflow: 'task-chain',
      concurrency: plan.concurrency,
      executions: plan.total,
      transitionsPerSecond: (plan.total * this.steps) / seconds,
      executionsPerSecond: plan.total / seconds,
      stepGapMs: percentiles(this.gaps),
      startToFinishMs: percentiles(durations),
      ...resources,
    };
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true });
    await this.pool.end();
  }

  /** Starts a chain (its row and first job in one transaction) and resolves when its last job committed. */
  private async runChain(): Promise<void> {
    const chain = this.nextChain++;
    const ended = new Promise<void>((resolve) => this.waiters.set(chain, resolve));
    const client = await this.pool.connect();
    const db: Db = {
      executeSql: async (text, values) => ({ rows: (await client.query(text, values)).rows }),
    };
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO peer_chains (id, step) VALUES ($1, 0)', [chain]);
      await this.boss.send(QUEUE, { chain }, { db });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    await ended;
  }

  /** One batch, in pg-boss's transaction: every chain one step on, the unfinished ones re-enqueued. */
  private async advance(jobs: readonly Job<ChainJob>[], tx: Db): Promise<void> {
    const startedAt = performance.now();
    const chains = jobs.map((job) => job.data.chain);
    for (const chain of chains) {
      const previous = this.lastStepAt.get(chain);
      if (previous !== undefined) this.gaps.push(startedAt - previous);
      this.lastStepAt.set(chain, startedAt);
    }
    const { rows } = await tx.executeSql(
      `UPDATE peer_chains SET step = step + 1, ended_at = CASE WHEN step + 1 >= $2 THEN now() END
        WHERE id = ANY($1::bigint[]) RETURNING id::int AS id, step`,
      [chains, this.steps],
    );
    const advanced = rows as { id: number; step: number }[];
    const next = advanced.filter((row) => row.step < this.steps);
    if (next.length > 0)
      await this.boss.insert(
        QUEUE,
        next.map((row) => ({ data: { chain: row.id } })),
        { db: tx },
      );
    // A chain is counted as ended when its last handler returns, a commit before pg-boss completes
    // the batch: a bias in the peer's favour, never in Stepgraph's.
    for (const row of advanced) {
      if (row.step < this.steps) continue;
      this.lastStepAt.delete(row.id);
      this.waiters.get(row.id)?.();
      this.waiters.delete(row.id);
    }
  }
}
