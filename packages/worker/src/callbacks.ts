/**
 * Answers to `.waitForTaskToken` tasks from any service: an approval page, a payment webhook. The
 * token is `$$.Task.Token`, which the state passed to that service.
 */
import type { Connection } from './api-client.js';
import type { RetryOptions } from './backoff.js';
import { reportAnswer, type ReportOutcome } from './reporter.js';

export interface CallbackOptions {
  /** Default: `STEPGRAPH_URL`, else http://localhost:3000. */
  readonly url?: string;
  /** An API key or access token. Default: `STEPGRAPH_TOKEN`. */
  readonly apiKey?: string;
  /** Backoff for network failures; the answer is never applied twice. */
  readonly retry?: RetryOptions;
}

/** Completes the task of `taskToken` with `output` (any JSON value). */
export async function complete(
  taskToken: string,
  output: unknown,
  options: CallbackOptions = {},
): Promise<ReportOutcome> {
  return reportAnswer(connectionOf(options), taskToken, { kind: 'success', output }, options);
}

/** Fails the task of `taskToken` with `error` (what Retry and Catch match) and `cause`. */
export async function fail(
  taskToken: string,
  error: string,
  cause?: string,
  options: CallbackOptions = {},
): Promise<ReportOutcome> {
  return reportAnswer(
    connectionOf(options),
    taskToken,
    { kind: 'failure', error, ...(cause === undefined ? {} : { cause }) },
    options,
  );
}

function connectionOf(options: CallbackOptions): Connection {
  const apiKey = options.apiKey ?? process.env.STEPGRAPH_TOKEN;
  if (!apiKey) throw new TypeError('apiKey is required: pass { apiKey } or set STEPGRAPH_TOKEN');
  return { url: options.url ?? process.env.STEPGRAPH_URL ?? 'http://localhost:3000', apiKey };
}
