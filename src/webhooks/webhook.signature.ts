import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature schemes a hook may use. */
export const WEBHOOK_SIGNATURES = ['STEPGRAPH', 'GITHUB'] as const;
export type WebhookSignatureScheme = (typeof WEBHOOK_SIGNATURES)[number];

/** The header each scheme reads, lowercased as Node hands headers over. */
export const SIGNATURE_HEADERS: Readonly<Record<WebhookSignatureScheme, string>> = {
  STEPGRAPH: 'stepgraph-signature',
  GITHUB: 'x-hub-signature-256',
};

/** How far a STEPGRAPH signature's `t` may be from now, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** One call as a scheme sees it. */
export interface SignedCall {
  readonly scheme: WebhookSignatureScheme;
  /** The signature header's value; undefined when the call has none. */
  readonly header: string | undefined;
  readonly body: Buffer;
  /** Unix seconds now, for the STEPGRAPH timestamp. */
  readonly nowSeconds: number;
}

/** Why a call's signature is refused, or `undefined` when one of `secrets` signed it. */
export function signatureProblem(call: SignedCall, secrets: readonly string[]): string | undefined {
  const headerName = SIGNATURE_HEADERS[call.scheme];
  if (call.header === undefined || call.header.length === 0) return `the ${headerName} header is missing`;
  return call.scheme === 'STEPGRAPH'
    ? stepgraphProblem(call.header, call.body, call.nowSeconds, secrets)
    : githubProblem(call.header, call.body, secrets);
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`: several v1 entries are allowed (a sender mid-rotation). */
function stepgraphProblem(
  header: string,
  body: Buffer,
  nowSeconds: number,
  secrets: readonly string[],
): string | undefined {
  let timestamp: string | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const equals = part.indexOf('=');
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') candidates.push(value);
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp))
    return 'the Stepgraph-Signature header has no t=<unix seconds>';
  if (candidates.length === 0) return 'the Stepgraph-Signature header has no v1=<hex signature>';
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS)
    return `the signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds away from now`;
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body]);
  const expected = secrets.map((secret) => hmac(secret, signed));
  return candidates.some((candidate) => expected.some((digest) => hexEquals(candidate, digest)))
    ? undefined
    : 'the signature does not match';
}

/** `sha256=<hex>` over the raw body. */
function githubProblem(header: string, body: Buffer, secrets: readonly string[]): string | undefined {
  if (!header.startsWith('sha256=')) return 'the X-Hub-Signature-256 header is not sha256=<hex>';
  const candidate = header.slice('sha256='.length).trim();
  return secrets.some((secret) => hexEquals(candidate, hmac(secret, body)))
    ? undefined
    : 'the signature does not match';
}

function hmac(secret: string, data: Buffer): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Constant-time comparison of a hex text with a digest; any other length or form is unequal. */
function hexEquals(hex: string, digest: Buffer): boolean {
  if (hex.length !== digest.length * 2 || !/^[0-9a-fA-F]+$/.test(hex)) return false;
  return timingSafeEqual(Buffer.from(hex, 'hex'), digest);
}
