import { DataSource } from 'typeorm';
import { bootApp, type BootedApp } from '../support/app.js';
import {
  StartExecutionDocument,
  StateMachineExecutionCountsDocument,
  StopExecutionDocument,
} from '../support/generated/graphql.js';
import {
  awaitStatus,
  CALLBACK_DEFINITION,
  createMachine,
  ECHO_DEFINITION,
  FAIL_ONCE_DEFINITION,
} from './executions.fixtures.js';

jest.setTimeout(60_000);

/** Every status, in the schema's order, with these counts (the others zero). */
function countsOf(counts: Partial<Record<string, number>>) {
  return ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].map((status) => ({
    status,
    count: counts[status] ?? 0,
  }));
}

describe('StateMachine.executionCounts', () => {
  let booted: BootedApp;
  const machineIds: Record<string, string> = {};

  beforeAll(async () => {
    booted = await bootApp();
    const machines = {
      'counts-echo': await createMachine(booted.client, 'counts-echo', ECHO_DEFINITION),
      'counts-waiting': await createMachine(booted.client, 'counts-waiting', CALLBACK_DEFINITION),
      'counts-failing': await createMachine(booted.client, 'counts-failing', FAIL_ONCE_DEFINITION),
    };
    machineIds['counts-idle'] = await createMachine(booted.client, 'counts-idle', ECHO_DEFINITION);
    const start = async (name: keyof typeof machines) =>
      (
        await booted.client.expectData(StartExecutionDocument, {
          input: { stateMachineId: machines[name], input: { order: 1 } },
        })
      ).startExecution.id;
    const ended = [await start('counts-echo'), await start('counts-echo'), await start('counts-failing')];
    const waiting = [
      await start('counts-waiting'),
      await start('counts-waiting'),
      await start('counts-waiting'),
    ];
    await booted.client.expectData(StopExecutionDocument, { id: waiting[0]! });
    await Promise.all(ended.map((id) => awaitStatus(booted.client, id)));
    await Promise.all(waiting.map((id) => awaitStatus(booted.client, id, ['RUNNING', 'ABORTED'])));
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('counts every state machine’s executions by status, zeros included, in one statement for the page', async () => {
    const dataSource = booted.app.get(DataSource);
    const query = jest.spyOn(dataSource, 'query');
    try {
      const { stateMachines } = await booted.client.expectData(StateMachineExecutionCountsDocument, {
        filter: { nameContains: 'counts-' },
      });
      expect(stateMachines.edges.map(({ node }) => node)).toEqual([
        { name: 'counts-echo', executionCounts: countsOf({ SUCCEEDED: 2 }) },
        { name: 'counts-failing', executionCounts: countsOf({ FAILED: 1 }) },
        { name: 'counts-idle', executionCounts: countsOf({}) },
        { name: 'counts-waiting', executionCounts: countsOf({ RUNNING: 2, ABORTED: 1 }) },
      ]);
      // Four machines on the page, one statement that counts executions (a loader batches them).
      const countingStatements = query.mock.calls
        .map(([sql]) => sql)
        .filter((sql) => /count\(\*\)[\s\S]*\bFROM executions\b/i.test(sql));
      expect(countingStatements).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
  });

  it('gives the same counts over REST, for a machine by id or by name, and 404 for none', async () => {
    const rest = (stateMachine: string) =>
      booted.fetch(
        `${booted.url}/api/v1/state-machines/${encodeURIComponent(stateMachine)}/execution-counts`,
      );
    const byName = await rest('counts-waiting');
    expect(byName.status).toBe(200);
    expect(await byName.json()).toEqual(countsOf({ RUNNING: 2, ABORTED: 1 }));
    const byId = await rest(machineIds['counts-idle']!);
    expect(await byId.json()).toEqual(countsOf({}));
    const openApi = (await (await fetch(`${booted.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(openApi.paths['/api/v1/state-machines/{stateMachine}/execution-counts']).toHaveProperty('get');
    expect(openApi.components.schemas.ExecutionStatusCount).toBeDefined();
    const none = await rest('no-such-machine');
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({
      code: 'NOT_FOUND',
      detail: 'State machine "no-such-machine" not found',
    });
  });
});
