import { bootApp, type BootedApp } from '../support/app.js';

jest.setTimeout(60_000);

interface ErrorBody {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

describe('a subscription sent over HTTP', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    // NODE_ENV=test shows stack traces of server faults: a client error must carry none even so.
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted?.close();
  });

  const post = (query: string, token?: string) =>
    fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token !== undefined && { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query }),
    });

  it.each([
    ['signed in', () => booted.adminToken],
    ['anonymous', () => undefined],
  ])(
    'is refused as a bad request that points to graphql-ws, with no stack trace (%s)',
    async (_caller, token) => {
      const response = await post(
        'subscription { executionEvents(executionId: "0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f") { seq } }',
        token(),
      );
      const body = (await response.json()) as ErrorBody;
      expect(response.status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        {
          message: 'Subscriptions are served over WebSocket only: connect with graphql-ws to /graphql.',
          extensions: { code: 'BAD_USER_INPUT', requestId: expect.any(String) },
        },
      ]);
    },
  );

  it('still answers a query over HTTP', async () => {
    const response = await post('{ apiVersion }');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { apiVersion: 'v1' } });
  });
});
