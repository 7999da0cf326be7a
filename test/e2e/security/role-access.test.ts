import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bootApp, type BootedApp } from '../../support/app.js';
import { createApiKey, graphqlAs } from '../../support/auth.js';

const DEFINITION = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

/** Every mutation of the API with arguments that are valid, so that only access control can refuse it. */
function mutations(ids: { machine: string; execution: string; user: string; key: string }) {
  return {
    createStateMachine: [
      'mutation ($d: JSON!) { createStateMachine(input: { name: "sneaky", definition: $d }) { id } }',
      { d: DEFINITION },
    ],
    updateStateMachine: [
      'mutation ($id: ID!, $d: JSON!) { updateStateMachine(id: $id, input: { definition: $d }) { id } }',
      { id: ids.machine, d: { ...DEFINITION, Comment: 'changed' } },
    ],
    deleteStateMachine: ['mutation ($id: ID!) { deleteStateMachine(id: $id) { id } }', { id: ids.machine }],
    startExecution: [
      'mutation ($id: ID!) { startExecution(input: { stateMachineId: $id }) { id } }',
      { id: ids.machine },
    ],
    stopExecution: ['mutation ($id: ID!) { stopExecution(id: $id) { id } }', { id: ids.execution }],
    redriveExecution: ['mutation ($id: ID!) { redriveExecution(id: $id) { id } }', { id: ids.execution }],
    createUser: [
      'mutation { createUser(input: { email: "x@stepgraph.test", password: "long-enough-password", role: admin }) { id } }',
      {},
    ],
    updateUser: [
      'mutation ($id: ID!) { updateUser(id: $id, input: { role: viewer }) { id } }',
      { id: ids.user },
    ],
    createApiKey: ['mutation { createApiKey(input: { name: "k", role: admin }) { key } }', {}],
    revokeApiKey: ['mutation ($id: ID!) { revokeApiKey(id: $id) }', { id: ids.key }],
    getActivityTask: ['mutation { getActivityTask(activity: "work", waitSeconds: 0) { taskToken } }', {}],
    sendTaskSuccess: ['mutation { sendTaskSuccess(taskToken: "t", output: {}) }', {}],
    sendTaskFailure: ['mutation { sendTaskFailure(taskToken: "t", error: "E") }', {}],
    sendTaskHeartbeat: ['mutation { sendTaskHeartbeat(taskToken: "t") }', {}],
  } as const satisfies Record<string, readonly [string, Record<string, unknown>]>;
}

const QUERIES = {
  stateMachines: '{ stateMachines { totalCount } }',
  executions: '{ executions { totalCount } }',
  users: '{ users { totalCount } }',
  apiKeys: '{ apiKeys { id } }',
  auditLog: '{ auditLog { totalCount } }',
  validateDefinition: '{ validateDefinition(definition: {}) { valid } }',
} as const;

type Ids = Parameters<typeof mutations>[0];

async function countsOf(booted: BootedApp) {
  const [rows] = await booted.app.get(DataSource).query(
    `SELECT (SELECT count(*)::int FROM state_machines) AS machines, (SELECT count(*)::int FROM executions) AS executions,
        (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM api_keys WHERE revoked_at IS NULL) AS keys,
        (SELECT count(*)::int FROM state_machine_versions) AS versions`,
  );
  return rows as Record<string, number>;
}

