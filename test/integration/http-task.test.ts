import { StatesError } from '../../src/asl/errors.js';
import { invokeHttpTask, type HttpTaskOptions } from '../../src/engine/tasks/http/http-task.js';
import { startHttpServer, type TestHandler, type TestHttpServer } from '../support/http-task.servers.js';

/** The loopback is allow-listed here: these are the happy paths and the task's own failures. */
const options = (overrides: Partial<HttpTaskOptions> = {}): HttpTaskOptions => ({
  allowList: ['127.0.0.1', '127.0.0.2'],
  timeoutMs: 5000,
  maxResponseBytes: 64 * 1024,
  maxRedirects: 3,
  ...overrides,
});

const servers: TestHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: TestHandler, host?: string): Promise<TestHttpServer> {
  const server = await startHttpServer(handler, host);
  servers.push(server);
  return server;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): TestHandler => {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
};

/** The StatesError a call failed with. */
async function failure(call: Promise<unknown>): Promise<StatesError> {
  const outcome = await call.then(
    () => new Error('expected the HTTP Task to fail'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof StatesError)) throw outcome;
  return outcome;
}

describe('HTTP Task (arn:aws:states:::http:invoke)', () => {
  it('returns StatusCode, StatusText, Headers and the parsed JSON body', async () => {
    const server = await serve(json(200, { hello: 'world' }, { 'x-request-id': 'r-1' }));
    const result = await invokeHttpTask(
      { ApiEndpoint: `${server.origin}/greeting`, Method: 'GET' },
      options(),
    );
    expect(result).toEqual({
      StatusCode: 200,
      StatusText: 'OK',
      Headers: expect.objectContaining({ 'content-type': ['application/json'], 'x-request-id': ['r-1'] }),
      ResponseBody: { hello: 'world' },
    });
  });

  it('returns a text body as text', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(201, 'Created', { 'content-type': 'text/plain' });
      response.end('{"looks":"like json"}');
    });
    const result = await invokeHttpTask({ ApiEndpoint: server.origin, Method: 'POST' }, options());
    expect(result).toMatchObject({
      StatusCode: 201,
      StatusText: 'Created',
      ResponseBody: '{"looks":"like json"}',
    });
  });

  it('sends the method, query parameters, headers and a JSON body', async () => {
    const server = await serve(json(200, {}));
    await invokeHttpTask(
      {
        ApiEndpoint: `${server.origin}/items?fixed=1`,
        Method: 'PUT',
        QueryParameters: { page: 2, tags: ['a', 'b c'] },
        Headers: { 'X-Trace': 'abc', Authorization: 'Bearer t0ken' },
        RequestBody: { name: 'widget', sizes: [1, 2] },
      },
      options(),
    );
    const [received] = server.requests;
    expect(received).toMatchObject({ method: 'PUT', url: '/items?fixed=1&page=2&tags=a&tags=b+c' });
    expect(received!.headers).toMatchObject({
      'x-trace': 'abc',
      authorization: 'Bearer t0ken',
      'content-type': 'application/json; charset=UTF-8',
    });
    expect(JSON.parse(received!.body)).toEqual({ name: 'widget', sizes: [1, 2] });
  });

  it('URL-encodes the body when Transform asks for it, arrays in the requested format', async () => {
    const server = await serve(json(200, {}));
    await invokeHttpTask(
      {
        ApiEndpoint: server.origin,
        Method: 'POST',
        RequestBody: { name: 'a b', tags: ['x', 'y'] },
        Transform: {
          RequestBodyEncoding: 'URL_ENCODED',
          RequestEncodingOptions: { ArrayFormat: 'BRACKETS' },
        },
      },
      options(),
    );
    const [received] = server.requests;
    expect(received!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received!.body).toBe('name=a+b&tags%5B%5D=x&tags%5B%5D=y');
  });

  it('fails a non-2xx response with States.Http.StatusCode.<NNN>, quoting status and body in the cause', async () => {
    const server = await serve(json(404, { message: 'no such item' }));
    const error = await failure(
      invokeHttpTask({ ApiEndpoint: `${server.origin}/items/7?x=1`, Method: 'GET' }, options()),
    );
    expect(error.name).toBe('States.Http.StatusCode.404');
    expect(JSON.parse(error.cause)).toEqual({
      StatusCode: 404,
      StatusText: 'Not Found',
      ApiEndpoint: `${server.origin}/items/7`,
      ResponseBody: { message: 'no such item' },
    });
  });

  it('truncates a long error body in the cause', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('x'.repeat(20_000));
    });
    const error = await failure(invokeHttpTask({ ApiEndpoint: server.origin, Method: 'GET' }, options()));
    expect(error.name).toBe('States.Http.StatusCode.503');
    const cause = JSON.parse(error.cause) as { ResponseBody: string };
    expect(cause.ResponseBody).toMatch(/^x{4096}… \(truncated\)$/);
  });

  it('fails with States.Http.Socket when no response comes within timeoutMs', async () => {
    const server = await serve(() => undefined);
    const call = invokeHttpTask(
      { ApiEndpoint: `${server.origin}/slow`, Method: 'GET' },
      options({ timeoutMs: 200 }),
    );
    const error = await failure(call);
    expect(error.name).toBe('States.Http.Socket');
    expect(error.cause).toBe(`The request to ${server.origin}/slow did not complete within 200 ms`);
  });

  it('fails with States.Http.Socket when the connection is refused', async () => {
    const closed = await startHttpServer(() => undefined);
    await closed.close();
    const error = await failure(invokeHttpTask({ ApiEndpoint: closed.origin, Method: 'GET' }, options()));
    expect(error.name).toBe('States.Http.Socket');
    expect(error.cause).toContain('ECONNREFUSED');
  });

  it.each([
    ['declares its length', true],
    ['streams without a length', false],
  ])(
    'fails with States.DataLimitExceeded when a body that %s exceeds maxResponseBytes',
    async (_label, declared) => {
      const body = 'y'.repeat(4096);
      const server = await serve((_request, response) => {
        response.writeHead(200, declared ? { 'content-length': String(body.length) } : {});
        response.write(body.slice(0, 2048));
        response.end(body.slice(2048));
      });
      const error = await failure(
        invokeHttpTask({ ApiEndpoint: server.origin, Method: 'GET' }, options({ maxResponseBytes: 1000 })),
      );
      expect(error.name).toBe('States.DataLimitExceeded');
      expect(error.cause).toBe(
        `The response body of ${server.origin}/ exceeds the limit of 1000 bytes (maxResponseBytes)`,
      );
    },
  );

  it('rejects with the abort reason and closes the connection when the engine aborts the call', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let connectionClosed!: Promise<void>;
    const server = await serve((_request, _response, raw) => {
      connectionClosed = new Promise((resolve) => raw.socket.once('close', () => resolve()));
      arrived();
    });
    const controller = new AbortController();
    const call = invokeHttpTask(
      { ApiEndpoint: server.origin, Method: 'GET' },
      options({ signal: controller.signal }),
    );
    await requestArrived;
    const reason = new Error('execution stopped');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    await connectionClosed;
  });

  it('follows a redirect on the same server, turning a POST into a GET on 303', async () => {
    const server = await serve((request, response) => {
      const moved = request.url === '/old';
      response.writeHead(
        moved ? 303 : 200,
        moved ? { location: '/new' } : { 'content-type': 'application/json' },
      );
      response.end(moved ? undefined : JSON.stringify({ at: request.url, method: request.method }));
    });
    const result = await invokeHttpTask(
      { ApiEndpoint: `${server.origin}/old`, Method: 'POST', RequestBody: { a: 1 } },
      options(),
    );
    expect(result.ResponseBody).toEqual({ at: '/new', method: 'GET' });
  });

  it('leaves credentials behind when a redirect goes to another origin', async () => {
    const other = await serve(json(200, {}), '127.0.0.2');
    const first = await serve((_request, response) => {
      response.writeHead(307, { location: `${other.origin}/landing` });
      response.end();
    });
    await invokeHttpTask(
      {
        ApiEndpoint: first.origin,
        Method: 'GET',
        Headers: { Authorization: 'Bearer secret-1', 'X-Api-Key': 'secret-2', Accept: 'application/json' },
      },
      options(),
    );
    expect(first.requests[0]!.headers).toMatchObject({
      authorization: 'Bearer secret-1',
      'x-api-key': 'secret-2',
    });
    const landed = other.requests[0]!.headers;
    expect(landed).toMatchObject({ accept: 'application/json' });
    expect(landed).not.toHaveProperty('authorization');
    expect(landed).not.toHaveProperty('x-api-key');
  });

  it('stops after maxRedirects and fails with the redirect status', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(302, { location: `/hop${server.requests.length}` });
      response.end();
    });
    const error = await failure(
      invokeHttpTask({ ApiEndpoint: server.origin, Method: 'GET' }, options({ maxRedirects: 2 })),
    );
    expect(error.name).toBe('States.Http.StatusCode.302');
    expect(JSON.parse(error.cause)).toMatchObject({ Redirects: 'stopped after 2 redirects (the limit)' });
    expect(server.requests).toHaveLength(3);
  });

  it.each([
    ['no ApiEndpoint', { Method: 'GET' }, 'Parameters.ApiEndpoint is required'],
    [
      'a relative ApiEndpoint',
      { ApiEndpoint: '/x', Method: 'GET' },
      'Parameters.ApiEndpoint is not an absolute URL',
    ],
    [
      'an unknown Method',
      { ApiEndpoint: 'http://127.0.0.1/', Method: 'TRACE' },
      'Parameters.Method is required',
    ],
    [
      'a typo in a field name',
      { ApiEndpoint: 'http://127.0.0.1/', Method: 'GET', Header: {} },
      'Parameters.Header is not',
    ],
    [
      'a header the task sets itself',
      { ApiEndpoint: 'http://127.0.0.1/', Method: 'GET', Headers: { Host: 'hidden-value' } },
      'Parameters.Headers.Host is a header the HTTP Task sets itself',
    ],
    [
      'an array body to URL-encode',
      {
        ApiEndpoint: 'http://127.0.0.1/',
        Method: 'POST',
        RequestBody: [1],
        Transform: { RequestBodyEncoding: 'URL_ENCODED' },
      },
      'Parameters.RequestBody must be an object',
    ],
  ])(
    'fails with States.Runtime on %s, naming the field but not its value',
    async (_label, parameters, cause) => {
      const error = await failure(invokeHttpTask(parameters, options()));
      expect(error.name).toBe('States.Runtime');
      expect(error.cause).toContain(cause);
      expect(error.cause).not.toContain('hidden-value');
    },
  );
});

