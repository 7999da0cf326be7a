/**
 * The command side of an API process, booted inside the test: it creates state machines, starts,
 * stops and answers executions through the same ExecutionCommands the API uses, and enqueues their
 * jobs, but works none of them. Every step after the first blocking state is taken by the engine
 * processes the test started (test/support/engine-processes.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  Inject,
  Logger,
  Module,
  type INestApplicationContext,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Json } from '../../src/asl/index.js';
import { loadConfig } from '../../src/config/config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { DATABASE_SERVER, type DatabaseServer } from '../../src/database/database.server.js';
import { EngineCommandsModule } from '../../src/engine/engine-commands.module.js';
import { ExecutionCommands } from '../../src/engine/start/execution.commands.js';
import { QueueModule } from '../../src/engine/queue/queue.module.js';
import { QueueService } from '../../src/engine/queue/queue.service.js';
import { PubSubModule } from '../../src/notifications/pub-sub.module.js';
import { MetricsModule } from '../../src/observability/metrics.module.js';
import { waitFor } from './wait.js';

/** Closes the pools in dependency order, as AppModule does. */
@Module({ imports: [DatabaseModule, QueueModule, PubSubModule, MetricsModule, EngineCommandsModule] })
class CommandSideModule implements OnApplicationShutdown {
  constructor(
    private readonly queue: QueueService,
    private readonly dataSource: DataSource,
    @Inject(DATABASE_SERVER) private readonly server: DatabaseServer,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.server.stop();
  }
}

/** An execution as stored. */
export interface StoredExecution {
  readonly status: string;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
}

export interface CommandSide {
  readonly app: INestApplicationContext;
  readonly commands: ExecutionCommands;
  readonly dataSource: DataSource;
  /** Stores a state machine (one version); returns its id. */
  createMachine(definition: object, name?: string): Promise<string>;
  /** Starts an execution; returns its id. */
  start(stateMachineId: string, input: Json, name?: string): Promise<string>;
  /** The execution as stored now. */
  execution(executionId: string): Promise<StoredExecution>;
  /** Waits until every execution has left RUNNING; fails naming how many still run. */
  allEnded(executionIds: readonly string[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Boots the command side on `databaseUrl` (migrating it, if it is fresh). */
export async function startCommandSide(
  databaseUrl: string,
  env: Readonly<Record<string, string>> = {},
): Promise<CommandSide> {
  Logger.overrideLogger(['error']);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    STEPGRAPH_ROLE: 'api',
    DATABASE_URL: databaseUrl,
    ...env,
  });
  const app = await NestFactory.createApplicationContext(
    { module: CommandSideModule, imports: [ConfigModule.forRoot(config)] },
    { logger: ['error'] },
  );
  await app.init();
  const dataSource = app.get(DataSource);
  const commands = app.get(ExecutionCommands, { strict: false });
  const side: CommandSide = {
    app,
    commands,
    dataSource,
    createMachine: (definition, name) => createMachine(dataSource, definition, name),
    async start(stateMachineId, input, name) {
      return (await commands.start({ stateMachineId, input, ...(name === undefined ? {} : { name }) }))
        .executionId;
    },
    execution: (executionId) => readExecution(dataSource, executionId),
    async allEnded(executionIds, timeoutMs) {
      let running = executionIds.length;
      await waitFor(
        async () => {
          const [row] = await dataSource.query<{ running: number }[]>(
            "SELECT count(*)::int AS running FROM executions WHERE id = ANY($1) AND status = 'RUNNING'",
            [executionIds],
          );
          running = row?.running ?? 0;
          return running === 0 ? true : undefined;
        },
        { timeoutMs, intervalMs: 200, what: `${executionIds.length} executions to end` },
      ).catch((error: Error) => {
        throw new Error(`${error.message}: ${running} still RUNNING`, { cause: error });
      });
    },
    close: () => app.close(),
  };
  return side;
}

/** Stores a state machine (one version) straight into the database; returns its id. */
export async function createMachine(
  dataSource: DataSource,
  definition: object,
  name?: string,
): Promise<string> {
  const id = randomUUID();
  const text = JSON.stringify(definition);
  const sha = createHash('sha256').update(text).digest('hex');
  await dataSource.transaction(async (manager) => {
    await manager.query('INSERT INTO state_machines (id, name) VALUES ($1, $2)', [
      id,
      name ?? `m-${id.slice(0, 8)}`,
    ]);
    await manager.query(
      `INSERT INTO state_machine_versions (state_machine_id, version, definition, definition_sha256)
       VALUES ($1, 1, $2, $3)`,
      [id, text, sha],
    );
  });
  return id;
}

async function readExecution(dataSource: DataSource, executionId: string): Promise<StoredExecution> {
  const [row] = await dataSource.query<
    { status: string; output: string | null; error: string | null; cause: string | null }[]
  >('SELECT status, output::text AS output, error, cause FROM executions WHERE id = $1', [executionId]);
  if (!row) throw new Error(`No execution ${executionId}`);
  return {
    status: row.status,
    ...(row.output === null ? {} : { output: JSON.parse(row.output) as Json }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.cause === null ? {} : { cause: row.cause }),
  };
}
