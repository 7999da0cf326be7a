/** The one algorithm Stepgraph verifies; SigV4a and presigned query strings are refused. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header. */
export interface SigV4Authorization {
  readonly accessKeyId: string;
  /** `yyyymmdd` of the credential scope. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** Lowercase, in the order sent (SigV4 requires it sorted; a request that is not fails to verify). */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Whether an `Authorization` value claims Signature Version 4 (then it is verified or refused as such). */
export function isSigV4(authorization: string): boolean {
  return authorization.trimStart().startsWith(`${SIGV4_ALGORITHM} `);
}

/**
 * The parts of a SigV4 `Authorization` value, or why it does not conform (AWS answers that with
 * IncompleteSignatureException). The reasons never quote the header: it names a credential.
 */
export function parseSigV4Authorization(authorization: string): SigV4Authorization | { problem: string } {
  const parameters = new Map<string, string>();
  for (const part of authorization.trim().slice(SIGV4_ALGORITHM.length).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) parameters.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !parameters.get(name));
  if (missing.length > 0)
    return {
      problem: missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
    };
  const scope = parameters.get('Credential')!.split('/');
  if (scope.length !== 5 || scope.some((part) => part === '') || scope[4] !== 'aws4_request')
    return {
      problem:
        "Credential must have exactly 5 slash-delimited elements: '<access key id>/<yyyymmdd>/<region>/<service>/aws4_request'.",
    };
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  if (!/^\d{8}$/.test(date)) return { problem: 'The date in the Credential scope must be yyyymmdd.' };
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: parameters
      .get('SignedHeaders')!
      .split(';')
      .map((name) => name.trim().toLowerCase()),
    signature: parameters.get('Signature')!,
  };
}
