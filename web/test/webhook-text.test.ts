import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { absoluteHookUrl, overlapSecondsOf, signedCurlExample } from '../src/webhooks/webhook-text';

describe('the webhooks page', () => {
  it('shows a path URL under the page origin, and an absolute one as the server gave it', () => {
    expect(absoluteHookUrl('/hooks/abc', 'https://console.example')).toBe(
      'https://console.example/hooks/abc',
    );
    expect(absoluteHookUrl('https://hooks.example/hooks/abc', 'https://console.example')).toBe(
      'https://hooks.example/hooks/abc',
    );
  });

  it('takes an overlap of 0 to 168 hours, in seconds, and refuses anything else', () => {
    expect(overlapSecondsOf('24')).toEqual({ ok: true, seconds: 86_400 });
    expect(overlapSecondsOf('0')).toEqual({ ok: true, seconds: 0 });
    expect(overlapSecondsOf('0.5')).toEqual({ ok: true, seconds: 1800 });
    for (const refused of ['', '-1', '169', 'soon']) expect(overlapSecondsOf(refused).ok).toBe(false);
  });

  it('writes a curl example whose signature is the one the server checks', () => {
    const secret = 'whsec_test';
    for (const scheme of ['STEPGRAPH', 'GITHUB'] as const) {
      const script = signedCurlExample('http://127.0.0.1:1/hooks/x', scheme);
      expect(script).not.toContain(secret);
      // Run the snippet's signing lines in a shell, curl replaced by an echo of its headers.
      const signing = script.replace(/curl [^]*$/, 'echo "$SIG $T"');
      const [sig, t] = execFileSync('sh', ['-c', signing], { env: { ...process.env, SECRET: secret } })
        .toString()
        .trim()
        .split(' ');
      const body = '{"hello":"world"}';
      const signed = scheme === 'GITHUB' ? body : `${t}.${body}`;
      expect(sig).toBe(createHmac('sha256', secret).update(signed).digest('hex'));
    }
  });
});
