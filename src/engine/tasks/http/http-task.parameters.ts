import { RuntimeError, type StatesError } from '../../../asl/errors.js';
import { ARRAY_FORMATS, encodeFormBody, type ArrayFormat } from './http-task.form-encoding.js';
import { isSensitiveName } from '../../../asl/tasks/sensitive-fields.js';
import { secretForms, secretsInJson } from './http-task.secrets.js';
import type { OutboundRequest } from './http-task.transport.js';

/** The methods AWS's HTTP Task accepts. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;

/** The first request of an HTTP Task, built from its `Parameters`. Header names are lower case. */
export interface HttpTaskRequest extends OutboundRequest {
  /** Credentials found in the parameters, masked in any text a cause quotes. */
  readonly secrets: readonly string[];
}

/** What the task sends as `User-Agent` unless `Headers` names another. */
const USER_AGENT = 'Stepgraph|HttpInvoke';

const FIELDS = [
  'ApiEndpoint',
  'Method',
  'Headers',
  'QueryParameters',
  'RequestBody',
  'Transform',
  'Authentication',
  'InvocationConfig',
];

/**
 * Headers AWS refuses in an HTTP Task definition (States.Runtime), because the service owns them,
 * plus `Content-Length`, which the task computes. `Authorization` is refused by AWS too, which takes credentials from an EventBridge connection;
 * Stepgraph has no connections, so `Authorization` is how a task authenticates and is allowed.
 */
const FORBIDDEN_HEADERS = new Set(
  (
    'A-IM Accept-Charset Accept-Datetime Accept-Encoding Cache-Control Connection Content-Encoding ' +
    'Content-Length Content-MD5 Date Expect Forwarded From Host HTTP2-Settings If-Match ' +
    'If-Modified-Since If-None-Match If-Range If-Unmodified-Since Max-Forwards Origin Pragma ' +
    'Proxy-Authorization Referer Server TE Trailer Transfer-Encoding Upgrade Via Warning'
  )
    .toLowerCase()
    .split(' '),
);
const FORBIDDEN_HEADER_PREFIXES = ['x-forwarded-', 'x-amz-', 'x-amzn-'];

/** RFC 9110 token: what a header name may consist of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Validates AWS's HTTP Task `Parameters` and builds the request. Every problem is a `States.Runtime`
 * failure whose cause names the field but never quotes a value (values may be credentials).
 *
 * `Authentication.ConnectionArn` and `InvocationConfig.ConnectionArn` name an EventBridge connection
 * that holds credentials and network settings at AWS. Stepgraph has no such connections: the fields
 * are accepted so that AWS definitions load, and ignored; credentials go in `Headers`.
 */
export function parseHttpTaskParameters(parameters: unknown): HttpTaskRequest {
  const fields = asObject(parameters, 'Parameters');
  const unknown = Object.keys(fields).find((key) => !FIELDS.includes(key));
  if (unknown) throw invalid(`Parameters.${unknown} is not a field of the HTTP Task (${FIELDS.join(', ')})`);

  const url = parseEndpoint(fields.ApiEndpoint);
  const secrets: string[] = [];
  appendQueryParameters(url, fields.QueryParameters);
  secrets.push(...querySecrets(url));
  const headers = parseHeaders(fields.Headers, secrets);
  takeUserinfo(url, headers, secrets);
  const body = encodeBody(fields.RequestBody, fields.Transform, headers);
  secrets.push(...secretsInJson(fields.RequestBody));
  headers['user-agent'] ??= USER_AGENT;
  // Asking for no compression keeps the size cap about the bytes a task really receives.
  headers['accept-encoding'] = 'identity';
  return { url, method: parseMethod(fields.Method), headers, body, secrets };
}

function parseEndpoint(value: unknown): URL {
  if (typeof value !== 'string') throw invalid('Parameters.ApiEndpoint is required and must be a string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('Parameters.ApiEndpoint is not an absolute URL');
  }
  url.hash = '';
  return url;
}

function parseMethod(value: unknown): string {
  if (typeof value === 'string' && (HTTP_METHODS as readonly string[]).includes(value)) return value;
  throw invalid(`Parameters.Method is required and must be one of ${HTTP_METHODS.join(', ')}`);
}

