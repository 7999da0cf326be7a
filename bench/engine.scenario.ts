/**
 * Stepgraph under load: an engine process (AppModule, role `worker`, as `npm start` boots one) on
 * the bench database. Executions are started through ExecutionCommands, as the API starts them,
 * and their ends are seen through the engine's own after-commit notices; the figures then come
 * from what the engine stored (history timestamps, `transitions`, start and stop times).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { loadConfig, type EngineConfig } from '../src/config/config.js';
import { ExecutionCommands } from '../src/engine/start/execution.commands.js';
import { executionsChangedTopic, type ExecutionStatusNotice } from '../src/notifications/execution.topics.js';
import { PUB_SUB } from '../src/notifications/pub-sub.token.js';
import type { BenchDatabase } from './bench.database.js';
import {
  closedLoop,
  percentiles,
  ResourceSampler,
  type Percentiles,
  type ScenarioResult,
} from './bench.metrics.js';
import type { Workflow } from './bench.workflows.js';
import { HTTP_SINK_HOST } from './http-sink.js';

/** Environment variables passed through to the engine: its tuning knobs. */
const ENGINE_KNOBS = /^(ENGINE_|EXECUTION_MAX_TRANSITIONS$)/;
/** How often executions whose end notice has not come are looked up in the database instead. */
const FALLBACK_POLL_MS = 2000;

/** An engine process and a way to wait for executions to end. */
export class BenchEngine {
  private readonly ended = new Set<string>();
  private readonly waiters = new Map<string, () => void>();
  private readonly fallback: NodeJS.Timeout;

  private constructor(
    /** The engine's settings, as loaded from the environment. */
    readonly settings: EngineConfig,
    private readonly app: INestApplicationContext,
    private readonly commands: ExecutionCommands,
    private readonly dataSource: DataSource,
    private readonly pubSub: PubSubEngine,
  ) {
    this.fallback = setInterval(() => void this.pollStragglers(), FALLBACK_POLL_MS);
  }

  static async start(database: BenchDatabase): Promise<BenchEngine> {
    const knobs = Object.entries(process.env).filter(([name]) => ENGINE_KNOBS.test(name));
    const config = loadConfig({
      ...Object.fromEntries(knobs),
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'error',
      DATABASE_URL: database.url,
      STEPGRAPH_ROLE: 'worker',
      // The HTTP chain calls the bench's own sink on the loopback, which the outbound guard refuses
      // unless allow-listed.
      HTTP_TASK_ALLOW_LIST: HTTP_SINK_HOST,
    });
    Logger.overrideLogger(['error']);
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    await app.init();
    return new BenchEngine(
      config.engine,
      app,
      app.get(ExecutionCommands, { strict: false }),
      app.get(DataSource),
      app.get<PubSubEngine>(PUB_SUB, { strict: false }),
    );
  }

  /** The engine's settings, one line, for the report. */
  describeSettings(): string {
    return Object.entries(this.settings)
      .map(([name, value]) => `${name} ${String(value)}`)
      .join(', ');
  }

  /** Runs `total` executions of `workflow`, `concurrency` at a time, and reads the figures back. */
  async measure(
    database: BenchDatabase,
    workflow: Workflow,
    plan: { readonly concurrency: number; readonly total: number },
  ): Promise<ScenarioResult> {
    const stateMachineId = await this.createMachine(workflow);
    const subscription = await this.pubSub.subscribe(
      executionsChangedTopic(stateMachineId).name,
      (notice: ExecutionStatusNotice) => this.onStatus(notice),
      {},
    );
    const sampler = new ResourceSampler(database.admin, database.name).start();
    const wallMs = await closedLoop({
      ...plan,
      runOne: async () => {
        const { executionId } = await this.commands.start({ stateMachineId, input: workflow.input });
        await this.endOf(executionId);
      },
    });
    const resources = await sampler.stop();
    this.pubSub.unsubscribe(subscription);
    const stored = await this.storedFigures(stateMachineId, workflow.taskChain);
    const seconds = wallMs / 1000;
    return {
      scenario: workflow.name,
      system: 'stepgraph',
      workflow: workflow.id,
      concurrency: plan.concurrency,
      executions: plan.total,
      transitionsPerSecond: stored.transitions / seconds,
      executionsPerSecond: plan.total / seconds,
      stepGapMs: stored.stepGapMs,
      startToFinishMs: stored.startToFinishMs,
      ...resources,
    };
  }

