/**
 * The migration to partitioned history on an existing install (migrations/1795322200000-HistoryPartitions.ts):
 * a database at the previous migration, holding an ended execution and one RUNNING on a task token
 * (rows the engine wrote, copied over), is migrated; every row is then read through the partitioned
 * tables from the legacy partitions, names stay unique, and the engine finishes the RUNNING
 * execution, appending to its history where it is.
 */
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HistoryPartitions1795322200000 } from '../../migrations/1795322200000-HistoryPartitions.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { createTestDatabase } from '../support/database.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(120_000);

const TABLES = [
  'state_machines',
  'state_machine_versions',
  'executions',
  'execution_events',
  'runs',
  'tasks',
];
const CALLBACK = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'builtin:callback.waitForTaskToken',
      Parameters: { 'token.$': '$$.Task.Token' },
      ResultPath: '$.answer',
      End: true,
    },
  },
};

const engines: EngineHarness[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.close();
});

it('moves an existing history into the legacy partitions, and the engine carries on with it', async () => {
  Logger.overrideLogger(['warn', 'error']);
  // Rows as the engine writes them, made on a current schema and copied to the previous one.
  const source = await startEngine({ ENGINE_SWEEP_INTERVAL_SECONDS: '3600' });
  engines.push(source);
  const ended = await source.run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, { n: 1 });
  await source.ended(ended);
  const stateMachineId = await source.createMachine(CALLBACK, 'approvals');
  const { executionId: running } = await source.commands.start({
    stateMachineId,
    name: 'ask-once',
    input: {},
  });
  await waitFor(async () => (await openToken(source.dataSource, running)) ?? undefined);
  const copied = new Map<string, unknown[]>();
  for (const table of TABLES)
    copied.set(
      table,
      (await source.dataSource.query(`SELECT to_jsonb(t) AS row FROM ${table} t`)).map(
        (r: { row: unknown }) => r.row,
      ),
    );

  // Empty, not the migrated template: this database is brought up to the migration before.
  const database = await createTestDatabase({ empty: true });
  const before = await new DataSource({
    ...dataSourceOptions(database.url),
    migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(HistoryPartitions1795322200000)),
  }).initialize();
  await before.runMigrations({ transaction: 'each' });
  // One transaction: a machine's latest-version key is checked at commit.
  await before.transaction(async (manager) => {
    for (const table of TABLES)
      await manager.query(
        `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
        [JSON.stringify(copied.get(table))],
      );
  });
  await before.destroy();

  const engine = await startEngine({ ENGINE_SWEEP_INTERVAL_SECONDS: '3600' }, database);
  engines.push(engine);
  const query = <T>(sql: string, parameters: unknown[] = []) => engine.dataSource.query<T>(sql, parameters);

  for (const table of TABLES.slice(2)) {
    const [row] = await query<{ all: number; legacy: number }[]>(
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE tableoid = '${table}_legacy'::regclass)::int AS legacy FROM ${table}`,
    );
    expect({ table, ...row }).toEqual({
      table,
      all: copied.get(table)!.length,
      legacy: copied.get(table)!.length,
    });
  }
  const [partitioned] = await query<{ n: number }[]>(
    "SELECT count(*)::int AS n FROM pg_partitioned_table WHERE partrelid = ANY(ARRAY['executions', 'execution_events', 'runs', 'tasks']::regclass[])",
  );
  expect(partitioned!.n).toBe(4);
  expect(await engine.history(ended)).toEqual(await source.history(ended));

  // The name stays taken: a start with it finds the execution from before the migration.
  const again = await engine.commands.start({ stateMachineId, name: 'ask-once', input: {} });
  expect(again.executionId).toBe(running);

  const token = await openToken(engine.dataSource, running);
  await engine.commands.sendTaskSuccess(token!, { approved: true });
  expect(await engine.ended(running)).toEqual({
    status: 'SUCCEEDED',
    output: { answer: { approved: true } },
  });
  const history = await engine.history(running);
  expectContiguous(history);
  expect(types(history).slice(-3)).toEqual(['TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  const [tail] = await query<{ table: string }[]>(
    'SELECT tableoid::regclass::text AS table FROM execution_events WHERE execution_id = $1 ORDER BY seq DESC LIMIT 1',
    [running],
  );
  expect(tail!.table).toBe('execution_events_legacy');

  // New executions go to the week partitions.
  const fresh = await engine.run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  await engine.ended(fresh);
  const [home] = await query<{ table: string }[]>(
    'SELECT tableoid::regclass::text AS table FROM executions WHERE id = $1',
    [fresh],
  );
  expect(home!.table).toMatch(/^executions_w\d{8}$/);
});

async function openToken(dataSource: DataSource, executionId: string): Promise<string | null> {
  const [row] = await dataSource.query<{ token: string }[]>(
    "SELECT token FROM tasks WHERE execution_id = $1 AND status IN ('SCHEDULED', 'STARTED')",
    [executionId],
  );
  return row?.token ?? null;
}
