import {
  MAX_ALIASES,
  MAX_DIRECTIVES,
  MAX_QUERY_DEPTH,
  MAX_TOKENS,
} from '../../../src/graphql/graphql.limits.js';
import { REQUEST_BODY_LIMIT_BYTES } from '../../../src/http/http.setup.js';
import { bootApp, type BootedApp } from '../../support/app.js';
import { TEST_ADMIN } from '../../support/auth.js';

interface GraphqlResponse {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(
  booted: BootedApp,
  payload: unknown,
  token = booted.adminToken,
): Promise<GraphqlResponse> {
  const response = await fetch(`${booted.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as GraphqlResponse['body'] };
}

function messages(response: GraphqlResponse): string {
  return (response.body.errors ?? []).map((error) => error.message).join('\n');
}

const LOGIN = `login(email: "${TEST_ADMIN.email}", password: "${TEST_ADMIN.password}") { accessToken }`;

describe('GraphQL document limits', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted.close();
  });

  it('answers a query within every limit', async () => {
    const response = await post(booted, { query: '{ me { email } apiVersion }' });
    expect(response.body).toEqual({ data: { me: { email: TEST_ADMIN.email }, apiVersion: 'v1' } });
  });

  it('refuses a query nested 50 deep before any resolver runs (docs/testing.md S1)', async () => {
    const query = `{ me ${'{ id '.repeat(49)}${'}'.repeat(49)} }`;
    const response = await post(booted, { query });
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(messages(response)).toContain(`Query depth limit of ${MAX_QUERY_DEPTH} exceeded`);
  });

  it('refuses 10,000 aliases at the token limit, and more than the alias cap (docs/testing.md S2)', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `a${i}: apiVersion`).join(' ');
    const flood = await post(booted, { query: `{ ${many} }` });
    expect(flood.status).toBe(400);
    // graphql-js spells it "more that".
    expect(messages(flood)).toMatch(new RegExp(`Document contains more tha[nt] ${MAX_TOKENS} tokens`));
    const some = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}: apiVersion`).join(' ');
    const aliased = await post(booted, { query: `{ ${some} }` });
    expect(aliased.status).toBe(400);
    expect(messages(aliased)).toContain(`Aliases limit of ${MAX_ALIASES} exceeded`);
  });

  it('refuses a fragment bomb by its cost, quickly (docs/testing.md S2)', async () => {
    const levels = 24;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { apiVersion }`
        : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    // By its cost, before its 2^24 fields are expanded (an expansion would outlast the test's
    // timeout); how long the refusal takes is measured by `npm run bench -- --only limits`.
    const response = await post(booted, { query: `{ ...F0 }\n${fragments}` });
    expect(response.status).toBe(400);
    expect(messages(response)).toMatch(/Query Cost limit of \d+ exceeded/);
  });

  it('refuses more directives than the cap', async () => {
    const query = `{ ${'__typename @skip(if: false) '.repeat(MAX_DIRECTIVES + 1)} }`;
    const response = await post(booted, { query });
    expect(response.status).toBe(400);
    expect(messages(response)).toContain(`Directives limit of ${MAX_DIRECTIVES} exceeded`);
  });

  it('refuses batched HTTP requests (docs/testing.md S2)', async () => {
    const response = await post(booted, [{ query: '{ apiVersion }' }, { query: '{ apiVersion }' }]);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/batching/i);
  });

  it.each([
    ['aliased', `mutation { first: ${LOGIN} }`, 'login may not be aliased'],
    [
      'twice, once through a fragment',
      `mutation { ${LOGIN} ...Again } fragment Again on Mutation { ${LOGIN} }`,
      'login may appear only once per request',
    ],
    [
      'aliased refreshToken',
      'mutation { again: refreshToken(refreshToken: "x") { accessToken } }',
      'refreshToken may not be aliased',
    ],
  ])('refuses login %s: one request is one attempt (docs/testing.md S2)', async (_label, query, message) => {
    const response = await post(booted, { query }, '');
    expect(response.status).toBe(400);
    expect(messages(response)).toContain(message);
  });

  it.each([
    [
      'a GET mutation',
      () =>
        fetch(`${booted.url}/graphql?query=${encodeURIComponent(`mutation { ${LOGIN} }`)}`, {
          headers: { 'apollo-require-preflight': 'true' },
        }),
    ],
    [
      'a text/plain POST',
      () =>
        fetch(`${booted.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ query: `mutation { ${LOGIN} }` }),
        }),
    ],
    [
      'a form POST',
      () =>
        fetch(`${booted.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `query=${encodeURIComponent(`mutation { ${LOGIN} }`)}`,
        }),
    ],
    [
      'a simple GET query',
      () => fetch(`${booted.url}/graphql?query=${encodeURIComponent('{ apiVersion }')}`),
    ],
  ])('refuses %s (docs/testing.md S4)', async (_label, send) => {
    const response = await send();
    expect([400, 405]).toContain(response.status);
    expect(await response.text()).not.toContain('accessToken":"');
  });

  it(`answers 413 to a body over ${REQUEST_BODY_LIMIT_BYTES} bytes`, async () => {
    const response = await post(booted, {
      query: '{ apiVersion }',
      variables: { pad: 'x'.repeat(REQUEST_BODY_LIMIT_BYTES) },
    });
    expect(response.status).toBe(413);
  });
});

describe('GraphQL in production (docs/testing.md S3)', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp({ NODE_ENV: 'production' });
  });

  afterAll(async () => {
    await booted.close();
  });

  it('refuses introspection and serves no Sandbox', async () => {
    const response = await post(booted, { query: '{ __schema { types { name } } }' });
    expect(response.body.data).toBeUndefined();
    expect(messages(response)).toMatch(/introspection is not allowed/i);
    const page = await fetch(`${booted.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('embeddable-sandbox');
  });

  it('does not say "did you mean", and tags every error with a request id and no stack', async () => {
    const response = await post(booted, { query: '{ stateMachine { nme } }' });
    expect(messages(response)).not.toMatch(/did you mean/i);
    for (const error of response.body.errors!) {
      expect(error.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: expect.any(String) });
    }
  });
});
