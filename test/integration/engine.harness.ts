/**
 * The durable engine booted for a test file, as an engine process boots it (AppModule, role
 * `worker`, no HTTP listener), on a database of its own, with helpers to create state machines,
 * start executions and read what they did.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Json, StateMachineDefinition } from '../../src/asl/index.js';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/config.js';
import { EngineSweeper } from '../../src/engine/sweeper/engine.sweeper.js';
import { ExecutionCommands } from '../../src/engine/start/execution.commands.js';
import { QueueService } from '../../src/engine/queue/queue.service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { waitFor } from '../support/wait.js';

/** How an execution stands, as stored. */
export interface ExecutionState {
  readonly status: string;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
}

/** A history event, as stored. */
export interface StoredEvent {
  readonly seq: number;
  readonly type: string;
  readonly stateName: string | null;
  readonly previousEventId: number | null;
  readonly details: Record<string, Json>;
}

export interface EngineHarness {
  readonly app: INestApplicationContext;
  readonly commands: ExecutionCommands;
  readonly dataSource: DataSource;
  readonly queue: QueueService;
  readonly sweeper: EngineSweeper;
  readonly database: TestDatabase;
  /** Stores a state machine (one version) and returns its id. */
  createMachine(definition: StateMachineDefinition | Record<string, unknown>, name?: string): Promise<string>;
  /** Creates a machine and starts an execution of it; returns the execution id. */
  run(definition: StateMachineDefinition | Record<string, unknown>, input?: Json): Promise<string>;
  /** The execution as stored now. */
  state(executionId: string): Promise<ExecutionState>;
  /** Waits (with a deadline) until the execution is no longer RUNNING. */
  ended(executionId: string, timeoutMs?: number): Promise<ExecutionState>;
  /** The execution's history, in `seq` order. */
  history(executionId: string): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/**
 * Boots an engine process on a fresh database (or on `existing`, which it migrates and then owns);
 * `env` adds environment variables.
 */
export async function startEngine(
  env: Record<string, string> = {},
  existing?: TestDatabase,
): Promise<EngineHarness> {
  Logger.overrideLogger(['error']);
  const database = existing ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: database.url,
    STEPGRAPH_ROLE: 'worker',
    ...env,
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  await app.init();
  const dataSource = app.get(DataSource);
  const harness: EngineHarness = {
    app,
    commands: app.get(ExecutionCommands, { strict: false }),
    dataSource,
    queue: app.get(QueueService, { strict: false }),
    sweeper: app.get(EngineSweeper, { strict: false }),
    database,
    createMachine: (definition, name) => createMachine(dataSource, definition, name),
    async run(definition, input = {}) {
      const stateMachineId = await createMachine(dataSource, definition);
      return (await harness.commands.start({ stateMachineId, input })).executionId;
    },
    state: (executionId) => readState(dataSource, executionId),
    ended: (executionId, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const state = await readState(dataSource, executionId);
          return state.status === 'RUNNING' ? undefined : state;
        },
        { timeoutMs, intervalMs: 20, what: `execution ${executionId} to end` },
      ),
    history: (executionId) => readHistory(dataSource, executionId),
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return harness;
}

async function createMachine(
  dataSource: DataSource,
  definition: StateMachineDefinition | Record<string, unknown>,
  name = `m-${randomUUID().slice(0, 8)}`,
): Promise<string> {
  const id = randomUUID();
  const sha = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
  await dataSource.transaction(async (manager) => {
    await manager.query('INSERT INTO state_machines (id, name) VALUES ($1, $2)', [id, name]);
    await manager.query(
      'INSERT INTO state_machine_versions (state_machine_id, version, definition, definition_sha256) VALUES ($1, 1, $2, $3)',
      [id, JSON.stringify(definition), sha],
    );
  });
  return id;
}

async function readState(dataSource: DataSource, executionId: string): Promise<ExecutionState> {
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

async function readHistory(dataSource: DataSource, executionId: string): Promise<StoredEvent[]> {
  const rows = await dataSource.query<
    {
      seq: number;
      type: string;
      state_name: string | null;
      previous_event_id: number | null;
      details: Record<string, Json>;
    }[]
  >(
    'SELECT seq, type, state_name, previous_event_id, details FROM execution_events WHERE execution_id = $1 ORDER BY seq',
    [executionId],
  );
  return rows.map((row) => ({
    seq: row.seq,
    type: row.type,
    stateName: row.state_name,
    previousEventId: row.previous_event_id,
    details: row.details,
  }));
}

/** Asserts that a history's `seq` runs 1, 2, 3, … with no gap and no duplicate. */
export function expectContiguous(history: readonly StoredEvent[]): void {
  expect(history.map((event) => event.seq)).toEqual(history.map((_, index) => index + 1));
}

/** The event types of a history, in order. */
export function types(history: readonly StoredEvent[]): string[] {
  return history.map((event) => event.type);
}
