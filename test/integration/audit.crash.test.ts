/**
 * Audit rows commit with the act: a service process that dies between a client's act and its
 * answer leaves the act and its audit row both stored or both gone, never one without the other.
 * The service runs as a real child process with a test crash point armed (ENGINE_TEST_CRASH_POINT):
 * - `audited-act-before-record`: inside the act's transaction, after its change, before the row;
 * - `audited-act-before-answer`: after the act committed, before the client has its answer.
 * Each test creates a state machine or starts an execution through the API (REST and GraphQL),
 * the process SIGKILLs itself there, and the test reads the database it leaves behind.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../../src/audit/audit.verifier.js';
import type { CrashPoint } from '../../src/config/config.js';
import { migrateDatabase } from '../../src/database/database.migrator.js';
import { dataSourceOptions } from '../../src/database/database.options.js';
import { login, TEST_ADMIN } from '../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createMachine } from '../support/engine-commands.js';
import { EngineFleet } from '../support/engine-processes.js';
import { waitFor } from '../support/wait.js';

jest.setTimeout(120_000);

const DEFINITION = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

/** The whole service (API and engine) in the child, signed in as the first admin. */
const SERVICE_ENV: Readonly<Record<string, string>> = {
  STEPGRAPH_ROLE: 'all',
  JWT_SECRET: 'a-secret-of-the-audit-crash-test-32-chars',
  ADMIN_EMAIL: TEST_ADMIN.email,
  ADMIN_PASSWORD: TEST_ADMIN.password,
};

let database: TestDatabase;
let dataSource: DataSource;
let fleet: EngineFleet;

beforeAll(async () => {
  Logger.overrideLogger(['warn', 'error']);
  database = await createTestDatabase();
  dataSource = await migrateDatabase(await new DataSource(dataSourceOptions(database.url)).initialize());
  fleet = new EngineFleet({ databaseUrl: database.url, env: SERVICE_ENV });
});

afterAll(async () => {
  await fleet?.stopAll();
  await dataSource?.destroy();
  await database?.drop();
});

/** What a client sends: the route or mutation, with a request id that names its audit row. */
type Act = (baseUrl: string, token: string, requestId: string) => Promise<Response>;

const restCreate =
  (name: string): Act =>
  (baseUrl, token, requestId) =>
    fetch(`${baseUrl}/api/v1/state-machines`, {
      method: 'POST',
      headers: headers(token, requestId),
      body: JSON.stringify({ name, definition: DEFINITION }),
    });

const graphqlCreate =
  (name: string): Act =>
  (baseUrl, token, requestId) =>
    fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: headers(token, requestId),
      body: JSON.stringify({
        query:
          'mutation ($name: String!, $d: JSON!) { createStateMachine(input: { name: $name, definition: $d }) { id } }',
        variables: { name, d: DEFINITION },
      }),
    });

const restStart =
  (stateMachineId: string, name: string): Act =>
  (baseUrl, token, requestId) =>
    fetch(`${baseUrl}/api/v1/state-machines/${stateMachineId}/executions`, {
      method: 'POST',
      headers: headers(token, requestId),
      body: JSON.stringify({ name, input: {} }),
    });

const graphqlStart =
  (stateMachineId: string, name: string): Act =>
  (baseUrl, token, requestId) =>
    fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: headers(token, requestId),
      body: JSON.stringify({
        query:
          'mutation ($id: ID!, $name: String!) { startExecution(input: { stateMachineId: $id, name: $name }) { id } }',
        variables: { id: stateMachineId, name },
      }),
    });

function headers(token: string, requestId: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId };
}

/**
 * Boots the service with `point` armed, signs in, sends `act` and waits for the process to die;
 * returns the act's request id. Fails when the client got an answer: the point was never reached.
 */
