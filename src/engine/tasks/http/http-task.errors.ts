import { DataLimitExceeded, Permissions, StatesError } from '../../../asl/errors.js';
import { responseBodyValue } from './http-task.response-body.js';
import { redactSecrets } from './http-task.secrets.js';
import type { OutboundResponse } from './http-task.transport.js';

/**
 * The failures of an HTTP Task, as ASL errors. Every cause names the URL by {@link describeUrl}
 * only: scheme, host, port and path, never the query string or userinfo, which may hold credentials.
 */

/** AWS's error for an HTTP Task that got no response in time or whose connection failed. */
const HTTP_SOCKET_ERROR = 'States.Http.Socket';

/** How much of a failing response's body a cause quotes, in characters. */
const CAUSE_BODY_MAX_CHARS = 4096;

/** `https://api.example.com:8443/v1/items`: the URL without query, fragment or userinfo. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * A non-2xx response: `States.Http.StatusCode.<NNN>`. The cause is a JSON document with the status
 * and the response body (AWS quotes the response too; its exact layout is not documented), so a
 * Catcher can read it with `States.StringToJson`. The body is
 * quoted up to {@link CAUSE_BODY_MAX_CHARS} with the task's secrets masked (a server may echo them),
 * and the response headers are left out (they may set cookies or tokens).
 */
export function statusCodeError(
  response: OutboundResponse,
  url: URL,
  details: { readonly secrets: readonly string[]; readonly redirectLimit?: number },
): StatesError {
  const text = redactSecrets(response.body.toString('utf8'), details.secrets);
  const truncated = text.length > CAUSE_BODY_MAX_CHARS;
  const cause = {
    StatusCode: response.statusCode,
    StatusText: response.statusText,
    ApiEndpoint: describeUrl(url),
    ResponseBody: truncated
      ? `${text.slice(0, CAUSE_BODY_MAX_CHARS)}… (truncated)`
      : responseBodyValue(response, text),
    ...(details.redirectLimit === undefined
      ? {}
      : { Redirects: `stopped after ${details.redirectLimit} redirects (the limit)` }),
  };
  return new StatesError(`States.Http.StatusCode.${response.statusCode}`, JSON.stringify(cause));
}

/** The outbound guard refused the destination (see `outbound-address.guard.ts`). */
export function refusedError(url: URL, reason: string): StatesError {
  return new Permissions(`Refused to connect to ${describeUrl(url)}: ${reason}`);
}

/** The whole call, redirects included, took longer than `timeoutMs`. */
export function timeoutError(url: URL, timeoutMs: number): StatesError {
  return new StatesError(
    HTTP_SOCKET_ERROR,
    `The request to ${describeUrl(url)} did not complete within ${timeoutMs} ms`,
  );
}

/** DNS, TCP or TLS failed, or the connection broke. */
export function socketError(url: URL, error: unknown): StatesError {
  const code = (error as { code?: unknown }).code;
  const message = messageOf(error);
  const detail = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return new StatesError(HTTP_SOCKET_ERROR, `The request to ${describeUrl(url)} failed: ${detail}`);
}

/** The message of anything thrown (errors of Node's internals may come from another realm). */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** The response body is larger than `maxResponseBytes`. */
export function responseTooLargeError(url: URL, limitBytes: number): StatesError {
  return new DataLimitExceeded(
    `The response body of ${describeUrl(url)} exceeds the limit of ${limitBytes} bytes (maxResponseBytes)`,
  );
}
