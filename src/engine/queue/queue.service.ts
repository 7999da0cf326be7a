import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  PgBoss,
  type Job,
  type JobInsert,
  type JobResult,
  type SendOptions,
  type WorkOptions,
} from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '../../common/database-errors.js';
import { UNHANDLED_ERROR_REPORTER, type UnhandledErrorReporter } from '../../common/unhandled-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { connectionTimeouts } from '../../database/database.client.js';
import { DATABASE_SERVER, type DatabaseServer } from '../../database/database.server.js';
import type { QueueDefinition } from './queue.definition.js';
import { transactionDb } from './queue.transaction.js';

/** pg-boss keeps its tables in this schema of the application's database. */
export const QUEUE_SCHEMA = 'pgboss';

/**
 * How long a graceful shutdown lets in-flight jobs finish. pg-boss then fails the ones still
 * running, which hands them back for a retry: handlers are idempotent (docs/design.md §3 rule 3).
 */
export const JOB_DRAIN_TIMEOUT_MS = 5000;

/** See {@link QueueService.oldestReadyAges}; pg-boss's internal queues (`__pgboss__…`) left out. */
const OLDEST_READY_SQL = `
  SELECT q.name, COALESCE(extract(epoch FROM now() - oldest.at), 0)::float8 AS seconds
    FROM ${QUEUE_SCHEMA}.queue q
    LEFT JOIN LATERAL (
      SELECT min(GREATEST(j.created_on, j.start_after)) AS at
        FROM ${QUEUE_SCHEMA}.job j
       WHERE j.name = q.name AND j.state < 'active' AND NOT j.blocked AND j.start_after <= now()
    ) oldest ON true
   WHERE NOT starts_with(q.name, '__pgboss__')`;

/** Job options of `send`, plus the transaction to enqueue in. */
export type EnqueueOptions = Omit<SendOptions, 'db'> & {
  /** Enqueue inside this open transaction: the job commits or rolls back with it. */
  readonly manager?: EntityManager;
};

/** Added to a wake-up so that the job is certainly due when the worker fetches. */
const WAKE_MARGIN_MS = 5;

/** One job of {@link QueueService.sendMany}: its payload and when it may start. */
export interface BatchedJob<T extends object> {
  /** Its id, when the caller needs to know it (pg-boss makes one when absent). */
  readonly id?: string;
  readonly data: T;
  /** Not before this time (a PostgreSQL-derived instant), or at once when absent. */
  readonly startAfter?: Date;
  /** How long the job may run before pg-boss hands it to another worker; the queue's setting when absent. */
  readonly expireInSeconds?: number;
}

/** A queue's job counts by state. */
export interface QueueStats {
  readonly name: string;
  readonly counts: Readonly<Record<'ready' | 'deferred' | 'active' | 'failed', number>>;
}

/** Worker options; handlers receive plain batches and settle them by returning or throwing. */
export type QueueWorkOptions = Omit<
  WorkOptions,
  'includeMetadata' | 'perJobResults' | 'transactional' | 'transactionTimeoutSeconds'
>;

/**
 * pg-boss on the application's database, behind typed queues. Every role starts it, because the
 * API enqueues too; only engine roles consume jobs.
 *
 * LISTEN/NOTIFY: engine roles set pg-boss's `useListenNotify`, so a worker wakes as soon as a job
 * lands on a queue declared with `notify: true`; polling (`pollingIntervalSeconds`) remains the
 * fallback.
 */
