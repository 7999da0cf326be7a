import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../../../src/audit/audit.verifier.js';
import { bootApp, type BootedApp } from '../../support/app.js';
import { graphqlAs, login, TEST_ADMIN, TEST_PASSWORD } from '../../support/auth.js';

const DEFINITION = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

interface Row {
  seq: number;
  actorType: string;
  actorId: string | null;
  operation: string;
  targetIds: string[];
  outcome: string;
  errorCode: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

async function rows(booted: BootedApp, operation: string): Promise<Row[]> {
  const response = await fetch(
    `${booted.url}/api/v1/audit?first=100&operation=${encodeURIComponent(operation)}`,
    { headers: { authorization: `Bearer ${booted.adminToken}` } },
  );
  expect(response.status).toBe(200);
  const page = (await response.json()) as { edges: Array<{ node: Row }> };
  return page.edges.map((edge) => edge.node);
}

describe('the audit trail of the API', () => {
  let booted: BootedApp;
  let adminId: string;

  beforeAll(async () => {
    booted = await bootApp();
    adminId = ((await graphqlAs(booted.url, booted.adminToken, '{ me { id } }')).data!.me as { id: string })
      .id;
  });

  afterAll(async () => {
    await booted.close();
  });

  it('records a GraphQL mutation with its actor, target, outcome and request id', async () => {
    const response = await fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${booted.adminToken}`,
        'x-request-id': 'audit-trail-1',
      },
      body: JSON.stringify({
        query:
          'mutation ($d: JSON!) { createStateMachine(input: { name: "audited", definition: $d }) { id } }',
        variables: { d: DEFINITION },
      }),
    });
    const { data } = (await response.json()) as { data: { createStateMachine: { id: string } } };
    expect(await rows(booted, 'createStateMachine')).toContainEqual(
      expect.objectContaining({
        actorType: 'user',
        actorId: adminId,
        targetIds: [data.createStateMachine.id],
        outcome: 'success',
        requestId: 'audit-trail-1',
      }),
    );
  });

  it('records a failed mutation with its error code', async () => {
    await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation { createStateMachine(input: { name: "bad", definition: {} }) { id } }',
    );
    expect(await rows(booted, 'createStateMachine')).toContainEqual(
      expect.objectContaining({ outcome: 'failed', errorCode: 'BAD_USER_INPUT' }),
    );
  });

  it('records a REST write under its route', async () => {
    const response = await fetch(`${booted.url}/api/v1/state-machines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${booted.adminToken}` },
      body: JSON.stringify({ name: 'rest-audited', definition: DEFINITION }),
    });
    const machine = (await response.json()) as { id: string };
    expect(await rows(booted, 'POST /api/v1/state-machines')).toContainEqual(
      expect.objectContaining({ actorId: adminId, targetIds: [machine.id], outcome: 'success' }),
    );
  });

  it('has written the row of a REST start before the client gets its answer', async () => {
    await fetch(`${booted.url}/api/v1/state-machines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${booted.adminToken}` },
      body: JSON.stringify({ name: 'audited-start', definition: DEFINITION }),
    });
    const response = await fetch(`${booted.url}/api/v1/state-machines/audited-start/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${booted.adminToken}` },
      body: JSON.stringify({ input: {} }),
    });
    expect(response.status).toBe(201);
    const execution = (await response.json()) as { id: string };
    // Read at once, from the database: a row written after the response (a service that stops
    // right then loses it) would not be there yet.
    const found = await booted.app
      .get(DataSource)
      .query(`SELECT outcome FROM audit_log WHERE operation = $1 AND $2 = ANY(target_ids)`, [
        'POST /api/v1/state-machines/:stateMachine/executions',
        execution.id,
      ]);
    expect(found).toEqual([{ outcome: 'success' }]);
  });

  it('writes one row per mutation, from its service, and no second one from the audit hook', async () => {
    let n = 0;
    /** Runs a mutation under a fresh request id; answers its data and the rows of that request. */
    const mutate = async (query: string, variables: Record<string, unknown> = {}) => {
      n += 1;
      const requestId = `audit-once-${n}`;
      const response = await fetch(`${booted.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${booted.adminToken}`,
          'x-request-id': requestId,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as {
        data: Record<string, Record<string, string>>;
        errors?: unknown;
      };
      expect(body.errors).toBeUndefined();
      const stored = await booted.app
        .get(DataSource)
        .query<{ operation: string; outcome: string; target_ids: string[] }[]>(
          'SELECT operation, outcome, target_ids FROM audit_log WHERE request_id = $1',
          [requestId],
        );
      return { data: body.data, stored };
    };
    const once = (operation: string, targetId: string) => [
      { operation, outcome: 'success', target_ids: expect.arrayContaining([targetId]) },
    ];

    const waiting = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } };
    const created = await mutate(
      'mutation ($d: JSON!) { createStateMachine(input: { name: "audited-once", definition: $d }) { id } }',
      { d: waiting },
    );
    const machineId = created.data.createStateMachine!.id!;
    expect(created.stored).toEqual(once('createStateMachine', machineId));
    const updated = await mutate(
      'mutation ($id: ID!) { updateStateMachine(id: $id, input: { description: "changed" }) { id } }',
      { id: machineId },
    );
    expect(updated.stored).toEqual(once('updateStateMachine', machineId));
    const started = await mutate(
      'mutation ($id: ID!) { startExecution(input: { stateMachineId: $id }) { id } }',
      { id: machineId },
    );
    const executionId = started.data.startExecution!.id!;
    expect(started.stored).toEqual(once('startExecution', executionId));
    const stopped = await mutate('mutation ($id: ID!) { stopExecution(id: $id) { id } }', {
      id: executionId,
    });
    expect(stopped.stored).toEqual(once('stopExecution', executionId));
    const redriven = await mutate('mutation ($id: ID!) { redriveExecution(id: $id) { id } }', {
      id: executionId,
    });
    expect(redriven.stored).toEqual(once('redriveExecution', executionId));
    const deleted = await mutate('mutation ($id: ID!) { deleteStateMachine(id: $id) { id } }', {
      id: machineId,
    });
    expect(deleted.stored).toEqual(once('deleteStateMachine', machineId));

    const user = await mutate(
      'mutation ($p: String!) { createUser(input: { email: "audited-once@stepgraph.test", password: $p, role: viewer }) { id } }',
      { p: TEST_PASSWORD },
    );
    const userId = user.data.createUser!.id!;
    expect(user.stored).toEqual(once('createUser', userId));
    const changedUser = await mutate(
      'mutation ($id: ID!) { updateUser(id: $id, input: { role: operator }) { id } }',
      { id: userId },
    );
    expect(changedUser.stored).toEqual(once('updateUser', userId));
    const key = await mutate(
      'mutation { createApiKey(input: { name: "audited-once", role: worker }) { apiKey { id } } }',
    );
    const keyId = (key.data.createApiKey as unknown as { apiKey: { id: string } }).apiKey.id;
    expect(key.stored).toEqual(once('createApiKey', keyId));
    const revoked = await mutate('mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: keyId });
    expect(revoked.stored).toEqual(once('revokeApiKey', keyId));
  });

  it('records a refused act once, as failed, when nothing changed', async () => {
    const response = await booted.fetch(`${booted.url}/api/v1/executions/${randomUUID()}/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'audit-refused-stop' },
      body: '{}',
    });
    expect(response.status).toBe(404);
    const stored = await booted.app
      .get(DataSource)
      .query('SELECT outcome, error_code FROM audit_log WHERE request_id = $1', ['audit-refused-stop']);
    expect(stored).toEqual([{ outcome: 'failed', error_code: 'NOT_FOUND' }]);
  });