describe('HTTP Task secrets (docs/testing.md S16)', () => {
  const CANARY = 'CANARY-7f3a9c';
  const secretParameters = (origin: string, path = '/echo') => ({
    ApiEndpoint: `${origin.replace('//', `//user:${CANARY}-pass@`)}${path}?token=${CANARY}-url`,
    Method: 'POST',
    Headers: { Authorization: `Bearer ${CANARY}-bearer`, 'X-Api-Key': `${CANARY}-key` },
    QueryParameters: { api_key: `${CANARY}-query` },
    RequestBody: { client_secret: `${CANARY}-body`, note: 'public' },
  });

  it('masks credentials a failing server echoes back in its error body', async () => {
    const server = await serve((request, response) => {
      response.writeHead(401, {
        'content-type': 'application/json',
        'set-cookie': `session=${CANARY}-cookie`,
      });
      response.end(JSON.stringify({ youSent: request }));
    });
    const error = await failure(invokeHttpTask(secretParameters(server.origin), options()));
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${CANARY}-bearer`);
    expect(error.name).toBe('States.Http.StatusCode.401');
    expect(`${error.message}\n${error.cause}`).not.toContain(CANARY);
    expect(error.cause).toContain('[REDACTED]');
  });

  it.each([
    ['a refused address', options({ allowList: [] })],
    ['a timeout', options({ timeoutMs: 100 })],
  ])('keeps credentials out of the cause of %s', async (_label, callOptions) => {
    const server = await serve(() => undefined);
    const error = await failure(invokeHttpTask(secretParameters(server.origin), callOptions));
    expect(error.cause).toContain(`${server.origin}/echo`);
    expect(`${error.message}\n${error.cause}`).not.toContain(CANARY);
  });
});
