/**
 * Keeping secrets out of log lines. The access log's request is built from a few fields that hold
 * none (method, path with its secret query values censored, id, remote address, a short list of
 * headers with the secret ones censored), so nothing has to search it; every line is then checked
 * as text as it is written, and only a line that names a secret key with an uncensored value is
 * parsed and censored at every depth. pino's path redaction did that search for every request
 * while building its logger, whether or not a line was ever written.
 */
import type { IncomingMessage } from 'node:http';
import { API_KEY_PREFIX } from './identifiers.js';

/** What a secret's value is replaced with. */
export const CENSORED = '[redacted]';

/** Keys whose values never reach a log line, wherever they appear (headers, bodies, context). */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'taskToken',
  'apiKey',
  'secret',
  'secretAccessKey',
  'jwtSecret',
  'stepgraph-signature',
  'x-hub-signature-256',
];
const SECRET_KEY_SET = new Set(SECRET_KEYS);

/** Query parameters are compared without case, `-` or `_`: `access_token` is `accessToken`. */
const looseKey = (key: string) => key.toLowerCase().replace(/[-_]/g, '');
const SECRET_QUERY_KEYS = new Set(SECRET_KEYS.map(looseKey));

/** Headers worth a line beside the method and path; the secret ones are logged as censored. */
const LOGGED_HEADERS = ['host', 'user-agent', 'content-type', 'content-length', 'x-forwarded-for'];
const SECRET_HEADERS = ['authorization', 'cookie', 'x-api-key', 'stepgraph-signature', 'x-hub-signature-256'];

/** A JSON key of {@link SECRET_KEYS} whose value is anything but the censored text. */
const UNCENSORED_SECRET = new RegExp(`"(?:${SECRET_KEYS.join('|')})":(?!"\\[redacted\\]")`);

/**
 * Secrets that hide in free text, such as an error's message or stack: the password of a
 * connection string (`postgres://user:secret@host`), a JWT, an API key, the credentials of an
 * `Authorization` value, and `password=…` pairs (libpq's key/value form, query strings).
 */
const TEXT_SECRETS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s@/]*@/gi, `$1:${CENSORED}@`],
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, CENSORED],
  [new RegExp(`\\b${API_KEY_PREFIX}[\\w-]+`, 'g'), CENSORED],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${CENSORED}`],
  [/\b(password|passwd|secret|token)=[^\s&;'"]+/gi, `$1=${CENSORED}`],
];

/** `text` with every secret {@link TEXT_SECRETS} recognises censored. */
export function withoutTextSecrets(text: string): string {
  return TEXT_SECRETS.reduce(
    (scrubbed, [pattern, replacement]) => scrubbed.replace(pattern, replacement),
    text,
  );
}

/**
 * A copy of `value` for a report that leaves the process (an error tracker): every secret key's
 * value censored at any depth, keys compared as query parameters are (`Authorization`,
 * `api_key`), and every string scrubbed of {@link TEXT_SECRETS}.
 */
export function withoutSecrets<T>(value: T): T {
  return scrubbedCopy(value, new WeakSet()) as T;
}

function scrubbedCopy(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return withoutTextSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return CENSORED;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubbedCopy(item, seen));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_QUERY_KEYS.has(looseKey(key)) ? CENSORED : scrubbedCopy(item, seen),
    ]),
  );
}

/** A request as pino-http hands it over: Express sets `originalUrl`, pino-http sets `id`. */
export type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

/** The request as an access log line shows it. */
export function requestLogFields(req: LoggedRequest): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const name of LOGGED_HEADERS) if (req.headers[name] !== undefined) headers[name] = req.headers[name];
  for (const name of SECRET_HEADERS) if (req.headers[name] !== undefined) headers[name] = CENSORED;
  return {
    id: req.id,
    method: req.method,
    url: withoutQuerySecrets(req.originalUrl ?? req.url ?? ''),
    remoteAddress: req.socket?.remoteAddress,
    headers,
  };
}

/** `url` with the value of every secret query parameter censored. */
export function withoutQuerySecrets(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const parameters = url
    .slice(start + 1)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      const name = equals < 0 ? parameter : parameter.slice(0, equals);
      return SECRET_QUERY_KEYS.has(looseKey(decodedOrAsIs(name))) ? `${name}=${CENSORED}` : parameter;
    });
  return `${url.slice(0, start)}?${parameters.join('&')}`;
}

function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * A JSON log line as it is written, with the value of every secret key censored at any depth. A
 * line that names none (nearly all) is returned as it is, untouched by a parse.
 */
export function censoredLogLine(line: string): string {
  if (!UNCENSORED_SECRET.test(line)) return line;
  try {
    return `${JSON.stringify(censored(JSON.parse(line)))}\n`;
  } catch {
    // pino writes one JSON value per line; anything else naming a secret is not written at all.
    return `${JSON.stringify({ msg: 'A log line naming a secret could not be censored and was withheld' })}\n`;
  }
}

function censored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(censored);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object))
    object[key] = SECRET_KEY_SET.has(key) ? CENSORED : censored(object[key]);
  return object;
}
