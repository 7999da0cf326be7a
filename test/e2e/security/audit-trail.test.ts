import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../../../src/audit/audit.verifier.js';
import { bootApp, type BootedApp } from '../../support/app.js';
import { graphqlAs, login, TEST_ADMIN } from '../../support/auth.js';

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
