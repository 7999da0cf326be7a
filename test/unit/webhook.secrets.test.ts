import { createHmac } from 'node:crypto';
import { generateWebhookSecret, WebhookSecretCipher } from '../../src/webhooks/webhook-secret.cipher.js';
import { signatureProblem } from '../../src/webhooks/webhook.signature.js';

const KEY = 'a-key-of-at-least-thirty-two-characters';

describe('webhook secrets at rest', () => {
  it('seals a secret so that only the same key opens it, and a changed byte fails to open', () => {
    const secret = generateWebhookSecret();
    const cipher = new WebhookSecretCipher(KEY);
    const sealed = cipher.seal(secret);
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    expect(cipher.open(sealed)).toBe(secret);
    expect(cipher.seal(secret).equals(sealed)).toBe(false);
    expect(() => new WebhookSecretCipher(`${KEY}-other`).open(sealed)).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[20] = tampered[20]! ^ 1;
    expect(() => cipher.open(tampered)).toThrow();
  });
});

describe('webhook signatures', () => {
  const body = Buffer.from('{"a":1}');
  const hex = (secret: string, data: string | Buffer) =>
    createHmac('sha256', secret).update(data).digest('hex');
  const now = 1_800_000_000;

  it('checks STEPGRAPH over "<t>.<body>" within 300 s, any v1 entry matching any secret', () => {
    const header = (t: number, ...secrets: string[]) =>
      [`t=${t}`, ...secrets.map((secret) => `v1=${hex(secret, `${t}.${body.toString()}`)}`)].join(',');
    const call = (value: string | undefined, nowSeconds = now) => ({
      scheme: 'STEPGRAPH' as const,
      header: value,
      body,
      nowSeconds,
    });
    expect(signatureProblem(call(header(now, 's1')), ['s1'])).toBeUndefined();
    expect(signatureProblem(call(header(now, 'x', 's2')), ['s1', 's2'])).toBeUndefined();
    expect(signatureProblem(call(header(now - 300, 's1')), ['s1'])).toBeUndefined();
    expect(signatureProblem(call(header(now - 301, 's1')), ['s1'])).toMatch(/300 seconds/);
    expect(signatureProblem(call(header(now, 's1')), ['s2'])).toBe('the signature does not match');
    expect(signatureProblem(call(undefined), ['s1'])).toMatch(/missing/);
    expect(signatureProblem(call(`v1=${hex('s1', body)}`), ['s1'])).toMatch(/no t=/);
    expect(signatureProblem(call(`t=${now}`), ['s1'])).toMatch(/no v1=/);
    // A truncated or non-hex signature is unequal, never an exception.
    expect(signatureProblem(call(`t=${now},v1=abc`), ['s1'])).toBe('the signature does not match');
    expect(signatureProblem(call(`t=${now},v1=${'z'.repeat(64)}`), ['s1'])).toBe(
      'the signature does not match',
    );
  });

  it('checks GITHUB as sha256=<hex of the body>', () => {
    const call = (value: string) => ({ scheme: 'GITHUB' as const, header: value, body, nowSeconds: now });
    expect(signatureProblem(call(`sha256=${hex('s1', body)}`), ['s1'])).toBeUndefined();
    expect(signatureProblem(call(`sha256=${hex('s2', body)}`), ['s1'])).toBe('the signature does not match');
    expect(signatureProblem(call(hex('s1', body)), ['s1'])).toMatch(/not sha256=/);
  });
});
