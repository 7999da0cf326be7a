import WebSocket from 'ws';
import { SOCKET_MESSAGE_LIMIT_BYTES } from '../../../src/graphql/graphql-socket.limits.js';
import { CONNECTION_INIT_TIMEOUT_MS } from '../../../src/graphql/graphql-ws.options.js';
import { bootApp, type BootedApp } from '../../support/app.js';
import { createApiKey, login, TEST_ADMIN } from '../../support/auth.js';
import { openGraphqlSocket } from '../../support/graphql-ws-client.js';
import { waitFor } from '../../support/wait.js';

/** A raw graphql-transport-ws socket, to send what a well-behaved client never would. */
function rawSocket(booted: BootedApp): {
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
} {
  const socket = new WebSocket(`${booted.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  return { socket, closed };
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
}

describe('who may hold a graphql-ws socket', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted.close();
  });

  it('accepts an access token or an API key in connectionParams.authorization', async () => {
    const key = await createApiKey(booted.url, booted.adminToken, 'viewer');
    for (const token of [booted.adminToken, key.key]) {
      const socket = openGraphqlSocket(booted.url, { token });
      await expect(socket.connected()).resolves.toBeUndefined();
      await socket.close();
    }
  });

  it.each([
    ['no authorization', {}],
    ['garbage', { authorization: 'Bearer nonsense' }],
    ['no Bearer scheme', { authorization: 'token' }],
    ['alg: none', { authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.e30.` }],
    ['a revoked API key', 'revoked'],
  ])('closes the socket with 4403 at connection_init for %s (docs/testing.md S5)', async (_label, params) => {
    let connectionParams = params as Record<string, unknown>;
    if (params === 'revoked') {
      const key = await createApiKey(booted.url, booted.adminToken, 'viewer');
      await fetch(`${booted.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${booted.adminToken}` },
        body: JSON.stringify({
          query: 'mutation ($id: ID!) { revokeApiKey(id: $id) }',
          variables: { id: key.id },
        }),
      });
      connectionParams = { authorization: `Bearer ${key.key}` };
    }
    const socket = openGraphqlSocket(booted.url, { connectionParams });
    expect((await socket.closed()).code).toBe(4403);
  });

  it(`closes a socket that sends no connection_init within ${CONNECTION_INIT_TIMEOUT_MS} ms with 4408 (docs/testing.md S17)`, async () => {
    const { socket, closed } = rawSocket(booted);
    await opened(socket);
    const { code } = await Promise.race([
      closed,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('not closed')), CONNECTION_INIT_TIMEOUT_MS + 3000),
      ),
    ]);
    expect(code).toBe(4408);
  }, 15_000);

  it('closes a socket that sends connection_init twice with 4429 (docs/testing.md S17)', async () => {
    const { socket, closed } = rawSocket(booted);
    await opened(socket);
    const init = JSON.stringify({
      type: 'connection_init',
      payload: { authorization: `Bearer ${booted.adminToken}` },
    });
    socket.send(init);
    socket.send(init);
    expect((await closed).code).toBe(4429);
  });

  it('closes a socket whose message is over the request body cap with 1009, and keeps serving others', async () => {
    const { socket, closed } = rawSocket(booted);
    await opened(socket);
    socket.send(
      JSON.stringify({
        type: 'connection_init',
        payload: {
          authorization: `Bearer ${booted.adminToken}`,
          padding: 'x'.repeat(SOCKET_MESSAGE_LIMIT_BYTES),
        },
      }),
    );
    expect((await closed).code).toBe(1009);

    const ok = rawSocket(booted);
    await opened(ok.socket);
    const acked = new Promise((resolve) =>
      ok.socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    ok.socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${booted.adminToken}` } }),
    );
    expect(await acked).toEqual({ type: 'connection_ack' });
    ok.socket.close();
  });
});

describe('the per-address socket cap (docs/testing.md S17)', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    // A fresh app: sockets of other tests may still be closing on the server side.
    booted = await bootApp({ WS_MAX_CONNECTIONS_PER_IP: '3' });
  });

  afterAll(async () => {
    await booted.close();
  });

  it('accepts at most WS_MAX_CONNECTIONS_PER_IP sockets from one address (docs/testing.md S17)', async () => {
    const sockets = [1, 2, 3].map(() => openGraphqlSocket(booted.url, { token: booted.adminToken }));
    await Promise.all(sockets.map((socket) => socket.connected()));
    const extra = openGraphqlSocket(booted.url, { token: booted.adminToken });
    expect(await extra.closed()).toEqual({ code: 4429, reason: 'Too many connections from this address' });
    await sockets[0]!.close();
    // The server counts the closed socket out once its close frame arrived: retry until it has.
    const replacement = await waitFor(
      async () => {
        const socket = openGraphqlSocket(booted.url, { token: booted.adminToken });
        try {
          await socket.connected();
          return socket;
        } catch {
          await socket.close();
          return undefined;
        }
      },
      { what: 'a socket in the freed place' },
    );
    await Promise.all([...sockets.slice(1), replacement].map((socket) => socket.close()));
  });
});

describe('a socket whose access token expires (docs/testing.md S6)', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp({ ACCESS_TOKEN_TTL_SECONDS: '2' });
  });

  afterAll(async () => {
    await booted.close();
  });

  it('is closed with 4401 when the token expires, not before', async () => {
    const { accessToken } = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const exp = (
      JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { exp: number }
    ).exp;
    const socket = openGraphqlSocket(booted.url, { token: accessToken });
    await socket.connected();
    const closed = await socket.closed(10_000);
    expect(closed).toEqual({ code: 4401, reason: 'Access token expired' });
    // exp has a resolution of one second; the socket must not outlive it by more than scheduling.
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 1000);
  });
});
