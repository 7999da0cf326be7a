import { createHmac, randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiKey, graphqlAs, login, TEST_ADMIN } from '../../support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import {
  buildService,
  PRODUCTION_ENV,
  startService,
  type RunningService,
  type ServiceBuild,
} from '../../support/service.js';
import { waitFor } from '../../support/wait.js';

/** A value that must never come back out: unique per run, so a stale log cannot match it. */
const canary = (what: string) => `canary-${what}-${randomBytes(8).toString('hex')}`;

const PASSWORD = canary('password');
const NEW_USER_PASSWORD = canary('new-user-password');
const REFRESH_TOKEN = canary('refresh-token');
const BEARER = canary('bearer');
const HEADER_SECRET = canary('header');
const QUERY_SECRET = canary('query');
const COOKIE_SECRET = canary('cookie');

/** A server that fails every call and echoes the request headers in its error body, as some do. */
function echoingFailure(): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'boom', youSent: req.headers }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('secrets stay secret (docs/testing.md S16)', () => {
  let build: ServiceBuild;
  let database: TestDatabase;
  let service: RunningService;
  let echo: Server;
  /** Every body the service answered, errors included. */
  const bodies: string[] = [];
  let apiKey: string;
  let secretAccessKey: string;
  let executionId: string;
  let webhookSecret: string;
  /** The hex of the webhook signatures sent, good and bad. */
  const signatures: string[] = [];

  const record = async (response: Response) => {
    bodies.push(await response.clone().text());
    return response;
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(record);

  beforeAll(async () => {
    [build, database, echo] = await Promise.all([buildService(), createTestDatabase(), echoingFailure()]);
    service = await startService(build, {
      ...PRODUCTION_ENV,
      LOG_LEVEL: 'trace',
      DATABASE_URL: database.url,
      HTTP_TASK_ALLOW_LIST: '127.0.0.1',
    });
    const admin = await login(service.url, TEST_ADMIN.email, TEST_ADMIN.password);

    // Passwords: a wrong one over REST and GraphQL, and a new user's.
    await post('/api/v1/auth/login', { email: TEST_ADMIN.email, password: PASSWORD });
    await post('/graphql', {
      query: 'mutation ($p: String!) { login(email: "nobody@stepgraph.test", password: $p) { accessToken } }',
      variables: { p: PASSWORD },
    });
    await post(
      '/graphql',
      {
        query:
          'mutation ($p: String!) { createUser(input: { email: "new@stepgraph.test", password: $p, role: viewer }) { id } }',
        variables: { p: NEW_USER_PASSWORD },
      },
      { authorization: `Bearer ${admin.accessToken}` },
    );
    // Tokens: a made-up refresh token and bearer token, and a real API key used for good and bad calls.
    await post('/api/v1/auth/refresh', { refreshToken: REFRESH_TOKEN });
    await post('/api/v1/auth/logout', { refreshToken: REFRESH_TOKEN });
    await record(
      await fetch(`${service.url}/api/v1/executions`, { headers: { authorization: `Bearer ${BEARER}` } }),
    );
    // Credentials where no handler reads them: in the query string, a cookie, an API key header.
    await record(
      await fetch(`${service.url}/api/v1/executions?access_token=${QUERY_SECRET}&token=${QUERY_SECRET}`, {
        headers: { cookie: `session=${COOKIE_SECRET}`, 'x-api-key': QUERY_SECRET },
      }),
    );
    const workerKey = await createApiKey(service.url, admin.accessToken, 'worker');
    apiKey = workerKey.key;
    secretAccessKey = workerKey.secretAccessKey;
    // The AWS endpoint called with the key's access key pair, rightly and with a wrong secret.
    for (const secret of [secretAccessKey, canary('wrong-secret-access-key')]) {
      const signer = new SignatureV4({
        service: 'states',
        region: 'us-east-1',
        credentials: { accessKeyId: workerKey.accessKeyId, secretAccessKey: secret },
        sha256: Sha256,
      });
      const url = new URL(service.url);
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        path: '/',
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        },
        body: '{}',
      });
      await record(await fetch(`${service.url}/`, { method: 'POST', headers: signed.headers, body: '{}' }));
    }
    await record(
      await fetch(`${service.url}/api/v1/state-machines`, { headers: { authorization: `Bearer ${apiKey}` } }),
    );
    await post(
      '/api/v1/tasks/success',
      { taskToken: 'forged', output: {} },
      { authorization: `Bearer ${apiKey}` },
    );

    // An HTTP Task with secret headers that fails against a server echoing them back.
    const endpoint = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`;
    const definition = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::http:invoke',
          Parameters: {
            ApiEndpoint: endpoint,
            Method: 'GET',
            Headers: { Authorization: `Bearer ${HEADER_SECRET}`, 'X-Api-Key': HEADER_SECRET },
          },
          End: true,
        },
      },
    };
    const created = await graphqlAs(
      service.url,
      admin.accessToken,
      'mutation ($d: JSON!) { createStateMachine(input: { name: "leaky", definition: $d }) { id } }',
      { d: definition },
    );
    const started = await graphqlAs(
      service.url,
      admin.accessToken,
      'mutation ($id: ID!) { startExecution(input: { stateMachineId: $id }) { id } }',
      { id: (created.data!.createStateMachine as { id: string }).id },
    );
    executionId = (started.data!.startExecution as { id: string }).id;

    // A webhook: its secret, shown once, and the signatures of a good call and a bad one.
    const hook = await graphqlAs(
      service.url,
      admin.accessToken,
      `mutation ($id: ID!) { createWebhook(input: { name: "signed", stateMachineId: $id,
         inputTransform: "{ \\"headers\\": headers }" }) { webhook { id } secret } }`,
      { id: (created.data!.createStateMachine as { id: string }).id },
    );
    const { webhook, secret } = hook.data!.createWebhook as { webhook: { id: string }; secret: string };
    webhookSecret = secret;
    const hookBody = '{"hello":"hook"}';
    const t = Math.floor(Date.now() / 1000);
    for (const key of [secret, 'whsec_a-wrong-secret']) {
      const signature = createHmac('sha256', key).update(`${t}.${hookBody}`).digest('hex');
      signatures.push(signature);
      await record(
        await fetch(`${service.url}/hooks/${webhook.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stepgraph-signature': `t=${t},v1=${signature}` },
          body: hookBody,
        }),
      );
    }
    await waitFor(
      async () => {
        const body = await graphqlAs(
          service.url,
          admin.accessToken,
          'query ($id: ID!) { execution(id: $id) { status } }',
          {
            id: executionId,
          },
        );
        const status = (body.data?.execution as { status: string } | undefined)?.status;
        return status && status !== 'RUNNING' ? status : undefined;
      },
      { timeoutMs: 30_000, what: 'the HTTP Task execution to end' },
    );
  }, 240_000);

  afterAll(async () => {
    await service?.stop();
    echo?.close();
    await database?.drop();
  });

  const secrets = () => [
    PASSWORD,
    NEW_USER_PASSWORD,
    REFRESH_TOKEN,
    BEARER,
    apiKey,
    secretAccessKey,
    HEADER_SECRET,
    QUERY_SECRET,
    COOKIE_SECRET,
    webhookSecret,
    ...signatures,
  ];

  async function adminQuery(query: string, variables: Record<string, unknown> = {}) {
    const admin = await login(service.url, TEST_ADMIN.email, TEST_ADMIN.password);
    return JSON.stringify(await graphqlAs(service.url, admin.accessToken, query, variables));
  }

  it('the HTTP Task failed with the server error, as planted', async () => {
    const body = await adminQuery('query ($id: ID!) { execution(id: $id) { status error cause } }', {
      id: executionId,
    });
    expect(body).toContain('States.Http.StatusCode.500');
  });

  it('the AWS calls signed with the access key pair reached its checks, as planted', () => {
    expect(bodies.some((body) => body.includes('"__type":"AccessDeniedException"'))).toBe(true);
    expect(bodies.some((body) => body.includes('"__type":"InvalidSignatureException"'))).toBe(true);
  });

  it('the signed webhook call was accepted and the wrongly signed one refused, as planted', () => {
    expect(bodies.some((body) => body.includes('"created":true'))).toBe(true);
    expect(bodies.some((body) => body.includes('Invalid signature'))).toBe(true);
  });

  it('appears in no log line', () => {
    const logs = service.output.text();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets()) expect(logs).not.toContain(secret);
  });

  it('appears in no error body', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets()) expect(bodies.join('\n')).not.toContain(secret);
  });

  it('appears in no audit row', async () => {
    const audit = await adminQuery(
      '{ auditLog(first: 100) { totalCount edges { node { operation targetIds details errorCode } } } }',
    );
    expect(audit).toContain('auth.login');
    for (const secret of secrets()) expect(audit).not.toContain(secret);
  });

  async function history(): Promise<Array<{ type: string; details: unknown }>> {
    const body = JSON.parse(
      await adminQuery(
        'query ($id: ID!) { execution(id: $id) { events(first: 100) { edges { node { type details } } } } }',
        {
          id: executionId,
        },
      ),
    ) as { data: { execution: { events: { edges: Array<{ node: { type: string; details: unknown } }> } } } };
    return body.data.execution.events.edges.map((edge) => edge.node);
  }

  it("appears in no failure: not the execution's error and cause, nor TaskFailed or ExecutionFailed", async () => {
    const execution = await adminQuery('query ($id: ID!) { execution(id: $id) { error cause } }', {
      id: executionId,
    });
    const failures = JSON.stringify((await history()).filter((event) => event.type !== 'TaskScheduled'));
    expect(failures).toContain('TaskFailed');
    for (const secret of secrets()) {
      expect(execution).not.toContain(secret);
      expect(failures).not.toContain(secret);
    }
  });

  it('appears in no TaskScheduled event', async () => {
    const scheduled = JSON.stringify((await history()).filter((event) => event.type === 'TaskScheduled'));
    expect(scheduled).toContain('TaskScheduled');
    expect(scheduled).not.toContain(HEADER_SECRET);
  });
});
