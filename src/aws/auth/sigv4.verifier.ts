import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AccessKeyVerdict } from '../../auth/api-keys.service.js';
import type { ApiKeyPrincipal } from '../../identity/principal.js';
import { AwsErrorCode } from '../protocol/aws-error.js';
import { parseSigV4Authorization } from './sigv4.authorization.js';

/** The service name in a Step Functions credential scope. */
export const SIGV4_SERVICE = 'states';
/** How far a request's X-Amz-Date may be from the server's clock, either way: AWS's 5 minutes. */
export const SIGV4_MAX_SKEW_MS = 5 * 60_000;

/** A request as it reached the server: the body as raw bytes, since the signature covers them. */
export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A refusal as AWS words it: its error code, message and HTTP status. */
export interface SigV4Refusal {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

/** Finds a live key by its access key id and checks a signature with its secret (src/auth). */
export type AccessKeyCheck = (
  accessKeyId: string,
  matches: (secretAccessKey: string) => Promise<boolean>,
) => Promise<AccessKeyVerdict>;

export interface SigV4VerifierOptions {
  /** The region a credential must be scoped to (the endpoint's configured AWS region). */
  readonly region: string;
  /** The server's clock, in epoch milliseconds. */
  readonly now?: () => number;
}

const X_AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The messages AWS answers with, so that SDKs and people recognise them. */
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const incomplete = (message: string): SigV4Refusal => ({
  code: AwsErrorCode.IncompleteSignatureException,
  message,
  status: 400,
});
const invalidSignature = (message: string): SigV4Refusal => ({
  code: AwsErrorCode.InvalidSignatureException,
  message,
  status: 400,
});

/**
 * Verifies AWS Signature Version 4 (`Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
 * Signature=…` with `X-Amz-Date`). The expected signature is computed by `@smithy/signature-v4`, the
 * signer of the AWS SDK itself, over a reconstruction of the request with exactly the headers the
 * client signed and its date, and compared in constant time. A date more than 5 minutes from the
 * server's clock is refused (a captured request cannot be replayed later), and a body that does not
 * hash to a signed `x-amz-content-sha256` is refused rather than trusted.
 */
export class SigV4Verifier {
  private readonly now: () => number;

  constructor(
    private readonly checkAccessKey: AccessKeyCheck,
    private readonly options: SigV4VerifierOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The key's principal, or AWS's refusal. `authorization` is the request's SigV4 header. */
  async verify(
    request: SignedRequest,
    authorization: string,
  ): Promise<{ principal: ApiKeyPrincipal } | { refusal: SigV4Refusal }> {
    const parsed = parseSigV4Authorization(authorization);
    if ('problem' in parsed) return { refusal: incomplete(parsed.problem) };
    if (!parsed.signedHeaders.includes('host'))
      return { refusal: incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.") };
    const amzDate = header(request.headers, 'x-amz-date');
    const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
    if (amzDate === undefined || !signingDate)
      return {
        refusal: incomplete(
          "Authorization header requires existence of an 'X-Amz-Date' header in ISO 8601 basic format (yyyymmddThhmmssZ).",
        ),
      };
    if (parsed.date !== amzDate.slice(0, 8))
      return {
        refusal: invalidSignature(
          `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
        ),
      };
    if (parsed.service !== SIGV4_SERVICE)
      return {
        refusal: invalidSignature(`Credential should be scoped to correct service: '${SIGV4_SERVICE}'. `),
      };
    if (parsed.region !== this.options.region)
      return {
        refusal: invalidSignature(
          `Credential should be scoped to a valid region. This endpoint's region is '${this.options.region}'.`,
        ),
      };
    const skew = this.skewProblem(signingDate, amzDate);
    if (skew) return { refusal: invalidSignature(skew) };
    if (!this.payloadHashHolds(request)) return { refusal: invalidSignature(SIGNATURE_MISMATCH) };

    const verdict = await this.checkAccessKey(parsed.accessKeyId, async (secretAccessKey) => {
      const expected = await this.expectedSignature(request, parsed, signingDate, secretAccessKey);
      return constantTimeEqual(expected, parsed.signature);
    });
    if (verdict.kind === 'unknown')
      return {
        refusal: { code: AwsErrorCode.UnrecognizedClientException, message: INVALID_TOKEN, status: 400 },
      };
    if (verdict.kind === 'mismatch') return { refusal: invalidSignature(SIGNATURE_MISMATCH) };
    return { principal: verdict.principal };
  }

  /** AWS's own wording for a date outside the window, with the same three timestamps. */
  private skewProblem(signingDate: Date, amzDate: string): string | undefined {
    const now = this.now();
    if (signingDate.getTime() < now - SIGV4_MAX_SKEW_MS)
      return `Signature expired: ${amzDate} is now earlier than ${basic(now - SIGV4_MAX_SKEW_MS)} (${basic(now)} - 5 min.)`;
    if (signingDate.getTime() > now + SIGV4_MAX_SKEW_MS)
      return `Signature not yet current: ${amzDate} is still later than ${basic(now + SIGV4_MAX_SKEW_MS)} (${basic(now)} + 5 min.)`;
    return undefined;
  }

  /**
   * The smithy signer takes a present `x-amz-content-sha256` as the payload's hash without hashing
   * the body, so a signed hash over another body would verify: it must be the body's own hash.
   */
  private payloadHashHolds(request: SignedRequest): boolean {
    const declared = header(request.headers, 'x-amz-content-sha256');
    return declared === undefined || declared === createHash('sha256').update(request.body).digest('hex');
  }

  private async expectedSignature(
    request: SignedRequest,
    authorization: { accessKeyId: string; region: string; signedHeaders: readonly string[] },
    signingDate: Date,
    secretAccessKey: string,
  ): Promise<string> {
    const headers: Record<string, string> = {};
    for (const name of authorization.signedHeaders) {
      const value = header(request.headers, name);
      if (value !== undefined) headers[name] = value;
    }
    const signer = new SignatureV4({
      service: SIGV4_SERVICE,
      region: authorization.region,
      credentials: { accessKeyId: authorization.accessKeyId, secretAccessKey },
      sha256: Sha256,
      // The payload hash is part of the canonical request either way; as a header only if signed.
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: request.method.toUpperCase(),
        protocol: 'http:',
        hostname: headers.host ?? '',
        path: request.path,
        query: request.query,
        headers,
        body: request.body,
      },
      // Exactly the headers the client signed, even those the signer would leave out by default.
      { signingDate, signableHeaders: new Set(authorization.signedHeaders) },
    );
    return /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization))?.[1] ?? '';
  }
}

/** A header's value, joined as Node joins repeats; undefined when absent. */
function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const parts = X_AMZ_DATE.exec(value);
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second] = parts.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  return Number.isNaN(date.getTime()) || basic(date.getTime()) !== value ? undefined : date;
}

/** `yyyymmddThhmmssZ`, X-Amz-Date's format. */
function basic(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** Equal strings, compared without a data-dependent early exit (only their lengths may leak). */
function constantTimeEqual(expected: string, presented: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
