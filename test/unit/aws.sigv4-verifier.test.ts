import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  ACCESS_KEY_ID_PATTERN,
  generateAccessKeyId,
  generateSecretAccessKey,
} from '../../src/auth/access-key.js';
import type { AccessKeyVerdict } from '../../src/auth/api-keys.service.js';
import { isSigV4, parseSigV4Authorization } from '../../src/aws/auth/sigv4.authorization.js';
import { SigV4Verifier, type SignedRequest } from '../../src/aws/auth/sigv4.verifier.js';
import type { ApiKeyPrincipal } from '../../src/identity/principal.js';
import { Role } from '../../src/identity/role.js';

const ACCESS_KEY_ID = generateAccessKeyId();
const SECRET = generateSecretAccessKey();
const PRINCIPAL: ApiKeyPrincipal = { kind: 'apiKey', id: 'key-1', name: 'worker key', role: Role.worker };
/** The server's clock in every test: a fixed instant, so that skews are exact. */
const NOW = Date.UTC(2026, 11, 7, 6, 0, 0);
const MINUTE = 60_000;
const BODY = '{"maxResults":10}';

/** The one live key of these tests, checked as src/auth checks one: its secret decides. */
async function checkAccessKey(
  accessKeyId: string,
  matches: (secret: string) => Promise<boolean>,
): Promise<AccessKeyVerdict> {
  if (accessKeyId !== ACCESS_KEY_ID) return { kind: 'unknown' };
  return (await matches(SECRET)) ? { kind: 'verified', principal: PRINCIPAL } : { kind: 'mismatch' };
}

const verifier = new SigV4Verifier(checkAccessKey, { region: 'us-east-1', now: () => NOW });

interface SignOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  service?: string;
  signingDate?: Date;
  applyChecksum?: boolean;
  signableHeaders?: Set<string>;
}

/** A ListStateMachines call signed by @smithy/signature-v4 as the SDK signs it, as it reaches the server. */
async function signed(options: SignOptions = {}): Promise<{ request: SignedRequest; authorization: string }> {
  const signer = new SignatureV4({
    service: options.service ?? 'states',
    region: options.region ?? 'us-east-1',
    credentials: {
      accessKeyId: options.accessKeyId ?? ACCESS_KEY_ID,
      secretAccessKey: options.secretAccessKey ?? SECRET,
    },
    sha256: Sha256,
    applyChecksum: options.applyChecksum ?? false,
  });
  const result = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 3000,
      path: '/',
      query: {},
      headers: {
        host: '127.0.0.1:3000',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        'x-amz-user-agent': 'aws-sdk-js/3',
        'user-agent': 'aws-sdk-js/3 ua/2.1',
        'content-length': String(Buffer.byteLength(BODY)),
      },
      body: BODY,
    },
    { signingDate: options.signingDate ?? new Date(NOW), signableHeaders: options.signableHeaders },
  );
  // Node hands a server its headers with lowercase names.
  const headers = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    request: { method: 'POST', path: '/', query: {}, headers, body: Buffer.from(BODY) },
    authorization: headers.authorization!,
  };
}

const refusalOf = async (request: SignedRequest, authorization: string) => {
  const result = await verifier.verify(request, authorization);
  if (!('refusal' in result)) throw new Error('expected a refusal, got a principal');
  return result.refusal;
};

describe('access key pairs', () => {
  it('look like AWS access keys: a 20-character id with the SGAK prefix and a 40-character secret', () => {
    const ids = Array.from({ length: 200 }, generateAccessKeyId);
    for (const id of ids) expect(id).toMatch(ACCESS_KEY_ID_PATTERN);
    expect(ids[0]).toHaveLength(20);
    expect(new Set(ids).size).toBe(ids.length);
    expect(generateSecretAccessKey()).toMatch(/^[A-Za-z0-9_-]{40}$/);
  });
});