async function crashDuring(point: CrashPoint, act: Act): Promise<string> {
  const service = await fleet.start({ env: { ENGINE_TEST_CRASH_POINT: point }, name: point });
  const baseUrl = service.healthUrl.replace(/\/health$/, '');
  const { accessToken } = await login(baseUrl, TEST_ADMIN.email, TEST_ADMIN.password);
  const requestId = randomUUID();
  const answer = await act(baseUrl, accessToken, requestId).then(
    async (response) => `${response.status} ${await response.text()}`,
    () => undefined,
  );
  if (answer !== undefined) {
    await service.kill();
    throw new Error(`The service answered (${answer}) instead of dying at ${point}`);
  }
  await waitFor(() => (service.exited ? true : undefined), {
    timeoutMs: 30_000,
    what: `${point} to kill the service`,
  });
  return requestId;
}

/** The successful audit rows of a request: its operation and targets. */
async function auditRowsOf(requestId: string): Promise<Array<{ operation: string; target_ids: string[] }>> {
  return dataSource.query(
    "SELECT operation, target_ids FROM audit_log WHERE request_id = $1 AND outcome = 'success'",
    [requestId],
  );
}

async function machineIdNamed(name: string): Promise<string | undefined> {
  const [row] = await dataSource.query<{ id: string }[]>(
    'SELECT id FROM state_machines WHERE name = $1 AND deleted_at IS NULL',
    [name],
  );
  return row?.id;
}

async function executionIdNamed(stateMachineId: string, name: string): Promise<string | undefined> {
  const [row] = await dataSource.query<{ id: string }[]>(
    'SELECT id FROM executions WHERE state_machine_id = $1 AND name = $2',
    [stateMachineId, name],
  );
  return row?.id;
}

/** The audit chain as verified by `npm run audit:verify`: a crash leaves no gap or half row. */
async function expectChainIntact(): Promise<void> {
  expect((await verifyAuditChain(dataSource.manager)).firstBreak).toBeUndefined();
}

describe('a service killed between a mutation and its answer', () => {
  it('stores neither a state machine created over REST nor its audit row when it dies before the row', async () => {
    const name = `before-record-${randomUUID().slice(0, 8)}`;
    const requestId = await crashDuring('audited-act-before-record', restCreate(name));
    expect({ machine: await machineIdNamed(name), audit: await auditRowsOf(requestId) }).toEqual({
      machine: undefined,
      audit: [],
    });
    await expectChainIntact();
  });

  it('keeps both a state machine created over GraphQL and its audit row when it dies after the commit', async () => {
    const name = `before-answer-${randomUUID().slice(0, 8)}`;
    const requestId = await crashDuring('audited-act-before-answer', graphqlCreate(name));
    const machineId = await machineIdNamed(name);
    expect(machineId).toBeDefined();
    expect(await auditRowsOf(requestId)).toEqual([
      { operation: 'createStateMachine', target_ids: [machineId] },
    ]);
    await expectChainIntact();
  });

  it('stores neither an execution started over GraphQL nor its audit row when it dies before the row', async () => {
    const machineId = await createMachine(dataSource, DEFINITION);
    const name = `before-record-${randomUUID().slice(0, 8)}`;
    const requestId = await crashDuring('audited-act-before-record', graphqlStart(machineId, name));
    expect({
      execution: await executionIdNamed(machineId, name),
      audit: await auditRowsOf(requestId),
    }).toEqual({ execution: undefined, audit: [] });
    await expectChainIntact();
  });

  it('keeps both an execution started over REST and its audit row when it dies after the commit', async () => {
    const machineId = await createMachine(dataSource, DEFINITION);
    const name = `before-answer-${randomUUID().slice(0, 8)}`;
    const requestId = await crashDuring('audited-act-before-answer', restStart(machineId, name));
    const executionId = await executionIdNamed(machineId, name);
    expect(executionId).toBeDefined();
    expect(await auditRowsOf(requestId)).toEqual([
      {
        operation: 'POST /api/v1/state-machines/:stateMachine/executions',
        target_ids: expect.arrayContaining([machineId, executionId]),
      },
    ]);
    await expectChainIntact();
  });
});
