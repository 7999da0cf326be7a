import { randomBytes } from 'node:crypto';
import { bootApp, type BootedApp } from '../../support/app.js';
import { createUser, TEST_PASSWORD } from '../../support/auth.js';
import { describeWithRedis, emptyTestRedis } from '../../support/redis.js';

/** A client address of its own for each scenario, through X-Forwarded-For (TRUST_PROXY_HOPS=1). */
function anotherIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

/**
 * One login attempt. That an unknown account takes as long as a wrong password is a wall-clock
 * comparison: `npm run bench -- --only limits` measures it.
 */
async function attemptLogin(booted: BootedApp, email: string, password: string, ip: string) {
  const response = await fetch(`${booted.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

/**
 * Attempts per brute-force scenario. The acceptance's size is 1,000 (`STEPGRAPH_RATE_LIMIT_TEST_ATTEMPTS=1000`);
 * the suite runs 200, far past the limits (5 per account, 20 per address), to stay within its time budget.
 */
const ATTEMPTS = Number(process.env.STEPGRAPH_RATE_LIMIT_TEST_ATTEMPTS ?? 200);

const LIMITED = {
  TRUST_PROXY_HOPS: '1',
  AUTH_RATE_LIMIT_PER_MINUTE: '5',
  AUTH_RATE_LIMIT_PER_IP_PER_MINUTE: '20',
};

describe('login throttling (docs/testing.md S13)', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp(LIMITED);
  });

  afterAll(async () => {
    await booted.close();
  });

  it(`throttles ${ATTEMPTS} wrong passwords for one account, from many addresses, with Retry-After`, async () => {
    const { user } = await createUser(booted.url, booted.adminToken, 'viewer');
    const statuses = { 401: 0, 429: 0 } as Record<number, number>;
    for (let i = 0; i < ATTEMPTS; i += 1) {
      const attempt = await attemptLogin(booted, user.email, `wrong-${i}`, anotherIp());
      statuses[attempt.status] = (statuses[attempt.status] ?? 0) + 1;
      if (attempt.status === 429) expect(Number(attempt.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(statuses[401]).toBeLessThanOrEqual(5);
    expect(statuses[429]).toBeGreaterThanOrEqual(ATTEMPTS - 5);
    // Blocked means blocked: the right password waits too.
    expect((await attemptLogin(booted, user.email, TEST_PASSWORD, anotherIp())).status).toBe(429);
  }, 60_000);

  it(`throttles one password tried across ${ATTEMPTS} accounts from one address`, async () => {
    const ip = anotherIp();
    let refused = 0;
    let checked = 0;
    for (let i = 0; i < ATTEMPTS; i += 1) {
      const attempt = await attemptLogin(booted, `spray-${i}@stepgraph.test`, 'Summer2026!', ip);
      if (attempt.status === 429) refused += 1;
      else checked += 1;
    }
    expect(checked).toBeLessThanOrEqual(20);
    expect(refused).toBeGreaterThanOrEqual(ATTEMPTS - 20);
    // Another address is not affected.
    expect((await attemptLogin(booted, 'spray-x@stepgraph.test', 'Summer2026!', anotherIp())).status).toBe(
      401,
    );
  }, 60_000);

  it('answers a throttled GraphQL login with TOO_MANY_REQUESTS and Retry-After', async () => {
    const ip = anotherIp();
    // The first throttled answer is the one looked at: which attempt it is depends on the machine's
    // pace (a block after the fourth failure lasts 1 s; a slow attempt may come after it), but
    // one of the first few always is (5 attempts a minute per account).
    let throttled: { response: Response; extensions: Record<string, unknown> } | undefined;
    for (let i = 0; i < 8 && !throttled; i += 1) {
      const response = await fetch(`${booted.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({
          query: 'mutation { login(email: "g@stepgraph.test", password: "x") { accessToken } }',
        }),
      });
      const body = (await response.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
      const extensions = body.errors[0]!.extensions;
      if (extensions.code !== 'UNAUTHENTICATED') throttled = { response, extensions };
    }
    expect(throttled?.extensions).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      retryAfter: expect.any(Number),
    });
    expect(Number(throttled!.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('the per-address request limit', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp({ TRUST_PROXY_HOPS: '1', RATE_LIMIT_PER_MINUTE: '10' });
  });

  afterAll(async () => {
    await booted.close();
  });

  it('answers 429 with Retry-After over REST and TOO_MANY_REQUESTS over GraphQL past the limit', async () => {
    const ip = anotherIp();
    const headers = { authorization: `Bearer ${booted.adminToken}`, 'x-forwarded-for': ip };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1)
      statuses.push((await fetch(`${booted.url}/api/v1/audit`, { headers })).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const rest = await fetch(`${booted.url}/api/v1/audit`, { headers });
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const graphql = await fetch(`${booted.url}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    const body = (await graphql.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('TOO_MANY_REQUESTS');
    // Another address still gets through.
    const other = await fetch(`${booted.url}/api/v1/audit`, {
      headers: { ...headers, 'x-forwarded-for': anotherIp() },
    });
    expect(other.status).toBe(200);
  });
});

describe('login throttling while Redis is down (docs/testing.md S18)', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails, and the limits fall back to memory.
    booted = await bootApp({ ...LIMITED, REDIS_URL: 'redis://127.0.0.1:1' });
  });

  afterAll(async () => {
    await booted.close();
  });

  it('still blocks brute force on one account', async () => {
    const email = `down-${randomBytes(4).toString('hex')}@stepgraph.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1)
      statuses.push((await attemptLogin(booted, email, `guess-${i}`, anotherIp())).status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(25);
  });
});

describeWithRedis('login throttling across instances', (redisUrl) => {
  let first: BootedApp;
  let second: BootedApp;

  beforeAll(async () => {
    await emptyTestRedis(redisUrl);
    first = await bootApp({ ...LIMITED, REDIS_URL: redisUrl });
    second = await bootApp({ ...LIMITED, REDIS_URL: redisUrl });
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('counts failures on one instance against attempts on another', async () => {
    const email = `shared-${randomBytes(4).toString('hex')}@stepgraph.test`;
    for (let i = 0; i < 5; i += 1) await attemptLogin(first, email, `guess-${i}`, anotherIp());
    expect((await attemptLogin(second, email, 'guess-again', anotherIp())).status).toBe(429);
  });
});
