import type { IncomingHttpHeaders } from 'node:http';
import type { RequestOrigin } from '../common/request-origin.js';

/** A call to `/hooks/<id>` as the intake receives it: the body as sent, byte for byte. */
export interface WebhookCall {
  readonly webhookId: string;
  readonly body: Buffer;
  readonly headers: IncomingHttpHeaders;
  readonly query: Readonly<Record<string, unknown>>;
  readonly origin: RequestOrigin;
}

/** The intake's answer: the execution the call started, or the one an earlier call with its key did. */
export interface WebhookAccepted {
  readonly executionId: string;
  /** False: the idempotency key was seen before and its execution is returned. */
  readonly created: boolean;
}

/** What a call came to, as its audit row and the metric's `outcome` label say: a bounded set. */
export const WEBHOOK_CALL_OUTCOMES = [
  'started',
  'replayed',
  'unknown_hook',
  'disabled',
  'bad_signature',
  'rate_limited',
  'too_large',
  'bad_body',
  'bad_transform',
  'unreadable_secret',
  'failed',
] as const;
export type WebhookCallOutcome = (typeof WEBHOOK_CALL_OUTCOMES)[number];

/** The audit operation of every call. */
export const WEBHOOK_CALL_OPERATION = 'webhook.call';
