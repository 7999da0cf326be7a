import { StatesError } from '../../src/asl/errors.js';
import { invokeHttpTask, type HttpTaskOptions } from '../../src/engine/tasks/http/http-task.js';
import type { HostResolver } from '../../src/engine/tasks/http/outbound-address.guard.js';
import {
  startConnectionRecorder,
  startHttpServer,
  type ConnectionRecorder,
  type TestHttpServer,
} from '../support/http-task.servers.js';

/**
 * docs/testing.md S12: an HTTP Task aimed at the host itself, the private network or cloud metadata is
 * refused before connecting. Recorders listen on 127.0.0.1 and ::1 (same port P) and count every
 * connection: the loopback could be allow-listed, and these tests do not, so any leak shows as a
 * connection. A server on 127.0.0.2:P, allow-listed where a test says so, plays the legitimate host.
 */
let recorders: ConnectionRecorder[];
let port: number;
const servers: TestHttpServer[] = [];

beforeAll(async () => {
  const v4 = await startConnectionRecorder('127.0.0.1');
  recorders = [v4, await startConnectionRecorder('::1', v4.port)];
  port = v4.port;
});
afterAll(async () => {
  await Promise.all(recorders.map((recorder) => recorder.close()));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Connections and bytes that reached any recorder since the test began. */
let before = 0;
const recorded = () => recorders.reduce((sum, r) => sum + r.connections + r.bytesReceived, 0);
beforeEach(() => {
  before = recorded();
});
const connectionsToRecorders = () => recorded() - before;

const options = (overrides: Partial<HttpTaskOptions> = {}): HttpTaskOptions => ({
  allowList: [],
  timeoutMs: 5000,
  maxResponseBytes: 64 * 1024,
  maxRedirects: 3,
  resolve: fixedDns({}),
  ...overrides,
});

/** A resolver with a fixed zone; every name it is asked for is recorded. */
function fixedDns(zone: Record<string, string[]>, asked: string[] = []): HostResolver {
  return async (hostname) => {
    asked.push(hostname);
    const answers = zone[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function failure(call: Promise<unknown>): Promise<StatesError> {
  const outcome = await call.then(
    () => new Error('expected the HTTP Task to fail'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof StatesError)) throw outcome;
  return outcome;
}

const get = (url: string) => ({ ApiEndpoint: url, Method: 'GET' });

describe('HTTP Task outbound address guard (docs/testing.md S12)', () => {
  it.each([
    ['127.0.0.1', () => `http://127.0.0.1:${port}/`],
    ['::1', () => `http://[::1]:${port}/`],
  ])('reaches the recorder on %s once it is allow-listed (the witness works)', async (address, url) => {
    const result = await invokeHttpTask(get(url()), options({ allowList: [address] }));
    expect(result.StatusCode).toBe(204);
    expect(connectionsToRecorders()).toBeGreaterThan(0);
  });

  const zone = {
    'loopback.test': ['127.0.0.1'],
    'mapped.test': ['::ffff:127.0.0.1'],
    'mixed.test': ['93.184.216.34', '127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'private.test': ['10.0.0.7'],
    'odd-answer.test': ['0x7f000001'],
  };

  it.each([
    ['127.0.0.1', () => `http://127.0.0.1:${port}/`, 'address 127.0.0.1 is loopback and not allow-listed'],
    ['[::1]', () => `http://[::1]:${port}/`, 'address ::1 is loopback and not allow-listed'],
    ['0x7f000001', () => `http://0x7f000001:${port}/`, 'address 127.0.0.1 is loopback'],
    ['2130706433', () => `http://2130706433:${port}/`, 'address 127.0.0.1 is loopback'],
    ['0177.0.0.1', () => `http://0177.0.0.1:${port}/`, 'address 127.0.0.1 is loopback'],
    ['127.1', () => `http://127.1:${port}/`, 'address 127.0.0.1 is loopback'],
    ['0.0.0.0', () => `http://0.0.0.0:${port}/`, 'address 0.0.0.0 is unspecified'],
    ['[::]', () => `http://[::]:${port}/`, 'address :: is unspecified'],
    ['[::ffff:127.0.0.1]', () => `http://[::ffff:127.0.0.1]:${port}/`, 'IPv4-mapped IPv6 (127.0.0.1)'],
    ['[::ffff:7f00:1]', () => `http://[::ffff:7f00:1]:${port}/`, 'IPv4-mapped IPv6 (127.0.0.1)'],
    ['[64:ff9b::7f00:1] (NAT64)', () => `http://[64:ff9b::7f00:1]:${port}/`, 'NAT64 IPv6 (127.0.0.1)'],
    [
      'a name resolving to loopback',
      () => `http://loopback.test:${port}/`,
      'resolves to 127.0.0.1, which is loopback',
    ],
    ['a name resolving to ::ffff:127.0.0.1', () => `http://mapped.test:${port}/`, 'IPv4-mapped IPv6'],
    [
      'a name with a public and a loopback answer',
      () => `http://mixed.test:${port}/`,
      'resolves to 127.0.0.1',
    ],
    ['a name answered with an odd spelling', () => `http://odd-answer.test:${port}/`, 'is not an IP address'],
    [
      '169.254.169.254',
      () => 'http://169.254.169.254/latest/meta-data/',
      'is link-local/metadata and not allow-listed',
    ],
    [
      '[fd00:ec2::254]',
      () => 'http://[fd00:ec2::254]/latest/meta-data/',
      'is private (unique local)/metadata',
    ],
    ['100.100.100.200', () => 'http://100.100.100.200/latest/meta-data/', 'is carrier-grade NAT/metadata'],
    ['metadata.google.internal', () => 'http://metadata.google.internal/', 'is a cloud metadata endpoint'],
    [
      'a name resolving to metadata',
      () => 'http://metadata.test/',
      'resolves to 169.254.169.254, which is link-local/metadata',
    ],
    ['a private name', () => 'http://private.test/', 'resolves to 10.0.0.7, which is private'],
    ['192.168.1.1', () => 'http://192.168.1.1/', 'is private'],
    ['172.16.0.1', () => 'http://172.16.0.1/', 'is private'],
    ['100.64.0.1', () => 'http://100.64.0.1/', 'is carrier-grade NAT'],
    ['[fe80::1]', () => 'http://[fe80::1]/', 'is link-local'],
    ['224.0.0.1', () => 'http://224.0.0.1/', 'is multicast'],
    ['file:///etc/passwd', () => 'file:///etc/passwd', 'scheme file: is not allowed'],
    ['gopher://', () => `gopher://127.0.0.1:${port}/_stats`, 'scheme gopher: is not allowed'],
    ['ftp://', () => `ftp://127.0.0.1:${port}/`, 'scheme ftp: is not allowed'],
  ])('refuses %s before connecting', async (_label, url, reason) => {
    const error = await failure(invokeHttpTask(get(url()), options({ resolve: fixedDns(zone) })));
    expect(error.name).toBe('States.Permissions');
    expect(error.cause).toMatch(/^Refused to connect to /);
    expect(error.cause).toContain(reason);
    expect(connectionsToRecorders()).toBe(0);
  });

  it('refuses localhost as the system resolver answers it', async () => {
    const { resolve: _fixed, ...systemDns } = options();
    const error = await failure(invokeHttpTask(get(`http://localhost:${port}/`), systemDns));
    expect(error.name).toBe('States.Permissions');
    expect(error.cause).toMatch(
      /host localhost resolves to (127\.0\.0\.1|::1), which is loopback and not allow-listed/,
    );
    expect(connectionsToRecorders()).toBe(0);
  });

  it('never resolves a metadata host name', async () => {
    const asked: string[] = [];
    await failure(
      invokeHttpTask(get('http://metadata.google.internal./'), options({ resolve: fixedDns({}, asked) })),
    );
    expect(asked).toEqual([]);
  });

  it.each([
    ['a loopback address', () => `http://127.0.0.1:${port}/`, 'address 127.0.0.1 is loopback'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/iam/', 'is link-local/metadata'],
    ['a file: URL', () => 'file:///etc/passwd', 'scheme file: is not allowed'],
  ])('refuses a redirect to %s before connecting to it', async (_label, target, reason) => {
    const origin = await startHttpServer((_request, response) => {
      response.writeHead(302, { location: target() });
      response.end();
    }, '127.0.0.2');
    servers.push(origin);
    const error = await failure(
      invokeHttpTask(get(`${origin.origin}/start`), options({ allowList: ['127.0.0.2'] })),
    );
    expect(origin.requests).toHaveLength(1);
    expect(error.name).toBe('States.Permissions');
    expect(error.cause).toContain(reason);
    expect(connectionsToRecorders()).toBe(0);
  });

  it('connects to the address it checked when DNS changes between lookups', async () => {
    const legitimate = await startHttpServer(
      (_request, response) => response.end('legitimate'),
      '127.0.0.2',
      port,
    );
    servers.push(legitimate);
    const answers = [['127.0.0.2'], ['127.0.0.1']];
    const asked: string[] = [];
    const rebinding: HostResolver = async (hostname) => {
      asked.push(hostname);
      return (answers.shift() ?? ['127.0.0.1']).map((address) => ({ address, family: 4 }));
    };
    const result = await invokeHttpTask(
      get(`http://rebind.test:${port}/`),
      options({ allowList: ['127.0.0.2'], resolve: rebinding }),
    );
    expect(result.ResponseBody).toBe('legitimate');
    expect(legitimate.requests[0]!.headers.host).toBe(`rebind.test:${port}`);
    expect(asked).toEqual(['rebind.test']);
    expect(connectionsToRecorders()).toBe(0);
  });

  it('refuses a name whose first answer is refused, whatever a later lookup would say', async () => {
    const answers = [['127.0.0.1'], ['127.0.0.2']];
    const rebinding: HostResolver = async () =>
      (answers.shift() ?? []).map((address) => ({ address, family: 4 }));
    const error = await failure(
      invokeHttpTask(
        get(`http://rebind.test:${port}/`),
        options({ allowList: ['127.0.0.2'], resolve: rebinding }),
      ),
    );
    expect(error.cause).toContain(
      'host rebind.test resolves to 127.0.0.1, which is loopback and not allow-listed',
    );
    expect(answers).toHaveLength(1);
    expect(connectionsToRecorders()).toBe(0);
  });

  it('admits what an allow-listed name resolves to, except a metadata address', async () => {
    const internal = await startHttpServer(
      (_request, response) => response.end('internal'),
      '127.0.0.2',
      port,
    );
    servers.push(internal);
    const allowList = ['internal.test'];
    const ok = await invokeHttpTask(
      get(`http://internal.test:${port}/`),
      options({ allowList, resolve: fixedDns({ 'internal.test': ['127.0.0.2'] }) }),
    );
    expect(ok.ResponseBody).toBe('internal');
    const error = await failure(
      invokeHttpTask(
        get('http://internal.test/'),
        options({
          allowList: [...allowList, '169.254.0.0/16'],
          resolve: fixedDns({ 'internal.test': ['169.254.169.254'] }),
        }),
      ),
    );
    expect(error.cause).toContain('169.254.169.254, which is link-local/metadata and not allow-listed');
  });

  it('fails with States.Runtime on an allow-list entry it cannot read', async () => {
    const error = await failure(
      invokeHttpTask(get('http://example.test/'), options({ allowList: ['10.0.0.0/99'] })),
    );
    expect(error.name).toBe('States.Runtime');
    expect(error.cause).toContain('"10.0.0.0/99" is neither an IP address, a CIDR nor a host name');
  });
});