  /** Starts an execution of `workflow` and waits for its end; for the memory run. */
  async runOnce(stateMachineId: string, workflow: Workflow): Promise<void> {
    const { executionId } = await this.commands.start({ stateMachineId, input: workflow.input });
    await this.endOf(executionId);
  }

  /** Subscribes to a machine's ends for {@link runOnce}; returns the unsubscribe. */
  async watch(stateMachineId: string): Promise<() => void> {
    const id = await this.pubSub.subscribe(
      executionsChangedTopic(stateMachineId).name,
      (notice: ExecutionStatusNotice) => this.onStatus(notice),
      {},
    );
    return () => this.pubSub.unsubscribe(id);
  }

  /** Stores a state machine (one version), as the state-machines service would. */
  async createMachine(workflow: Workflow): Promise<string> {
    const id = randomUUID();
    const definition = JSON.stringify(workflow.definition);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO state_machines (id, name) VALUES ($1, $2)', [
        id,
        `bench-${id.slice(0, 8)}`,
      ]);
      await manager.query(
        `INSERT INTO state_machine_versions (state_machine_id, version, definition, definition_sha256)
         VALUES ($1, 1, $2, $3)`,
        [id, definition, createHash('sha256').update(definition).digest('hex')],
      );
    });
    return id;
  }

  async stop(): Promise<void> {
    clearInterval(this.fallback);
    await this.app.close();
  }

  private onStatus(notice: ExecutionStatusNotice): void {
    if (notice.status === 'RUNNING') return;
    const waiter = this.waiters.get(notice.executionId);
    if (waiter) {
      this.waiters.delete(notice.executionId);
      waiter();
    } else this.ended.add(notice.executionId);
  }

  /** Resolves when the execution has ended; an execution that runs inline has ended before `start` returns. */
  private endOf(executionId: string): Promise<void> {
    if (this.ended.delete(executionId)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(executionId, resolve));
  }

  /** Insurance against a lost notice: ends the wait of executions the database says have ended. */
  private async pollStragglers(): Promise<void> {
    const ids = [...this.waiters.keys()];
    if (ids.length === 0) return;
    const rows = await this.dataSource
      .query<{ id: string }[]>("SELECT id FROM executions WHERE id = ANY($1) AND status <> 'RUNNING'", [ids])
      .catch(() => []);
    for (const { id } of rows) this.onStatus({ executionId: id, status: 'SUCCEEDED' });
  }

  private async storedFigures(
    stateMachineId: string,
    taskChain: boolean,
  ): Promise<{ transitions: number; startToFinishMs: Percentiles; stepGapMs: Percentiles | undefined }> {
    const [summary] = await this.dataSource.query<{ transitions: number; failed: number }[]>(
      `SELECT coalesce(sum(transitions), 0)::int AS transitions, count(*) FILTER (WHERE status <> 'SUCCEEDED')::int AS failed
         FROM executions WHERE state_machine_id = $1`,
      [stateMachineId],
    );
    if (summary?.failed) throw new Error(`${summary.failed} executions of the bench did not succeed`);
    const durations = await this.dataSource.query<{ ms: number }[]>(
      `SELECT (extract(epoch FROM stopped_at - started_at) * 1000)::float8 AS ms
         FROM executions WHERE state_machine_id = $1`,
      [stateMachineId],
    );
    return {
      transitions: summary?.transitions ?? 0,
      startToFinishMs: percentiles(durations.map((row) => row.ms)),
      stepGapMs: taskChain ? percentiles(await this.taskGaps(stateMachineId)) : undefined,
    };
  }

  /**
   * From one Task's end to the next Task's start. A builtin Task is scheduled in the transaction
   * that ended the previous one, and runs (TaskStarted, TaskSucceeded) in the transaction of its
   * job; the gap is therefore between consecutive TaskSucceeded events, in milliseconds.
   */
  private async taskGaps(stateMachineId: string): Promise<number[]> {
    const rows = await this.dataSource.query<{ ms: number }[]>(
      `SELECT ms FROM (
         SELECT (extract(epoch FROM e.timestamp - lag(e.timestamp) OVER (PARTITION BY e.execution_id ORDER BY e.seq))
                 * 1000)::float8 AS ms
           FROM execution_events e JOIN executions x ON x.id = e.execution_id
          WHERE x.state_machine_id = $1 AND e.type = 'TaskSucceeded') gaps
        WHERE ms IS NOT NULL`,
      [stateMachineId],
    );
    return rows.map((row) => row.ms);
  }
}
