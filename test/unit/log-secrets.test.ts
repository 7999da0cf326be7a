import {
  censoredLogLine,
  requestLogFields,
  type LoggedRequest,
} from '../../src/observability/log-secrets.js';

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
});