function appendQueryParameters(url: URL, value: unknown): void {
  if (value === undefined) return;
  for (const [name, raw] of Object.entries(asObject(value, 'Parameters.QueryParameters'))) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const item of values) {
      const text = scalarText(
        item,
        `Parameters.QueryParameters.${name}`,
        'a string, number, boolean or an array of them',
      );
      url.searchParams.append(name, text);
    }
  }
}

/** Values of sensitive query parameters, those of ApiEndpoint's own query string included. */
function querySecrets(url: URL): string[] {
  return [...url.searchParams].flatMap(([name, value]) => (isSensitiveName(name) ? secretForms(value) : []));
}

function parseHeaders(value: unknown, secrets: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (value === undefined) return headers;
  for (const [name, raw] of Object.entries(asObject(value, 'Parameters.Headers'))) {
    const field = `Parameters.Headers.${name}`;
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) throw invalid(`${field} is not a valid header name`);
    if (
      FORBIDDEN_HEADERS.has(lower) ||
      FORBIDDEN_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix))
    ) {
      throw invalid(`${field} is a header the HTTP Task sets itself and may not be set`);
    }
    const text = scalarText(raw, field, 'a string, number or boolean');
    if (/[\r\n\0]/.test(text)) throw invalid(`${field} has a value with a line break or NUL character`);
    headers[lower] = text;
    if (isSensitiveName(name)) secrets.push(...secretForms(text));
  }
  return headers;
}

/** `https://user:pass@host/` becomes Basic credentials (unless `Authorization` is given) and leaves the URL. */
function takeUserinfo(url: URL, headers: Record<string, string>, secrets: string[]): void {
  if (!url.username && !url.password) return;
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  headers.authorization ??= `Basic ${Buffer.from(credentials).toString('base64')}`;
  secrets.push(...secretForms(headers.authorization), ...secretForms(decodeURIComponent(url.password)));
  url.username = '';
  url.password = '';
}

function encodeBody(value: unknown, transform: unknown, headers: Record<string, string>): Buffer | undefined {
  const arrayFormat = parseTransform(transform);
  if (value === undefined) return undefined;
  if (arrayFormat) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw invalid(
        'Parameters.RequestBody must be an object when Transform.RequestBodyEncoding is URL_ENCODED',
      );
    }
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return Buffer.from(encodeFormBody(value as Record<string, unknown>, arrayFormat));
  }
  if (typeof value === 'string') {
    headers['content-type'] ??= 'text/plain; charset=UTF-8';
    return Buffer.from(value);
  }
  headers['content-type'] ??= 'application/json; charset=UTF-8';
  return Buffer.from(JSON.stringify(value));
}

/** The array format when the body is to be URL-encoded, `undefined` when it is sent as JSON or text. */
function parseTransform(value: unknown): ArrayFormat | undefined {
  if (value === undefined) return undefined;
  const transform = asObject(value, 'Parameters.Transform');
  const encoding = transform.RequestBodyEncoding ?? 'NONE';
  if (encoding === 'NONE') return undefined;
  if (encoding !== 'URL_ENCODED') {
    throw invalid('Parameters.Transform.RequestBodyEncoding must be NONE or URL_ENCODED');
  }
  const options =
    transform.RequestEncodingOptions === undefined
      ? {}
      : asObject(transform.RequestEncodingOptions, 'Parameters.Transform.RequestEncodingOptions');
  const format = options.ArrayFormat ?? 'INDICES';
  if (!(ARRAY_FORMATS as readonly unknown[]).includes(format)) {
    throw invalid(
      `Parameters.Transform.RequestEncodingOptions.ArrayFormat must be one of ${ARRAY_FORMATS.join(', ')}`,
    );
  }
  return format as ArrayFormat;
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isObject) return value as Record<string, unknown>;
  throw invalid(`${field} must be an object`);
}

function scalarText(value: unknown, field: string, expected: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw invalid(`${field} must be ${expected}`);
}

function invalid(cause: string): StatesError {
  return new RuntimeError(`HTTP Task: ${cause}`);
}
