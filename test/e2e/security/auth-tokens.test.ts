import { createHmac } from 'node:crypto';
import { bootApp, TEST_JWT_SECRET, type BootedApp } from '../../support/app.js';
import { DataSource } from 'typeorm';
import {
  createApiKey,
  graphqlAs,
  login,
  TEST_ADMIN,
  TEST_PASSWORD,
  type TokenPair,
} from '../../support/auth.js';
import { waitFor } from '../../support/wait.js';

const ME = '{ me { id email role } }';

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A JWT with any header and claims, signed with HMAC-SHA-256 under `secret` (or unsigned). */
function forge(header: Record<string, unknown>, claims: Record<string, unknown>, secret?: string): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const signature = secret ? createHmac('sha256', secret).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

async function restStatus(booted: BootedApp, authorization: string): Promise<number> {
  const response = await fetch(`${booted.url}/api/v1/executions`, { headers: { authorization } });
  return response.status;
}

async function refresh(booted: BootedApp, refreshToken: string): Promise<Response> {
  return fetch(`${booted.url}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
}

async function auditRows(booted: BootedApp, operation: string): Promise<Array<Record<string, unknown>>> {
  const body = await graphqlAs(
    booted.url,
    booted.adminToken,
    'query ($op: String) { auditLog(first: 100, filter: { operation: $op }) { edges { node { actorId operation targetIds outcome details } } } }',
    { op: operation },
  );
  const log = body.data!.auditLog as { edges: Array<{ node: Record<string, unknown> }> };
  return log.edges.map((edge) => edge.node);
}

describe('sign-in with access and refresh tokens', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted.close();
  });

  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD, who can sign in over GraphQL', async () => {
    const body = await graphqlAs(
      booted.url,
      undefined,
      'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken user { email role } } }',
      { e: TEST_ADMIN.email, p: TEST_ADMIN.password },
    );
    const payload = body.data!.login as TokenPair;
    expect(payload.user).toEqual({ email: TEST_ADMIN.email, role: 'admin' });
    expect((await graphqlAs(booted.url, payload.accessToken, ME)).data!.me).toMatchObject({ role: 'admin' });
  });

  it('issues a 15-minute HS256 access token with issuer and audience', async () => {
    const { accessToken } = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const header = JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString('utf8'));
    const claims = claimsOf(accessToken);
    expect(header.alg).toBe('HS256');
    expect(claims).toMatchObject({ iss: 'stepgraph', aud: 'stepgraph-api' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(15 * 60);
  });

  it('refuses a wrong password and an unknown account with the same answer', async () => {
    const wrong = await fetch(`${booted.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: TEST_ADMIN.email, password: 'not the password' }),
    });
    const unknown = await fetch(`${booted.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@stepgraph.test', password: 'not the password' }),
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const [a, b] = [(await wrong.json()) as { detail: string }, (await unknown.json()) as { detail: string }];
    expect(a.detail).toBe('Invalid email or password');
    expect(b.detail).toBe(a.detail);
  });

  it('rotates refresh tokens: each works once and gives a new pair', async () => {
    const first = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const response = await refresh(booted, first.refreshToken);
    expect(response.status).toBe(200);
    const second = (await response.json()) as TokenPair;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await graphqlAs(booted.url, second.accessToken, ME)).data!.me).toMatchObject({
      email: TEST_ADMIN.email,
    });
  });

  it('revokes the whole family, and audits it, when a used refresh token comes back (docs/testing.md S7)', async () => {
    const first = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const second = (await (await refresh(booted, first.refreshToken)).json()) as TokenPair;
    const reuse = await refresh(booted, first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    // The family is gone: the newest refresh token and the access tokens issued in it with it.
    expect((await refresh(booted, second.refreshToken)).status).toBe(401);
    expect((await graphqlAs(booted.url, second.accessToken, ME)).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    const rows = await auditRows(booted, 'auth.refreshTokenReuse');
    const sessionId = claimsOf(first.accessToken).sid as string;
    expect(rows).toContainEqual(
      expect.objectContaining({ outcome: 'denied', targetIds: expect.arrayContaining([sessionId]) }),
    );
  });

  it('lets one of two concurrent refreshes through and treats the other as reuse (docs/security.md)', async () => {
    const pair = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const responses = await Promise.all([
      refresh(booted, pair.refreshToken),
      refresh(booted, pair.refreshToken),
    ]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 401]);
    const winner = (await responses.find((response) => response.status === 200)!.json()) as TokenPair;
    // The loser's reuse revoked the family, the winner's new tokens included.
    expect((await refresh(booted, winner.refreshToken)).status).toBe(401);
    const sessionId = claimsOf(pair.accessToken).sid as string;
    expect(await auditRows(booted, 'auth.refreshTokenReuse')).toContainEqual(
      expect.objectContaining({ targetIds: expect.arrayContaining([sessionId]) }),
    );
  });

  it('ends the session on logout: its refresh and access tokens stop working', async () => {
    const pair = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const body = await graphqlAs(
      booted.url,
      undefined,
      'mutation ($t: String!) { logout(refreshToken: $t) }',
      {
        t: pair.refreshToken,
      },
    );
    expect(body.data).toEqual({ logout: true });
    expect((await refresh(booted, pair.refreshToken)).status).toBe(401);
    expect(await restStatus(booted, `Bearer ${pair.accessToken}`)).toBe(401);
  });

  it('signs a disabled user out everywhere and refuses their password', async () => {
    const viewer = await booted.signInAs('viewer');
    const disabled = await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation ($id: ID!) { updateUser(id: $id, input: { disabled: true }) { disabled } }',
      { id: viewer.user.id },
    );
    expect(disabled.data).toEqual({ updateUser: { disabled: true } });
    expect((await graphqlAs(booted.url, viewer.accessToken, ME)).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await refresh(booted, viewer.refreshToken)).status).toBe(401);
    await expect(login(booted.url, viewer.user.email, TEST_PASSWORD)).rejects.toThrow(/401/);
  });

  it('refuses to disable or demote the last enabled admin', async () => {
    const me = (await graphqlAs(booted.url, booted.adminToken, ME)).data!.me as { id: string };
    const body = await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation ($id: ID!) { updateUser(id: $id, input: { role: viewer }) { role } }',
      { id: me.id },
    );
    expect(body.errors![0]!.extensions!.code).toBe('CONFLICT');
  });

  describe('refuses forged, expired and malformed tokens with 401 (docs/testing.md S5)', () => {
    let valid: TokenPair;
    let claims: Record<string, unknown>;

    beforeAll(async () => {
      valid = await login(booted.url, TEST_ADMIN.email, TEST_ADMIN.password);
      claims = claimsOf(valid.accessToken);
    });

    const now = () => Math.floor(Date.now() / 1000);
    const cases: Array<[string, () => string]> = [
      ['alg: none', () => forge({ alg: 'none', typ: 'JWT' }, claims)],
      [
        'alg: HS512 with the right secret',
        () => {
          const unsigned = `${base64url({ alg: 'HS512', typ: 'JWT' })}.${base64url(claims)}`;
          return `${unsigned}.${createHmac('sha512', TEST_JWT_SECRET).update(unsigned).digest('base64url')}`;
        },
      ],
      [
        'alg: RS256 header over an HMAC signature',
        () =>
          forge({ alg: 'RS256', typ: 'JWT' }, claims, TEST_JWT_SECRET).replace(
            /^[^.]+/,
            base64url({ alg: 'RS256', typ: 'JWT' }),
          ),
      ],
      [
        'a wrong signature',
        () => forge({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-of-enough-length-!!'),
      ],
      [
        'a flipped signature byte',
        () => valid.accessToken.slice(0, -2) + (valid.accessToken.endsWith('A') ? 'BB' : 'AA'),
      ],
      [
        'an expired token',
        () =>
          forge(
            { alg: 'HS256', typ: 'JWT' },
            { ...claims, iat: now() - 1000, exp: now() - 10 },
            TEST_JWT_SECRET,
          ),
      ],
      [
        'a wrong audience',
        () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'another-api' }, TEST_JWT_SECRET),
      ],
      [
        'a wrong issuer',
        () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'someone-else' }, TEST_JWT_SECRET),
      ],
      [
        'a jku header pointing at a foreign key',
        () =>
          forge(
            { alg: 'HS256', jku: 'https://attacker.example/keys', kid: 'x' },
            claims,
            'attacker-secret-of-enough-length!!',
          ),
      ],
      [
        'an embedded jwk header',
        () => forge({ alg: 'HS256', jwk: { kty: 'oct', k: base64url('attacker') } }, claims, 'attacker'),
      ],
      [
        'a token without a session',
        () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, sid: undefined }, TEST_JWT_SECRET),
      ],
      ['garbage', () => 'not-a-token'],
    ];

    it.each(cases)('%s', async (_label, token) => {
      expect(await restStatus(booted, `Bearer ${token()}`)).toBe(401);
      const response = await fetch(`${booted.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
        body: JSON.stringify({ query: ME }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain(token());
    });

    it.each(['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer a b', `Token ${'x'.repeat(10)}`])(
      'answers 401 to the Authorization header %j',
      async (authorization) => {
        expect(await restStatus(booted, authorization)).toBe(401);
      },
    );

    it('accepts the genuine token (the cases above are refused for their flaw alone)', async () => {
      expect(await restStatus(booted, `Bearer ${valid.accessToken}`)).toBe(200);
    });
  });
});

