/**
 * The ceiling: a naive pg-boss chain, as a workflow engine built straight on pg-boss would run it.
 * Each job, in its own transaction, updates its chain's row and enqueues the chain's next job;
 * chains of `steps` jobs are kept `concurrency` at a time in flight. Its worker is set up as
 * Stepgraph's was before batching (a fetch of ENGINE_CONCURRENCY jobs run side by side, NOTIFY on,
 * a 0.5 s poll), with as many connections, so the ratio compares designs rather than settings.
 */
import { PgBoss, type Db, type Job, type JobResult } from 'pg-boss';
import pg from 'pg';
import { closedLoop, percentiles, ResourceSampler, type ScenarioResult } from './bench.metrics.js';
import type { BenchDatabase } from './bench.database.js';

const QUEUE = 'ceiling.chain';
const SCHEMA = 'ceiling_boss';
/** pg-boss's own pool and the handlers' pool: 10 each, as pg-boss and TypeORM use by default. */
const POOL_SIZE = 10;
const POLL_SECONDS = 0.5;

interface ChainJob {
  readonly chain: number;
}

/** The pg-boss chain, ready to run at any concurrency. */
export class Ceiling {
  private readonly waiters = new Map<number, () => void>();
  private readonly lastStepAt = new Map<number, number>();
  private gaps: number[] = [];
  private nextChain = 0;

  private constructor(
    private readonly boss: PgBoss,
    private readonly pool: pg.Pool,
    private readonly steps: number,
  ) {}

  static async start(
    database: BenchDatabase,
    options: { steps: number; batchSize: number },
  ): Promise<Ceiling> {
    const pool = new pg.Pool({ connectionString: database.url, max: POOL_SIZE, application_name: 'ceiling' });
    await pool.query(
      'CREATE TABLE ceiling_chains (id bigint PRIMARY KEY, step int NOT NULL, ended_at timestamptz)',
    );
    const boss = new PgBoss({
      connectionString: database.url,
      schema: SCHEMA,
      max: POOL_SIZE,
      useListenNotify: true,
      schedule: false,
    });
    boss.on('error', (error) => process.stderr.write(`ceiling pg-boss: ${error.message}\n`));
    await boss.start();
    await boss.createQueue(QUEUE, { notify: true, retryLimit: 5, retryDelay: 1 });
    const ceiling = new Ceiling(boss, pool, options.steps);
    await boss.work<ChainJob>(
      QUEUE,
      {
        batchSize: options.batchSize,
        burstWhenBatchFull: true,
        perJobResults: true,
        pollingIntervalSeconds: POLL_SECONDS,
        notifyPollingIntervalSeconds: POLL_SECONDS,
      },
      (jobs) => Promise.all(jobs.map((job) => ceiling.settle(job))),
    );
    return ceiling;
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
      scenario: 'pg-boss chain (ceiling)',
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
    await this.inTransaction(async (client, db) => {
      await client.query('INSERT INTO ceiling_chains (id, step) VALUES ($1, 0)', [chain]);
      await this.boss.send(QUEUE, { chain }, { db });
    });
    await ended;
  }

  private async settle(job: Job<ChainJob>): Promise<JobResult> {
    try {
      await this.step(job.data.chain);
      return { id: job.id, status: 'completed' };
    } catch (error) {
      return { id: job.id, status: 'failed', output: { message: (error as Error).message } };
    }
  }

  private async step(chain: number): Promise<void> {
    const startedAt = performance.now();
    const previous = this.lastStepAt.get(chain);
    if (previous !== undefined) this.gaps.push(startedAt - previous);
    this.lastStepAt.set(chain, startedAt);
    const last = await this.inTransaction(async (client, db) => {
      const { rows } = await client.query<{ step: number }>(
        'UPDATE ceiling_chains SET step = step + 1 WHERE id = $1 RETURNING step',
        [chain],
      );
      const step = rows[0]?.step ?? this.steps;
      if (step < this.steps) await this.boss.send(QUEUE, { chain }, { db });
      else await client.query('UPDATE ceiling_chains SET ended_at = now() WHERE id = $1', [chain]);
      return step >= this.steps;
    });
    if (!last) return;
    this.lastStepAt.delete(chain);
    this.waiters.get(chain)?.();
    this.waiters.delete(chain);
  }

  private async inTransaction<R>(work: (client: pg.PoolClient, db: Db) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    const db: Db = {
      executeSql: async (text, values) => ({ rows: (await client.query(text, values)).rows }),
    };
    try {
      await client.query('BEGIN');
      const result = await work(client, db);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
