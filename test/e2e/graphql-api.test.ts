import { ErrorCode } from '../../src/common/app-error.js';
import { ApiVersionDocument } from '../support/generated/graphql.js';
import { createGraphqlClient, type GraphqlClient } from '../support/graphql-client.js';
import { bootProbeApp, SECRET_INTERNALS, type ProbeApp } from './api-probe.js';
import {
  Crash,
  EchoDateTime,
  EchoJson,
  EchoJsonLiteral,
  FailWith,
  Introspection,
  Items,
  Misspelt,
  UnknownField,
} from './probe-documents.js';

describe('GraphQL over HTTP', () => {
  let probe: ProbeApp;
  let client: GraphqlClient;

  beforeAll(async () => {
    probe = await bootProbeApp();
    client = createGraphqlClient(probe.url);
  });

  afterAll(async () => {
    await probe.close();
  });

  it('answers a typed query and tags the response with a request id', async () => {
    const result = await client.request(ApiVersionDocument);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ apiVersion: 'v1' });
    expect(result.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed X-Request-Id from the caller', async () => {
    const response = await fetch(`${probe.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-42' },
      body: JSON.stringify({ query: '{ crash }' }),
    });
    const body = (await response.json()) as { errors: { extensions: { requestId: string } }[] };
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(body.errors[0]!.extensions.requestId).toBe('trace-42');
  });

  it('opens Apollo Sandbox when a browser visits /graphql', async () => {
    const response = await fetch(`${probe.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('embeddable-sandbox');
  });

  it.each(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR))(
    'sends an AppError with code %s as extensions.code, with its details and the request id',
    async (code) => {
      const result = await client.request(FailWith, { code });
      expect(result.errors).toEqual([
        {
          message: `Failed with ${code} on purpose`,
          locations: [expect.objectContaining({ line: expect.any(Number) })],
          path: ['failWith'],
          extensions: {
            code,
            details: [{ path: 'code', message: 'asked to fail' }],
            requestId: result.headers.get('x-request-id'),
            stacktrace: expect.any(Array),
          },
        },
      ]);
    },
  );

  it('hides the message of an unexpected error behind INTERNAL_SERVER_ERROR', async () => {
    const result = await client.request(Crash);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toBe('Internal server error');
    expect(result.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    // Outside production the stack is there to help, with the original message in its first line.
    expect((result.errors![0]!.extensions!.stacktrace as string[])[0]).toContain(SECRET_INTERNALS);
  });

  it('reports arguments refused by the validation pipe as BAD_USER_INPUT with diagnostics', async () => {
    const result = await client.request(Items, { first: 101 });
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ path: 'first', message: 'first must not be greater than 100' }],
    });
  });

  it('reports an invalid document with the code Apollo gives it', async () => {
    const result = await client.request(UnknownField);
    expect(result.status).toBe(400);
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      requestId: expect.any(String),
    });
  });

  describe('cursor connections', () => {
    it('pages with first and after until hasNextPage is false', async () => {
      const first = await client.expectData(Items, { first: 2 });
      expect(first.items.totalCount).toBe(5);
      expect(first.items.edges.map((edge) => edge.node.n)).toEqual([0, 1]);
      expect(first.items.pageInfo).toEqual({ hasNextPage: true, endCursor: first.items.edges[1]!.cursor });

      const last = await client.expectData(Items, { first: 10, after: first.items.pageInfo.endCursor });
      expect(last.items.edges.map((edge) => edge.node.n)).toEqual([2, 3, 4]);
      expect(last.items.pageInfo.hasNextPage).toBe(false);
    });

    it('defaults first to 20', async () => {
      const page = await client.expectData(Items, {});
      expect(page.items.edges).toHaveLength(5);
    });

    it('refuses a cursor it did not issue with BAD_USER_INPUT', async () => {
      const result = await client.request(Items, { after: 'bm90IGEgY3Vyc29y' });
      expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toBe('Invalid cursor');
    });
  });

  describe('scalars', () => {
    it('passes any JSON value through JSON variables', async () => {
      const value = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } }, list: [1, 'two', null] };
      expect(await client.expectData(EchoJson, { value })).toEqual({ echoJson: value });
      expect(await client.expectData(EchoJson, { value: 'text' })).toEqual({ echoJson: 'text' });
    });

    it('reads JSON literals written in the document, variables included', async () => {
      expect(await client.expectData(EchoJsonLiteral, { n: 7 })).toEqual({
        echoJson: { list: [1, 2.5, 'x', true, null], nested: { n: 7 } },
      });
    });

    it('round-trips a DateTime as an ISO-8601 string in UTC', async () => {
      expect(await client.expectData(EchoDateTime, { at: '2026-01-31T13:00:00.250+01:00' })).toEqual({
        echoDateTime: '2026-01-31T12:00:00.250Z',
      });
    });

    it('refuses a DateTime that is not an instant as BAD_USER_INPUT', async () => {
      const result = await client.request(EchoDateTime, { at: '2026-02-30T00:00:00Z' });
      expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain('DateTime must be an ISO-8601 date-time');
    });
  });
});

describe('GraphQL in production', () => {
  let probe: ProbeApp;
  let client: GraphqlClient;

  beforeAll(async () => {
    probe = await bootProbeApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-32-characters',
    });
    client = createGraphqlClient(probe.url);
  });

  afterAll(async () => {
    await probe.close();
  });

  it('sends no stack trace and nothing of an unexpected error', async () => {
    const response = await fetch(`${probe.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ crash }' }),
    });
    const text = await response.text();
    expect(text).not.toContain(SECRET_INTERNALS);
    expect(text).not.toContain('stacktrace');
    expect(JSON.parse(text).errors[0]).toEqual({
      message: 'Internal server error',
      locations: [{ line: 1, column: 3 }],
      path: ['crash'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: response.headers.get('x-request-id') },
    });
  });

  it('still maps an AppError to its code, without a stack trace', async () => {
    const result = await client.request(FailWith, { code: 'NOT_FOUND' });
    expect(result.errors![0]!.extensions).toEqual({
      code: 'NOT_FOUND',
      details: [{ path: 'code', message: 'asked to fail' }],
      requestId: expect.any(String),
    });
  });

  it('serves neither Apollo Sandbox nor introspection (docs/testing.md S3)', async () => {
    const page = await fetch(`${probe.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('embeddable-sandbox');
    const introspection = await client.request(Introspection);
    expect(introspection.data ?? undefined).toBeUndefined();
    expect(introspection.errors![0]!.message).toMatch(/introspection is not allowed/i);
  });

  it('does not suggest field names for a misspelt field (docs/testing.md S3)', async () => {
    const result = await client.request(Misspelt);
    expect(result.errors![0]!.message).toBe('Cannot query field "echoJsn" on type "Query".');
  });
});

describe('GraphQL in production with GRAPHQL_INTROSPECTION=true', () => {
  let probe: ProbeApp;

  beforeAll(async () => {
    probe = await bootProbeApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-32-characters',
      GRAPHQL_INTROSPECTION: 'true',
    });
  });

  afterAll(async () => {
    await probe.close();
  });

  it('serves Apollo Sandbox, the introspection it needs, and suggestions', async () => {
    const page = await fetch(`${probe.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('embeddable-sandbox');
    const client = createGraphqlClient(probe.url);
    expect((await client.expectData(Introspection)).__schema.queryType.name).toBe('Query');
    expect((await client.request(Misspelt)).errors![0]!.message).toContain('Did you mean');
  });
});
