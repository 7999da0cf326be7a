import { RuntimeError, StatesError } from '../../../asl/errors.js';
import {
  messageOf,
  refusedError,
  responseTooLargeError,
  socketError,
  statusCodeError,
  timeoutError,
} from './http-task.errors.js';
import type { SpanContext } from '@opentelemetry/api';
import { parseHttpTaskParameters, type HttpTaskRequest } from './http-task.parameters.js';
import { traceHttpCall } from './http-task.span.js';
import { redirectedRequest, redirectTarget } from './http-task.redirect.js';
import { responseBodyValue } from './http-task.response-body.js';
import {
  ResponseTooLargeError,
  sendPinnedRequest,
  type OutboundRequest,
  type OutboundResponse,
} from './http-task.transport.js';
import { InvalidAllowListEntryError, OutboundAllowList } from './outbound-address.allow-list.js';
import {
  OutboundAddressGuard,
  OutboundAddressRefusedError,
  resolveWithSystemDns,
  type HostResolver,
} from './outbound-address.guard.js';

/** The Resource that selects this task (docs/design.md §4). */
export const HTTP_TASK_RESOURCE = 'arn:aws:states:::http:invoke';

/** How the engine runs HTTP Tasks: the operator's limits and exceptions. */
export interface HttpTaskOptions {
  /** Hosts/CIDRs the operator allows even though they are private/loopback (config). */
  allowList: readonly string[];
  /** Whole-call timeout in milliseconds: DNS, connection, redirects and body download together. */
  timeoutMs: number;
  /** Response body cap in bytes; a larger body fails with `States.DataLimitExceeded`. */
  maxResponseBytes: number;
  /** Redirects followed at most; 0 follows none. Every hop passes the outbound guard again. */
  maxRedirects: number;
  /** The engine aborts in-flight calls when an execution is stopped. */
  signal?: AbortSignal;
  /** DNS seam for tests; default node:dns lookup(all). */
  resolve?: HostResolver;
  /** The span of the task's state, when its execution is traced: the call gets a client span under it. */
  parentSpan?: SpanContext;
}

/** AWS's HTTP Task result. */
export interface HttpTaskResult {
  StatusCode: number;
  StatusText: string;
  /** Response headers, names in lower case, each with every value the server sent. */
  Headers: Record<string, string | string[]>;
  /** The parsed body when the response is JSON, else its text. */
  ResponseBody: unknown;
}

/**
 * Performs AWS's HTTP Task: returns the task result, or throws a StatesError (src/asl/errors.ts).
 *
 * - Invalid `Parameters` or allow-list: `States.Runtime`.
 * - A destination the outbound guard refuses (on the first call or any redirect hop), before any
 *   connection to it: `States.Permissions`, the cause saying why.
 * - A non-2xx final response: `States.Http.StatusCode.<NNN>`.
 * - No response within `timeoutMs`, or DNS/TCP/TLS failure: `States.Http.Socket` (AWS's error for an
 *   HTTP Task that timed out).
 * - A body over `maxResponseBytes`: `States.DataLimitExceeded`.
 * - When `signal` aborts, the call is torn down and the promise rejects with the signal's reason, not a
 *   StatesError: a stopped execution is not a task failure to retry or catch.
 */
export async function invokeHttpTask(parameters: unknown, options: HttpTaskOptions): Promise<HttpTaskResult> {
  const request = parseHttpTaskParameters(parameters);
  if (!options.parentSpan) return send(request, options);
  return traceHttpCall(request, options.parentSpan, (traced) => send(traced, options));
}

async function send(request: HttpTaskRequest, options: HttpTaskOptions): Promise<HttpTaskResult> {
  const guard = new OutboundAddressGuard(
    parseAllowList(options.allowList),
    options.resolve ?? resolveWithSystemDns,
  );
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let current: OutboundRequest = request;
  try {
    for (let redirects = 0; ; redirects++) {
      signal.throwIfAborted();
      const destination = await untilAborted(guard.check(current.url), signal);
      const response = await sendPinnedRequest(current, {
        destination,
        signal,
        maxResponseBytes: options.maxResponseBytes,
      });
      const target = redirectTarget(response, current.url);
      if (target && redirects < options.maxRedirects) {
        current = redirectedRequest(current, response.statusCode, target);
        continue;
      }
      const redirectLimit = target ? options.maxRedirects : undefined;
      return settle(response, current.url, { secrets: request.secrets, redirectLimit });
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw asStatesError(error, current.url, deadline.aborted ? options.timeoutMs : undefined);
  }
}

function parseAllowList(entries: readonly string[]): OutboundAllowList {
  try {
    return OutboundAllowList.parse(entries);
  } catch (error) {
    if (error instanceof InvalidAllowListEntryError) throw new RuntimeError(error.message);
    throw error;
  }
}

function settle(
  response: OutboundResponse,
  url: URL,
  details: { readonly secrets: readonly string[]; readonly redirectLimit?: number },
): HttpTaskResult {
  if (response.statusCode < 200 || response.statusCode > 299) throw statusCodeError(response, url, details);
  return {
    StatusCode: response.statusCode,
    StatusText: response.statusText,
    Headers: response.headers,
    ResponseBody: responseBodyValue(response),
  };
}

/** Maps what went wrong on the hop to `url` to its ASL error; `timeoutMs` is set when the deadline passed. */
function asStatesError(error: unknown, url: URL, timeoutMs: number | undefined): StatesError {
  if (error instanceof StatesError) return error;
  if (error instanceof OutboundAddressRefusedError) return refusedError(url, error.reason);
  if (timeoutMs !== undefined) return timeoutError(url, timeoutMs);
  if (error instanceof ResponseTooLargeError) return responseTooLargeError(url, error.limitBytes);
  // request-filtering-agent's own refusal: the second line fired, so the first one missed something.
  if (/ is not allowed\. Because/.test(messageOf(error))) return refusedError(url, messageOf(error));
  return socketError(url, error);
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (DNS lookups take no signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