describe('API keys', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted.close();
  });

  const listKeys = async () =>
    (await graphqlAs(booted.url, booted.adminToken, '{ apiKeys { id name role lastUsedAt } }')).data!
      .apiKeys as Array<{
      id: string;
      lastUsedAt: string | null;
    }>;

  it('are shown once, stored only as an HMAC, and accepted as Bearer credentials', async () => {
    const { key, id } = await createApiKey(booted.url, booted.adminToken, 'viewer');
    expect(key).toMatch(/^sgk_[A-Za-z0-9_-]{43}$/);
    const stored = await booted.app
      .get(DataSource)
      .query(
        "SELECT encode(key_hmac, 'hex') AS hmac, row_to_json(api_keys)::text AS row FROM api_keys WHERE id = $1",
        [id],
      );
    expect(stored[0].row).not.toContain(key);
    expect(stored[0].hmac).toHaveLength(64);
    expect(await restStatus(booted, `Bearer ${key}`)).toBe(200);
    expect(JSON.stringify(await listKeys())).not.toContain(key);
  });

  it('record their last use', async () => {
    const { key, id } = await createApiKey(booted.url, booted.adminToken, 'viewer');
    expect((await listKeys()).find((listed) => listed.id === id)!.lastUsedAt).toBeNull();
    await restStatus(booted, `Bearer ${key}`);
    await waitFor(
      async () => ((await listKeys()).find((listed) => listed.id === id)!.lastUsedAt ? true : undefined),
      {
        what: 'lastUsedAt to be recorded',
      },
    );
  });

  it('stop working at once when revoked', async () => {
    const { key, id } = await createApiKey(booted.url, booted.adminToken, 'viewer');
    const revoked = await graphqlAs(
      booted.url,
      booted.adminToken,
      'mutation ($id: ID!) { revokeApiKey(id: $id) }',
      { id },
    );
    expect(revoked.data).toEqual({ revokeApiKey: true });
    expect(await restStatus(booted, `Bearer ${key}`)).toBe(401);
    expect((await listKeys()).map((listed) => listed.id)).not.toContain(id);
  });
});