describe('the SigV4 Authorization header', () => {
  it('is recognised by its algorithm and parsed into its credential scope, headers and signature', async () => {
    const { authorization } = await signed();
    expect(isSigV4(authorization)).toBe(true);
    expect(isSigV4('Bearer sgk_x')).toBe(false);
    expect(parseSigV4Authorization(authorization)).toMatchObject({
      accessKeyId: ACCESS_KEY_ID,
      date: '20261207',
      region: 'us-east-1',
      service: 'states',
      signedHeaders: expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target']),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('names what a malformed header lacks without quoting the header', () => {
    const parsed = parseSigV4Authorization(
      `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20261207/us-east-1/states/aws4_request`,
    );
    expect(parsed).toEqual({
      problem:
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.",
    });
    expect(
      parseSigV4Authorization(
        `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20261207, SignedHeaders=host, Signature=ab`,
      ),
    ).toEqual({ problem: expect.stringMatching(/5 slash-delimited elements/) });
  });
});

describe('SigV4 verification', () => {
  it('accepts a request signed by @smithy/signature-v4 and answers the key principal', async () => {
    const { request, authorization } = await signed();
    expect(await verifier.verify(request, authorization)).toEqual({ principal: PRINCIPAL });
  });

  it('accepts a signed x-amz-content-sha256 that is the body hash, and refuses one for another body', async () => {
    const good = await signed({ applyChecksum: true });
    expect(good.authorization).toContain('x-amz-content-sha256');
    expect(await verifier.verify(good.request, good.authorization)).toEqual({ principal: PRINCIPAL });

    const swapped = { ...good.request, body: Buffer.from('{"maxResults":11}') };
    expect(await refusalOf(swapped, good.authorization)).toMatchObject({ code: 'InvalidSignatureException' });
  });

  it('signs exactly the headers the client listed, even one the signer would leave out by default', async () => {
    const { request, authorization } = await signed({
      signableHeaders: new Set(['user-agent']),
    });
    expect(authorization).toMatch(/SignedHeaders=(?:[^,]*;)?user-agent[;,]/);
    expect(await verifier.verify(request, authorization)).toEqual({ principal: PRINCIPAL });
    const changed = { ...request, headers: { ...request.headers, 'user-agent': 'another' } };
    expect(await refusalOf(changed, authorization)).toMatchObject({ code: 'InvalidSignatureException' });
  });

  it('ignores a change to a header that was not signed', async () => {
    const { request, authorization } = await signed();
    expect(authorization).not.toMatch(/SignedHeaders=(?:[^,]*;)?user-agent[;,]/);
    const changed = { ...request, headers: { ...request.headers, 'user-agent': 'another' } };
    expect(await verifier.verify(changed, authorization)).toEqual({ principal: PRINCIPAL });
  });

  it('refuses a wrong secret, a changed body, a changed signed header and a changed method', async () => {
    const wrongSecret = await signed({ secretAccessKey: generateSecretAccessKey() });
    const mismatch = {
      code: 'InvalidSignatureException',
      status: 400,
      message: expect.stringMatching(
        /^The request signature we calculated does not match the signature you provided/,
      ),
    };
    expect(await refusalOf(wrongSecret.request, wrongSecret.authorization)).toEqual(mismatch);

    const { request, authorization } = await signed();
    expect(await refusalOf({ ...request, body: Buffer.from('{"maxResults":11}') }, authorization)).toEqual(
      mismatch,
    );
    const target = { ...request.headers, 'x-amz-target': 'AWSStepFunctions.DeleteStateMachine' };
    expect(await refusalOf({ ...request, headers: target }, authorization)).toEqual(mismatch);
    expect(await refusalOf({ ...request, method: 'PUT' }, authorization)).toEqual(mismatch);
  });

  it('compares a signature of another length or case as unequal, never throwing', async () => {
    const { request, authorization } = await signed();
    const signature = /Signature=([0-9a-f]+)/.exec(authorization)![1]!;
    for (const other of [signature.slice(1), `${signature}0`, signature.toUpperCase(), ''])
      expect(
        (await verifier.verify(request, authorization.replace(signature, other))) as unknown,
      ).toMatchObject({
        refusal: { code: other === '' ? 'IncompleteSignatureException' : 'InvalidSignatureException' },
      });
  });

  it('answers UnrecognizedClientException for an access key id that is not a live key', async () => {
    const { request, authorization } = await signed({ accessKeyId: generateAccessKeyId() });
    expect(await refusalOf(request, authorization)).toEqual({
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
  });

  it('refuses a date more than 5 minutes from the server clock either way, with AWS wording', async () => {
    const old = await signed({ signingDate: new Date(NOW - 6 * MINUTE) });
    expect(await refusalOf(old.request, old.authorization)).toEqual({
      code: 'InvalidSignatureException',
      status: 400,
      message:
        'Signature expired: 20261207T055400Z is now earlier than 20261207T055500Z (20261207T060000Z - 5 min.)',
    });
    const ahead = await signed({ signingDate: new Date(NOW + 6 * MINUTE) });
    expect(await refusalOf(ahead.request, ahead.authorization)).toEqual({
      code: 'InvalidSignatureException',
      status: 400,
      message:
        'Signature not yet current: 20261207T060600Z is still later than 20261207T060500Z (20261207T060000Z + 5 min.)',
    });
    for (const offset of [-5 * MINUTE, 5 * MINUTE]) {
      const edge = await signed({ signingDate: new Date(NOW + offset) });
      expect(await verifier.verify(edge.request, edge.authorization)).toEqual({ principal: PRINCIPAL });
    }
  });

  it('refuses a credential scoped to another region or service, or a date that is not X-Amz-Date', async () => {
    const region = await signed({ region: 'eu-west-1' });
    expect(await refusalOf(region.request, region.authorization)).toMatchObject({
      code: 'InvalidSignatureException',
      message: expect.stringMatching(/valid region/),
    });
    const service = await signed({ service: 'dynamodb' });
    expect(await refusalOf(service.request, service.authorization)).toMatchObject({
      code: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'states'. ",
    });
    const { request, authorization } = await signed();
    expect(await refusalOf(request, authorization.replace('/20261207/', '/20261206/'))).toMatchObject({
      code: 'InvalidSignatureException',
      message: expect.stringMatching(/^Date in Credential scope/),
    });
    const { 'x-amz-date': _date, ...undated } = request.headers;
    expect(await refusalOf({ ...request, headers: undated }, authorization)).toMatchObject({
      code: 'IncompleteSignatureException',
    });
    const misdated = { ...request.headers, 'x-amz-date': '20261307T060000Z' };
    expect(await refusalOf({ ...request, headers: misdated }, authorization)).toMatchObject({
      code: 'IncompleteSignatureException',
    });
  });

  it('refuses a signature that does not cover the Host header', async () => {
    const { request, authorization } = await signed();
    const withoutHost = authorization.replace(';host;', ';');
    expect(withoutHost).not.toBe(authorization);
    expect(await refusalOf(request, withoutHost)).toMatchObject({ code: 'IncompleteSignatureException' });
  });
});
