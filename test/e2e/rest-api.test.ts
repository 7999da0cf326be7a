import { ErrorCode, HTTP_STATUS_BY_CODE } from '../../src/common/app-error.js';
import { REQUEST_BODY_LIMIT_BYTES } from '../../src/http/http.setup.js';
import { bootProbeApp, SECRET_INTERNALS, type ProbeApp } from './api-probe.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: { path: string; message: string }[];
  stacktrace?: string[];
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const problem = (await response.json()) as Problem;
  expect(problem.status).toBe(response.status);
  expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  return problem;
}

function postJson(url: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('REST conventions', () => {
  let probe: ProbeApp;

  beforeAll(async () => {
    probe = await bootProbeApp();
  });

  afterAll(async () => {
    await probe.close();
  });

  it('serves controllers under /api/v1', async () => {
    const response = await postJson(
      `${probe.url}/api/v1/probe/echo`,
      JSON.stringify({ name: 'a', count: 1 }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'a', count: 1 });
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const response = await fetch(`${probe.url}/api/v1/nowhere?token=secret`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /api/v1/nowhere?token=secret',
      instance: '/api/v1/nowhere',
      code: 'NOT_FOUND',
      requestId: expect.any(String),
    });
  });

  it.each(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR))(
    'answers an AppError with code %s with its status and code',
    async (code) => {
      const response = await fetch(`${probe.url}/api/v1/probe/fail/${code}`);
      expect(response.status).toBe(HTTP_STATUS_BY_CODE[code]);
      expect(await problemOf(response)).toMatchObject({ code, detail: `Failed with ${code} on purpose` });
    },
  );

  it('maps the codes to 400, 401, 403, 404, 409, 413, 429, 500 and 503', () => {
    expect(Object.values(HTTP_STATUS_BY_CODE).sort((a, b) => a - b)).toEqual([
      400, 401, 403, 404, 409, 413, 429, 500, 503,
    ]);
  });

  it('answers invalid input with a 400 listing each problem', async () => {
    const response = await postJson(`${probe.url}/api/v1/probe/echo`, JSON.stringify({ name: 3, count: 0 }));
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('BAD_USER_INPUT');
    expect(problem.errors).toEqual([
      { path: 'name', message: 'name must be a string' },
      { path: 'count', message: 'count must not be less than 1' },
    ]);
  });

  it('refuses properties the DTO does not declare', async () => {
    const body = JSON.stringify({ name: 'a', count: 1, isAdmin: true });
    const response = await postJson(`${probe.url}/api/v1/probe/echo`, body);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([
      { path: 'isAdmin', message: 'property isAdmin should not exist' },
    ]);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await postJson(`${probe.url}/api/v1/probe/echo`, '{"name": ');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('BAD_USER_INPUT');
  });

  it('accepts a body of a 1 MiB definition and refuses one over the limit with 413', async () => {
    const mebibyte = JSON.stringify({ name: 'x'.repeat(1024 * 1024), count: 1 });
    expect((await postJson(`${probe.url}/api/v1/probe/echo`, mebibyte)).status).toBe(201);

    const tooLarge = JSON.stringify({ name: 'x'.repeat(REQUEST_BODY_LIMIT_BYTES), count: 1 });
    const response = await postJson(`${probe.url}/api/v1/probe/echo`, tooLarge);
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unexpected error with a 500 that names no internals', async () => {
    const response = await fetch(`${probe.url}/api/v1/probe/crash`);
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', detail: 'Internal server error' });
    // Development shows where it came from.
    expect(problem.stacktrace![0]).toContain(SECRET_INTERNALS);
  });

  it('serves an OpenAPI 3 document at /api/docs-json with bearer auth declared', async () => {
    const response = await fetch(`${probe.url}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
      security: unknown[];
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/probe/fail/{code}', '/api/v1/probe/echo']),
    );
    expect(document.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.schemas.ProblemDetails).toBeDefined();
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await fetch(`${probe.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('swagger-ui');
  });

  it('answers malformed JSON sent to /graphql with a 400 problem too', async () => {
    const response = await postJson(`${probe.url}/graphql`, '{"query": ');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('BAD_USER_INPUT');
  });
});

describe('REST in production', () => {
  let probe: ProbeApp;

  beforeAll(async () => {
    probe = await bootProbeApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-32-characters',
    });
  });

  afterAll(async () => {
    await probe.close();
  });

  it('answers an unexpected error with a bare 500: no message, no stack trace', async () => {
    const response = await fetch(`${probe.url}/api/v1/probe/crash`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain(SECRET_INTERNALS);
    expect(JSON.parse(text)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal server error',
      instance: '/api/v1/probe/crash',
      code: 'INTERNAL_SERVER_ERROR',
      requestId: expect.any(String),
    });
  });
});
