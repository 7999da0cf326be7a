import {
  censoredLogLine,
  requestLogFields,
  withoutSecrets,
  withoutTextSecrets,
  type LoggedRequest,
} from '../../src/common/log-secrets.js';

describe('log secrets', () => {
  it('logs a request by method, path, id, address and a few headers, with credentials censored', () => {
    const request = {
      id: 'req-1',
      method: 'POST',
      originalUrl: '/graphql?probe=1&access_token=t0p&Api-Key=k3y',
      url: '/graphql',
      socket: { remoteAddress: '10.0.0.7' },
      headers: {
        host: 'example.test',
        'user-agent': 'curl',
        authorization: 'Bearer t0p',
        cookie: 'session=c00kie',
        'x-api-key': 'k3y',
        'x-custom': 'not logged',
      },
    } as unknown as LoggedRequest;
    expect(requestLogFields(request)).toEqual({
      id: 'req-1',
      method: 'POST',
      url: '/graphql?probe=1&access_token=[redacted]&Api-Key=[redacted]',
      remoteAddress: '10.0.0.7',
      headers: {
        host: 'example.test',
        'user-agent': 'curl',
        authorization: '[redacted]',
        cookie: '[redacted]',
        'x-api-key': '[redacted]',
      },
    });
  });

  it('censors a secret key at any depth of a written line, and leaves other lines as they are', () => {
    const plain = '{"level":30,"msg":"request completed","req":{"headers":{"authorization":"[redacted]"}}}\n';
    expect(censoredLogLine(plain)).toBe(plain);
    const leaky = {
      level: 50,
      res: { headers: { 'set-cookie': ['session=c00kie'] } },
      context: { a: { b: { c: { d: { password: 'hunter2', taskToken: { nested: 'tok' } } } } } },
    };
    const written = censoredLogLine(`${JSON.stringify(leaky)}\n`);
    expect(written).not.toMatch(/c00kie|hunter2|tok"/);
    expect(JSON.parse(written)).toEqual({
      level: 50,
      res: { headers: { 'set-cookie': '[redacted]' } },
      context: { a: { b: { c: { d: { password: '[redacted]', taskToken: '[redacted]' } } } } },
    });
  });

  it("censors webhook signatures: a request's headers and any line that carries one", () => {
    const request = {
      method: 'POST',
      url: '/hooks/1',
      socket: {},
      headers: { 'stepgraph-signature': 't=1,v1=abc', 'x-hub-signature-256': 'sha256=abc' },
    } as unknown as LoggedRequest;
    expect(requestLogFields(request).headers).toEqual({
      'stepgraph-signature': '[redacted]',
      'x-hub-signature-256': '[redacted]',
    });
    const line = `${JSON.stringify({ headers: { 'x-hub-signature-256': 'sha256=abc' } })}\n`;
    expect(censoredLogLine(line)).not.toContain('abc');
  });

  it('withholds a line naming a secret that is not JSON', () => {
    expect(censoredLogLine('oops "password":"hunter2"\n')).not.toContain('hunter2');
  });

  it('censors secrets in free text: connection-string passwords, JWTs, API keys, credentials, password pairs', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const text = [
      'connect postgres://app:pa55word@db.internal:5432/stepgraph failed',
      'redis rediss://:r3dis@cache:6380/0 gone',
      `token ${jwt} expired`,
      'key sgk_AbC-123_xyz refused',
      'header Authorization: Bearer opaque.t0ken and Basic dXNlcjpwYXNz',
      'libpq host=db password=l1bpq user=app',
    ].join('\n');
    const scrubbed = withoutTextSecrets(text);
    expect(scrubbed).not.toMatch(/pa55word|r3dis|c2lnbmF0dXJl|AbC-123|opaque\.t0ken|dXNlcjpwYXNz|l1bpq/);
    expect(scrubbed).toContain('postgres://app:[redacted]@db.internal:5432/stepgraph');
    expect(scrubbed).toContain('password=[redacted] user=app');
    const harmless = "Cannot read properties of undefined (reading 'Type') at https://example.test/path";
    expect(withoutTextSecrets(harmless)).toBe(harmless);
  });

  it('copies a value for a report with secret keys censored in any case and secrets in strings scrubbed', () => {
    const value = {
      headers: { Authorization: 'Bearer x', 'X-Api-Key': 'k' },
      nested: [{ api_key: 'k2', note: 'dsn postgres://u:p4ss@h/db' }],
      count: 3,
    };
    expect(withoutSecrets(value)).toEqual({
      headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]' },
      nested: [{ api_key: '[redacted]', note: 'dsn postgres://u:[redacted]@h/db' }],
      count: 3,
    });
    expect(value.headers.Authorization).toBe('Bearer x');
  });
});
