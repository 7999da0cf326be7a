/** The real service for the worker's tests, booted as the e2e tier boots it, with a worker API key. */
import { DataSource } from 'typeorm';
import { bootApp, type BootedApp } from '../../../../test/support/app.js';
import { createApiKey } from '../../../../test/support/auth.js';
import {
  ExecutionDocument,
  StartExecutionDocument,
  type ExecutionFieldsFragment,
} from '../../../../test/support/generated/graphql.js';
import { waitFor } from '../../../../test/support/wait.js';
import { createMachine, TERMINAL_STATUSES } from '../../../../test/e2e/executions.fixtures.js';

export interface HistoryEvent {
  readonly type: string;
  readonly details: Record<string, unknown>;
}

export interface WorkerHarness {
  readonly booted: BootedApp;
  readonly url: string;
  /** An API key with the `worker` role: all the worker library needs. */
  readonly workerKey: string;
  createMachine(name: string, definition: unknown): Promise<void>;
  start(machine: string, input: unknown): Promise<string>;
  /** The execution once it ended; waits up to 60 s (worker processes start slowly on a busy machine). */
  awaitEnd(executionId: string): Promise<ExecutionFieldsFragment>;
  /** The execution's history events of these types, in order. */
  history(executionId: string, types: readonly string[]): Promise<HistoryEvent[]>;
  /** Executions of a machine by status. */
  statusCounts(machine: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function bootWorkerHarness(): Promise<WorkerHarness> {
  const booted = await bootApp();
  const { key } = await createApiKey(booted.url, booted.adminToken, 'worker');
  const sql = <T>(query: string, parameters: unknown[]) =>
    booted.app.get(DataSource).query<T[]>(query, parameters);
  return {
    booted,
    url: booted.url,
    workerKey: key,
    async createMachine(name, definition) {
      await createMachine(booted.client, name, definition);
    },
    async start(machine, input) {
      const data = await booted.client.expectData(StartExecutionDocument, {
        input: { stateMachineName: machine, input },
      });
      return data.startExecution.id;
    },
    awaitEnd: (executionId) =>
      waitFor(
        async () => {
          const { execution } = await booted.client.expectData(ExecutionDocument, { id: executionId });
          return TERMINAL_STATUSES.includes(execution.status) ? execution : undefined;
        },
        { timeoutMs: 60_000, what: `execution ${executionId} to end` },
      ),
    async history(executionId, types) {
      const rows = await sql<{ type: string; details: Record<string, unknown> }>(
        `SELECT type, details FROM execution_events WHERE execution_id = $1 AND type = ANY($2) ORDER BY seq`,
        [executionId, types],
      );
      return rows.map((row) => ({ type: row.type, details: row.details }));
    },
    async statusCounts(machine) {
      const rows = await sql<{ status: string; count: number }>(
        `SELECT e.status, count(*)::int AS count FROM executions e
           JOIN state_machines m ON m.id = e.state_machine_id
          WHERE m.name = $1 GROUP BY e.status`,
        [machine],
      );
      return Object.fromEntries(rows.map((row) => [row.status, row.count]));
    },
    close: () => booted.close(),
  };
}
