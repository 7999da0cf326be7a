import { DataSource } from 'typeorm';
import { ExecutionStarter } from '../../src/engine/start/execution.starter.js';
import { bootApp, type BootedApp } from '../support/app.js';
import { graphqlAs } from '../support/auth.js';
import {
  BulkOperationDocument,
  BulkOperationProgressDocument,
  StopExecutionsDocument,
} from '../support/generated/graphql.js';
import { openGraphqlSocket } from '../support/graphql-ws-client.js';
import { waitFor } from '../support/wait.js';
import { createMachine, problemOf, restClient } from './executions.fixtures.js';

// Hundreds of stops and redrives run on the engine's workers of this one process.
jest.setTimeout(120_000);

/** Waits an hour: its executions stay RUNNING until something stops them. */
const WAIT_AN_HOUR = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } } };

const STOP_MUTATION = `mutation($filter: ExecutionsFilter!, $dryRun: Boolean) {
  stopExecutions(filter: $filter, dryRun: $dryRun) { id status total }
}`;

describe('bulk stop and redrive by filter', () => {
  let booted: BootedApp;
  let dataSource: DataSource;
  let machineId: string;

  /** Starts `count` executions named `<prefix>-<n>` in transactions of 250 starts each. */
  async function startMany(prefix: string, count: number): Promise<void> {
    const starter = booted.app.get(ExecutionStarter, { strict: false });
    for (let from = 0; from < count; from += 250) {
      const requests = Array.from({ length: Math.min(250, count - from) }, (_, index) => ({
        stateMachineId: machineId,
        name: `${prefix}-${from + index}`,
        input: {},
        parentExecutionId: null,
      }));
      await dataSource.transaction((manager) => starter.startAllWithin(manager, requests));
    }
  }

  /** How many events of `type` each execution named with `prefix` has, as a count → executions map. */
  async function eventsPerExecution(prefix: string, type: string): Promise<Record<number, number>> {
    const rows = await dataSource.query<{ n: number; executions: number }[]>(
      `SELECT n, count(*)::int AS executions FROM (
         SELECT e.id, count(v.seq)::int AS n
           FROM executions e LEFT JOIN execution_events v ON v.execution_id = e.id AND v.type = $2
          WHERE starts_with(e.name, $1)
          GROUP BY e.id) per
        GROUP BY n`,
      [prefix, type],
    );
    return Object.fromEntries(rows.map((row) => [row.n, row.executions]));
  }

  const untilEnded = (id: string) =>
    waitFor(
      async () => {
        const { bulkOperation } = await booted.client.expectData(BulkOperationDocument, { id });
        return bulkOperation.status === 'RUNNING' ? undefined : bulkOperation;
      },
      { timeoutMs: 90_000, intervalMs: 200, what: `bulk operation ${id} to end` },
    );

  beforeAll(async () => {
    booted = await bootApp();
    dataSource = booted.app.get(DataSource);
    machineId = await createMachine(booted.client, 'hold', WAIT_AN_HOUR);
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('previews a stop (count and sample, nothing changed), then stops each matching execution exactly once, live', async () => {
    await startMany('stop', 500);
    await startMany('keep', 20);
    const filter = { stateMachineId: machineId, namePrefix: 'stop-' };

    const { stopExecutions: preview } = await booted.client.expectData(StopExecutionsDocument, {
      filter,
      dryRun: true,
    });
    expect(preview).toMatchObject({
      id: null,
      kind: 'STOP',
      status: 'DRY_RUN',
      total: 500,
      done: 0,
      failed: 0,
    });
    expect(preview.sample).toHaveLength(10);
    expect(preview.sample.every((execution) => execution.name.startsWith('stop-'))).toBe(true);
    const [{ running }] = await dataSource.query<{ running: number }[]>(
      `SELECT count(*)::int AS running FROM executions WHERE status = 'RUNNING'`,
    );
    expect(running).toBe(520);
    const [{ stored }] = await dataSource.query<{ stored: number }[]>(
      'SELECT count(*)::int AS stored FROM bulk_operations',
    );
    expect(stored).toBe(0);

    const { stopExecutions: operation } = await booted.client.expectData(StopExecutionsDocument, {
      filter,
      error: 'Bulk.Stopped',
      cause: 'outage drill',
    });
    // The dry run's count is the real run's total for the same data.
    expect(operation).toMatchObject({ kind: 'STOP', total: preview.total, error: 'Bulk.Stopped' });
    expect(operation.id).toEqual(expect.any(String));

    const socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
    const progress = socket.subscribe(BulkOperationProgressDocument, { id: operation.id! });
    const seen: { status: string; done: number }[] = [];
    try {
      for (;;) {
        const { data } = await progress.next(60_000);
        seen.push(data!.bulkOperationProgress);
        if (data!.bulkOperationProgress.status !== 'RUNNING') break;
      }
    } finally {
      await progress.close();
      await socket.close();
    }
    // The current state first, then growing progress, until it ended with every item done.
    const dones = seen.map((state) => state.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(new Set(dones).size).toBe(dones.length);
    expect(seen.at(-1)).toMatchObject({ status: 'SUCCEEDED', done: 500, failed: 0 });

    expect(await eventsPerExecution('stop-', 'ExecutionAborted')).toEqual({ 1: 500 });
    expect(await eventsPerExecution('keep-', 'ExecutionAborted')).toEqual({ 0: 20 });
    const [aborted] = await dataSource.query<{ error: string; cause: string }[]>(
      `SELECT error, cause FROM executions WHERE name = 'stop-7'`,
    );
    expect(aborted).toEqual({ error: 'Bulk.Stopped', cause: 'outage drill' });

    // One audit row for the request, naming the operation; no failure rows.
    const audit = await dataSource.query<{ operation: string; outcome: string; target_ids: string[] }[]>(
      `SELECT operation, outcome, target_ids FROM audit_log WHERE $1 = ANY(target_ids)`,
      [operation.id],
    );
    expect(audit).toEqual([
      { operation: 'stopExecutions', outcome: 'success', target_ids: expect.arrayContaining([operation.id]) },
    ]);

    // A second stop of the same filter finds nothing left to stop.
    const { stopExecutions: again } = await booted.client.expectData(StopExecutionsDocument, {
      filter,
      dryRun: true,
    });
    expect(again.total).toBe(0);
  });

  it('redrives the executions a filter matches, each once, and answers progress over REST', async () => {
    const rest = restClient(booted);
    const filter = { stateMachineId: machineId, namePrefix: 'stop-1', status: 'ABORTED' };
    const previewResponse = await rest.post('/executions/redrive', { filter, dryRun: true });
    expect(previewResponse.status).toBe(200);
    const preview = (await previewResponse.json()) as { status: string; total: number };
    // stop-1, stop-10..19, stop-100..199
    expect(preview).toMatchObject({ status: 'DRY_RUN', total: 111 });

    const started = await rest.post('/executions/redrive', { filter });
    expect(started.status).toBe(202);
    const operation = (await started.json()) as { id: string; total: number; kind: string };
    expect(operation).toMatchObject({ kind: 'REDRIVE', total: 111 });
    expect(started.headers.get('location')).toBe(`/api/v1/bulk-operations/${operation.id}`);

    const ended = await untilEnded(operation.id);
    expect(ended).toMatchObject({ status: 'SUCCEEDED', done: 111, failed: 0 });
    const read = await rest.get(`/bulk-operations/${operation.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: operation.id, status: 'SUCCEEDED', done: 111 });

    expect(await eventsPerExecution('stop-1', 'ExecutionRedriven')).toEqual({ 1: 111 });
    const [{ running }] = await dataSource.query<{ running: number }[]>(
      `SELECT count(*)::int AS running FROM executions WHERE starts_with(name, 'stop-1') AND status = 'RUNNING'`,
    );
    expect(running).toBe(111);
    expect(await eventsPerExecution('stop-2', 'ExecutionRedriven')).toEqual({ 0: 111 });

    const openApi = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(openApi.paths['/api/v1/executions/stop']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '202', '400']),
    );
    expect(openApi.paths['/api/v1/executions/redrive']?.post).toBeDefined();
    expect(openApi.paths['/api/v1/bulk-operations/{id}']?.get).toBeDefined();

    await problemOf(await rest.get('/bulk-operations/not-an-id'), 404);
    await problemOf(await rest.post('/executions/stop', { filter: { status: 'SLEEPING' } }), 400);
    const noFilter = await problemOf(await rest.post('/executions/stop', { cause: 'all of them?' }), 400);
    expect(noFilter.errors).toEqual([expect.objectContaining({ path: 'filter' })]);
  });

  it('needs the stop or redrive permission to act and executions:read to follow', async () => {
    const viewer = await booted.signInAs('viewer');
    const denied = await graphqlAs(booted.url, viewer.accessToken, STOP_MUTATION, {
      filter: { namePrefix: 'keep-' },
      dryRun: true,
    });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const deniedRest = await fetch(`${booted.url}/api/v1/executions/redrive`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: {} }),
    });
    expect(deniedRest.status).toBe(403);

    const operator = await booted.signInAs('operator');
    const allowed = await graphqlAs(booted.url, operator.accessToken, STOP_MUTATION, {
      filter: { namePrefix: 'keep-' },
    });
    const { id } = (allowed.data as { stopExecutions: { id: string } }).stopExecutions;
    const read = await graphqlAs(
      booted.url,
      viewer.accessToken,
      'query($id: ID!) { bulkOperation(id: $id) { total } }',
      {
        id,
      },
    );
    expect(read.data).toEqual({ bulkOperation: { total: 20 } });
  });

  it("records an execution it could not stop as a failure: its own audit row, in the requester's name", async () => {
    await startMany('doomed', 3);
    // A fault on one execution's row: its stop cannot commit.
    await dataSource.query(`
      CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
    await dataSource.query(`
      CREATE TRIGGER refuse_doomed BEFORE UPDATE ON executions
        FOR EACH ROW WHEN (OLD.name = 'doomed-1') EXECUTE FUNCTION refuse_doomed()`);
    try {
      const { stopExecutions: operation } = await booted.client.expectData(StopExecutionsDocument, {
        filter: { namePrefix: 'doomed-' },
      });
      const ended = await untilEnded(operation.id!);
      expect(ended).toMatchObject({ status: 'FAILED', total: 3, done: 2, failed: 1 });
    } finally {
      await dataSource.query('DROP TRIGGER refuse_doomed ON executions');
      await dataSource.query('DROP FUNCTION refuse_doomed()');
    }
    const [doomed] = await dataSource.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM executions WHERE name = 'doomed-1'`,
    );
    expect(doomed!.status).toBe('RUNNING');
    const rows = await dataSource.query<
      { operation: string; outcome: string; actor_type: string; target_ids: string[]; error_code: string }[]
    >(
      `SELECT operation, outcome, actor_type, target_ids, error_code FROM audit_log
        WHERE operation IN ('stopExecutions', 'bulkOperation.stop') AND $1 = ANY(target_ids) ORDER BY seq`,
      [doomed!.id],
    );
    expect(rows).toEqual([
      {
        operation: 'bulkOperation.stop',
        outcome: 'failed',
        actor_type: 'user',
        target_ids: [expect.any(String), doomed!.id],
        error_code: 'INTERNAL_SERVER_ERROR',
      },
    ]);
    const [{ requests }] = await dataSource.query<{ requests: number }[]>(
      `SELECT count(*)::int AS requests FROM audit_log WHERE operation = 'stopExecutions' AND $1 = ANY(target_ids)`,
      [rows[0]!.target_ids[0]],
    );
    expect(requests).toBe(1);
  });
});
