/**
 * HTTP Tasks (`arn:aws:states:::http:invoke`) on the durable engine, against a local server that
 * the operator allow-lists: the call runs outside any transaction and its result is applied only
 * while its attempt is open; a stopped execution aborts the call in flight (docs/testing.md R11).
 */
import type http from 'node:http';
import type { StateMachineDefinition } from '../../src/asl/index.js';
import { startHttpServer, type TestHandler, type TestHttpServer } from '../support/http-task.servers.js';
import { waitFor } from '../support/wait.js';
import { expectContiguous, startEngine, types, type EngineHarness } from './engine.harness.js';

jest.setTimeout(30_000);

let engine: EngineHarness;
const servers: TestHttpServer[] = [];

beforeAll(async () => {
  engine = await startEngine({ HTTP_TASK_ALLOW_LIST: '127.0.0.1', HTTP_TASK_TIMEOUT_SECONDS: '5' });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(async () => {
  await engine?.close();
});

async function serve(handler: TestHandler, host?: string): Promise<TestHttpServer> {
  const server = await startHttpServer(handler, host);
  servers.push(server);
  return server;
}

function httpMachine(endpoint: string, extra: Record<string, unknown> = {}): StateMachineDefinition {
  return {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: endpoint, Method: 'POST', RequestBody: { 'order.$': '$.order' } },
        End: true,
        ...extra,
      },
    },
  } as unknown as StateMachineDefinition;
}

describe('HTTP Task', () => {
  it('calls the endpoint and succeeds with AWS result shape', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ accepted: true }));
    });
    const executionId = await engine.run(httpMachine(`${server.origin}/orders`), { order: 7 });
    const ending = await engine.ended(executionId);
    expect(ending).toMatchObject({
      status: 'SUCCEEDED',
      output: { StatusCode: 200, StatusText: 'OK', ResponseBody: { accepted: true } },
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/orders', body: '{"order":7}' });
    const history = await engine.history(executionId);
    expectContiguous(history);
    expect(types(history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history[2]?.details).toMatchObject({ resourceType: 'http', resource: 'invoke' });
  });

  it('fails with States.Http.StatusCode.NNN on a non-2xx answer, for Retry and Catch', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('busy');
    });
    const executionId = await engine.run(
      httpMachine(`${server.origin}/busy`, {
        Retry: [{ ErrorEquals: ['States.Http.StatusCode.503'], IntervalSeconds: 1, MaxAttempts: 1 }],
      }),
      { order: 1 },
    );
    const ending = await engine.ended(executionId);
    expect(ending).toMatchObject({ status: 'FAILED', error: 'States.Http.StatusCode.503' });
    expect(JSON.parse(ending.cause!)).toMatchObject({ StatusCode: 503, ResponseBody: 'busy' });
    expect(server.requests).toHaveLength(2);
  });

  it('refuses an address the operator did not allow, before connecting', async () => {
    const server = await serve((_request, response) => response.end('should not be reached'), '127.0.0.2');
    const executionId = await engine.run(httpMachine(`${server.origin}/internal`), { order: 1 });
    expect(await engine.ended(executionId)).toMatchObject({ status: 'FAILED', error: 'States.Permissions' });
    expect(server.requests).toHaveLength(0);
  });

  it('aborts a call in flight when its execution is stopped, and drops its late result', async () => {
    let closed = false;
    const server = await serve((_request, response: http.ServerResponse, raw: http.IncomingMessage) => {
      raw.socket.on('close', () => {
        closed = true;
      });
      // Never answers: the call hangs until the engine gives up on it.
      void response;
    });
    const executionId = await engine.run(httpMachine(`${server.origin}/slow`), { order: 3 });
    await waitFor(() => (server.requests.length === 1 ? true : undefined));
    await engine.commands.stop(executionId);
    await waitFor(() => (closed ? true : undefined), { what: 'the in-flight call to be aborted' });
    expect(await engine.state(executionId)).toEqual({ status: 'ABORTED' });
    expect(types(await engine.history(executionId)).slice(-2)).toEqual([
      'TaskStateAborted',
      'ExecutionAborted',
    ]);
  });
});