@Injectable()
export class QueueService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private readonly boss: PgBoss;
  private starting: Promise<PgBoss> | undefined;
  private readonly queuesCreated = new Map<string, Promise<void>>();
  /** This process's workers, by queue name. */
  private readonly workerIds = new Map<string, string[]>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_SERVER) server: DatabaseServer,
    // Absent where the service is built by hand, outside Nest.
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {
    this.boss = new PgBoss({
      // pg options beyond pg-boss's own types: pg-boss hands them to its pg.Pool.
      ...connectionTimeouts(config.databaseStatementTimeoutMs),
      connectionString: server.url,
      schema: QUEUE_SCHEMA,
      application_name: `stepgraph-queue-${config.role}`,
      // Maintenance and cron belong to the processes that run jobs.
      supervise: config.runsEngine,
      // Expired jobs (their worker died holding them) are found on these passes: one per lease.
      superviseIntervalSeconds: config.engine.jobLeaseSeconds,
      monitorIntervalSeconds: config.engine.jobLeaseSeconds,
      schedule: config.runsEngine,
      useListenNotify: config.runsEngine,
    });
    this.boss.on('error', (error) => this.reportError(error));
    this.boss.on('warning', (warning) => this.logger.warn(`pg-boss: ${warning.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.started();
  }

  /**
   * Stops fetching and waits up to {@link JOB_DRAIN_TIMEOUT_MS} for in-flight jobs. The pool stays
   * open so that HTTP requests still draining can enqueue; {@link close} closes it.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, close: false, timeout: JOB_DRAIN_TIMEOUT_MS });
  }

  /** Closes pg-boss's connection pool; part of the ordered shutdown in AppModule. */
  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true });
  }

  /** Creates the queue unless it exists (once per process), keeping the options it was created with. */
  async createQueue(queue: QueueDefinition<object>): Promise<void> {
    let created = this.queuesCreated.get(queue.name);
    if (!created) {
      created = this.started().then((boss) => boss.createQueue(queue.name, queue.options));
      created.catch(() => this.queuesCreated.delete(queue.name));
      this.queuesCreated.set(queue.name, created);
    }
    await created;
  }

  /**
   * Enqueues a job and returns its id (null when a singleton or throttling option dropped it).
   * With `manager`, the job is inserted in that transaction (docs/design.md §3 rule 2).
   */
  async send<T extends object>(
    queue: QueueDefinition<T>,
    data: T,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    const { manager, ...jobOptions } = options;
    const db = manager ? transactionDb(manager) : undefined;
    // Outside the caller's transaction on purpose: a rollback must not forget the queue for this process.
    await this.createQueue(queue);
    const boss = await this.started();
    return boss.send(queue.name, data, db ? { ...jobOptions, db } : jobOptions);
  }

  /**
   * Enqueues many jobs of one queue in one statement, inside the transaction of `manager`: a step
   * that forks a thousand Map iterations costs one insert, not a thousand.
   */
  async sendMany<T extends object>(
    queue: QueueDefinition<T>,
    jobs: readonly BatchedJob<T>[],
    options: { readonly manager: EntityManager },
  ): Promise<void> {
    if (jobs.length === 0) return;
    const db = transactionDb(options.manager);
    await this.createQueue(queue);
    const boss = await this.started();
    const inserts: JobInsert<T>[] = jobs.map((job) => ({
      ...(job.id === undefined ? {} : { id: job.id }),
      data: job.data,
      ...(job.startAfter ? { startAfter: job.startAfter.toISOString() } : {}),
      ...(job.expireInSeconds === undefined ? {} : { expireInSeconds: job.expireInSeconds }),
    }));
    await boss.insert(queue.name, inserts, { db });
  }

  /** Deletes a job, whatever its state. */
  async deleteJob(queue: QueueDefinition<object>, id: string): Promise<void> {
    const boss = await this.started();
    await boss.deleteJob(queue.name, id);
  }

  /**
   * Consumes a queue one job at a time per handler call: each job of a fetched batch runs at once
   * and is settled on its own, so one failing job is retried without its neighbours. Engine roles only.
   */
  async workEach<T extends object>(
    queue: QueueDefinition<T>,
    options: QueueWorkOptions,
    handler: (job: Job<T>) => Promise<void>,
  ): Promise<string> {
    this.assertRunsEngine(queue);
    await this.createQueue(queue);
    const boss = await this.started();
    const workerId = await boss.work<T>(queue.name, { ...options, perJobResults: true }, (jobs) =>
      Promise.all(jobs.map((job) => settle(job, handler))),
    );
    this.workerIds.set(queue.name, [...(this.workerIds.get(queue.name) ?? []), workerId]);
    return workerId;
  }

  /**
   * Consumes a queue with `workers` workers, each a fetched batch at a time: the handler takes the
   * whole batch and says how each job ended, so a job that failed is retried without its
   * neighbours. Engine roles only. Each worker is registered on its own (rather than through
   * pg-boss's `localConcurrency`, which names only the first) so that {@link wakeWorkersAfter}
   * reaches an idle one while another is still settling its batch.
   */
  async workBatches<T extends object>(
    queue: QueueDefinition<T>,
    options: QueueWorkOptions & { readonly workers: number },
    handler: (jobs: Job<T>[]) => Promise<readonly JobOutcome[]>,
  ): Promise<void> {
    this.assertRunsEngine(queue);
    await this.createQueue(queue);
    const boss = await this.started();
    const { workers, ...workOptions } = options;
    for (let worker = 0; worker < workers; worker += 1) {
      const workerId = await boss.work<T>(queue.name, { ...workOptions, perJobResults: true }, async (jobs) =>
        (await handler(jobs)).map(toJobResult),
      );
      this.workerIds.set(queue.name, [...(this.workerIds.get(queue.name) ?? []), workerId]);
    }
  }

  /**
   * Wakes this process's workers of `queue` after `delayMs`, when a delayed job they may take comes
   * due, instead of leaving it to their next poll; at once (0) for a job just committed, which
   * saves the NOTIFY's round trip through the database. Only a hint: pg-boss still hands the job
   * out by the database's clock, and a worker that wakes early finds nothing and polls on.
   */
  wakeWorkersAfter(queue: QueueDefinition<object>, delayMs: number): void {
    const ids = this.workerIds.get(queue.name);
    if (!ids) return;
    if (delayMs === 0) {
      for (const id of ids) this.boss.notifyWorker(id);
      return;
    }
    setTimeout(() => {
      for (const id of ids) this.boss.notifyWorker(id);
    }, delayMs + WAKE_MARGIN_MS).unref();
  }

  /** Consumes a queue with `handler`; a throw fails the batch for pg-boss to retry. Engine roles only. */
  async work<T extends object>(
    queue: QueueDefinition<T>,
    options: QueueWorkOptions,
    handler: (jobs: Job<T>[]) => Promise<void>,
  ): Promise<string> {
    this.assertRunsEngine(queue);
    await this.createQueue(queue);
    const boss = await this.started();
    return boss.work<T>(queue.name, options, handler);
  }

  /** Each engine queue's job counts by state, as pg-boss last counted them; for /metrics. */
  async stats(): Promise<QueueStats[]> {
    const boss = await this.started();
    const queues = await boss.getQueues();
    // pg-boss's own internal queues (`__pgboss__…`) are its business, not the engine's.
    return queues
      .filter(({ name }) => !name.startsWith('__pgboss__'))
      .map(({ name, readyCount, deferredCount, activeCount, failedCount }) => ({
        name,
        counts: { ready: readyCount, deferred: deferredCount, active: activeCount, failed: failedCount },
      }));
  }

  /**
   * How long the oldest job ready to run has waited in each engine queue, in seconds (0 when none
   * is ready): read now, for /metrics, through the partial index of queued jobs that pg-boss's
   * fetch and monitor use, with the monitor's own predicate of a ready job.
   */
  async oldestReadyAges(): Promise<ReadonlyMap<string, number>> {
    const boss = await this.started();
    const { rows } = await boss.getDb().executeSql(OLDEST_READY_SQL);
    return new Map((rows as { name: string; seconds: number }[]).map(({ name, seconds }) => [name, seconds]));
  }

  /** Resolves when pg-boss answers a query on its own pool; for the health check. */
  async ping(): Promise<void> {
    const boss = await this.started();
    await boss.getDb().executeSql('SELECT 1');
  }

  /**
   * pg-boss's own failures (maintenance, a worker's fetch, cron). A lost connection is the
   * database's state, not a fault here: a warning (as TypeORM's pool gives), without a stack. It
   * happens when the database stops with the process, as a compose stack going down does; pg-boss
   * reconnects when it comes back. Anything else is a fault for the error reports (source `queue`).
   */
  private reportError(error: Error): void {
    if (isDatabaseUnavailable(error)) {
      this.logger.warn(`pg-boss: ${error.message}`);
      return;
    }
    const reporter = this.errorReporter();
    if (reporter) reporter.reportError(error, { source: 'queue' });
    else this.logger.error(`pg-boss: ${error.message}`, error.stack);
  }

  /**
   * Looked up when needed, not injected: the reports count into the metrics, which read the queue,
   * so an injection would be a cycle. Absent where no error reports are wired (a bare test context).
   */
  private errorReporter(): UnhandledErrorReporter | undefined {
    try {
      return this.moduleRef?.get<UnhandledErrorReporter>(UNHANDLED_ERROR_REPORTER, { strict: false });
    } catch {
      return undefined;
    }
  }

  private assertRunsEngine(queue: QueueDefinition<object>): void {
    if (!this.config.runsEngine) {
      throw new Error(
        `Queue ${queue.name}: STEPGRAPH_ROLE=${this.config.role} enqueues jobs but never works them.`,
      );
    }
  }

  private started(): Promise<PgBoss> {
    this.starting ??= this.boss.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }
}

/** How a job of a {@link QueueService.workBatches} batch ended: an error hands it back for a retry. */
export interface JobOutcome {
  readonly id: string;
  readonly error?: Error;
}

function toJobResult(outcome: JobOutcome): JobResult {
  return outcome.error
    ? { id: outcome.id, status: 'failed', output: { message: outcome.error.message } }
    : { id: outcome.id, status: 'completed' };
}

/** Runs one job and reports how it ended; a failure is handed back to pg-boss for a retry. */
async function settle<T extends object>(
  job: Job<T>,
  handler: (job: Job<T>) => Promise<void>,
): Promise<JobResult> {
  try {
    await handler(job);
    return { id: job.id, status: 'completed' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: job.id, status: 'failed', output: { message } };
  }
}