describe('what each role may do', () => {
  let booted: BootedApp;
  let ids: Ids;

  beforeAll(async () => {
    booted = await bootApp();
    const created = await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation ($d: JSON!) { createStateMachine(input: { name: "machine", definition: $d }) { id } }',
      { d: DEFINITION },
    );
    const machine = (created.data!.createStateMachine as { id: string }).id;
    const started = await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation ($id: ID!) { startExecution(input: { stateMachineId: $id }) { id } }',
      { id: machine },
    );
    const editor = await booted.signInAs('editor');
    const key = await createApiKey(booted.url, booted.adminToken, 'viewer');
    ids = {
      machine,
      execution: (started.data!.startExecution as { id: string }).id,
      user: editor.user.id,
      key: key.id,
    };
  });

  afterAll(async () => {
    await booted.close();
  });

  describe("a viewer's token", () => {
    let token: string;

    beforeAll(async () => {
      token = (await booted.signInAs('viewer')).accessToken;
    });

    it('reads state machines and executions', async () => {
      for (const query of [QUERIES.stateMachines, QUERIES.executions, QUERIES.validateDefinition]) {
        const body = await graphqlAs(booted.url, token, query);
        expect(body.errors).toBeUndefined();
      }
    });

    it('changes nothing through any GraphQL mutation: FORBIDDEN, nothing written (docs/testing.md S8)', async () => {
      const before = await countsOf(booted);
      for (const [field, [query, variables]] of Object.entries(mutations(ids))) {
        const body = await graphqlAs(booted.url, token, query, variables);
        expect({ field, code: body.errors?.[0]?.extensions?.code }).toEqual({ field, code: 'FORBIDDEN' });
      }
      expect(await countsOf(booted)).toEqual(before);
    });

    it('is refused the same mutations hidden in aliases and fragments, and each refusal is audited', async () => {
      const before = await countsOf(booted);
      // A failed root mutation stops the ones after it, so each disguise goes in a request of its own.
      const disguised = [
        ['harmless', 'mutation ($id: ID!) { harmless: deleteStateMachine(id: $id) { id } }'],
        [
          'other',
          'mutation ($id: ID!) { ...Sneaky } fragment Sneaky on Mutation { other: deleteStateMachine(id: $id) { id } }',
        ],
        ['stop', 'mutation ($id: ID!) { ... on Mutation { stop: stopExecution(id: $id) { id } } }'],
      ];
      for (const [alias, query] of disguised) {
        const id = alias === 'stop' ? ids.execution : ids.machine;
        const body = await graphqlAs(booted.url, token, query!, { id });
        expect(body.errors!.map((error) => [error.path, error.extensions!.code])).toEqual([
          [[alias], 'FORBIDDEN'],
        ]);
      }
      expect(await countsOf(booted)).toEqual(before);
      const audit = await graphqlAs(
        booted.url,
        booted.adminToken,
        '{ auditLog(first: 50, filter: { outcome: denied }) { edges { node { operation errorCode actorType } } } }',
      );
      const operations = (
        audit.data!.auditLog as { edges: Array<{ node: { operation: string } }> }
      ).edges.map((edge) => edge.node.operation);
      expect(operations).toEqual(
        expect.arrayContaining(['createStateMachine', 'deleteStateMachine', 'stopExecution']),
      );
    });

    it('may not read users, API keys or the audit log', async () => {
      for (const query of [QUERIES.users, QUERIES.apiKeys, QUERIES.auditLog]) {
        expect((await graphqlAs(booted.url, token, query)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
      }
    });

    it.each([
      ['POST', '/api/v1/state-machines', { name: 'rest', definition: DEFINITION }],
      ['PUT', '/api/v1/state-machines/:machine', { definition: DEFINITION }],
      ['DELETE', '/api/v1/state-machines/:machine', undefined],
      ['POST', '/api/v1/state-machines/:machine/executions', {}],
      ['POST', '/api/v1/executions/:execution/stop', {}],
      ['POST', '/api/v1/executions/:execution/redrive', {}],
      ['POST', '/api/v1/tasks/success', { taskToken: 't', output: {} }],
      ['POST', '/api/v1/activities/work/poll', { waitSeconds: 0 }],
    ])(
      'gets 403 for %s %s, with or without method-override headers (docs/testing.md S9)',
      async (method, path, body) => {
        const before = await countsOf(booted);
        const url = booted.url + path.replace(':machine', ids.machine).replace(':execution', ids.execution);
        for (const override of <Array<Record<string, string>>>[
          {},
          { 'x-http-method-override': 'GET' },
          { 'x-http-method': 'GET', 'x-method-override': 'GET' },
        ]) {
          const response = await fetch(url, {
            method,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...override },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          expect(response.status).toBe(403);
        }
        expect(await countsOf(booted)).toEqual(before);
      },
    );

    it('reads over REST', async () => {
      for (const path of [
        '/api/v1/state-machines',
        '/api/v1/executions',
        `/api/v1/executions/${ids.execution}`,
      ]) {
        const response = await fetch(booted.url + path, { headers: { authorization: `Bearer ${token}` } });
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }
    });
  });

  describe('a worker API key', () => {
    let key: string;

    beforeAll(async () => {
      key = (await createApiKey(booted.url, booted.adminToken, 'worker')).key;
    });

    it('polls activities and answers task tokens', async () => {
      const poll = await graphqlAs(booted.url, key, mutations(ids).getActivityTask[0]);
      expect(poll).toEqual({ data: { getActivityTask: null } });
      for (const field of ['sendTaskSuccess', 'sendTaskFailure', 'sendTaskHeartbeat'] as const) {
        const [query] = mutations(ids)[field];
        const code = (await graphqlAs(booted.url, key, query)).errors?.[0]?.extensions?.code;
        // A made-up token is refused by the task service, not by access control.
        expect({ field, allowed: code !== 'FORBIDDEN' }).toEqual({ field, allowed: true });
      }
      const rest = await fetch(`${booted.url}/api/v1/activities/work/poll`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ waitSeconds: 0 }),
      });
      expect(rest.status).not.toBe(403);
    });

    it('can do nothing else: every other query and mutation is FORBIDDEN', async () => {
      const allowed = new Set(['getActivityTask', 'sendTaskSuccess', 'sendTaskFailure', 'sendTaskHeartbeat']);
      for (const [field, [query, variables]] of Object.entries(mutations(ids))) {
        if (allowed.has(field)) continue;
        const body = await graphqlAs(booted.url, key, query, variables);
        expect({ field, code: body.errors?.[0]?.extensions?.code }).toEqual({ field, code: 'FORBIDDEN' });
      }
      for (const [field, query] of Object.entries(QUERIES)) {
        const body = await graphqlAs(booted.url, key, query);
        expect({ field, code: body.errors?.[0]?.extensions?.code }).toEqual({ field, code: 'FORBIDDEN' });
      }
      const rest = await fetch(`${booted.url}/api/v1/state-machines`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(rest.status).toBe(403);
    });

    it('cannot tell an execution that exists from one that does not (docs/testing.md S11)', async () => {
      const answers = [];
      for (const id of [ids.execution, randomUUID()]) {
        const graphql = await graphqlAs(booted.url, key, 'query ($id: ID!) { execution(id: $id) { id } }', {
          id,
        });
        const rest = await fetch(`${booted.url}/api/v1/executions/${id}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        const problem = (await rest.json()) as Record<string, unknown>;
        answers.push({
          graphql: {
            data: graphql.data,
            message: graphql.errors![0]!.message,
            code: graphql.errors![0]!.extensions!.code,
          },
          rest: { status: rest.status, detail: problem.detail, code: problem.code },
        });
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0]!.rest.status).toBe(403);
    });
  });

  it('answers NOT_FOUND to an admin for ids that do not exist', async () => {
    const unknown = randomUUID();
    for (const query of [
      'query ($id: ID!) { execution(id: $id) { id } }',
      'mutation ($id: ID!) { updateUser(id: $id, input: { role: viewer }) { id } }',
      'mutation ($id: ID!) { revokeApiKey(id: $id) }',
    ]) {
      const body = await graphqlAs(booted.url, booted.adminToken, query, { id: unknown });
      expect({ query, code: body.errors?.[0]?.extensions?.code }).toEqual({ query, code: 'NOT_FOUND' });
    }
  });

  it('asks anonymous callers to sign in: UNAUTHENTICATED, 401 over REST', async () => {
    expect((await graphqlAs(booted.url, undefined, QUERIES.stateMachines)).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await fetch(`${booted.url}/api/v1/state-machines`)).status).toBe(401);
    expect((await graphqlAs(booted.url, undefined, '{ apiVersion }')).data).toEqual({ apiVersion: 'v1' });
  });
});