  it('records every login, successful or not, without the password', async () => {
    const { user } = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    await expect(login(booted.url, TEST_ADMIN.email, 'a wrong password')).rejects.toThrow(/401/);
    const logins = await rows(booted, 'auth.login');
    expect(logins).toContainEqual(expect.objectContaining({ actorId: user.id, outcome: 'success' }));
    expect(logins).toContainEqual(
      expect.objectContaining({
        actorType: 'anonymous',
        outcome: 'failed',
        details: { email: TEST_ADMIN.email },
      }),
    );
    expect(JSON.stringify(logins)).not.toContain('a wrong password');
  });

  it('shows the log to admins only', async () => {
    const viewer = await booted.signInAs('viewer');
    const rest = await fetch(`${booted.url}/api/v1/audit`, {
      headers: { authorization: `Bearer ${viewer.accessToken}` },
    });
    expect(rest.status).toBe(403);
    expect(await rows(booted, 'GET /api/v1/audit')).toContainEqual(
      expect.objectContaining({ actorId: viewer.user.id, outcome: 'denied', errorCode: 'FORBIDDEN' }),
    );
  });

  it('keeps a chain that verifies after all of it', async () => {
    const { firstBreak, checked } = await verifyAuditChain(booted.app.get(DataSource).manager);
    expect(firstBreak).toBeUndefined();
    expect(checked).toBeGreaterThan(5);
  });
});
