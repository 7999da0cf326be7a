import type { Queue } from 'pg-boss';

declare const payloadType: unique symbol;

/** Options pg-boss stores with a queue (retries, expiry, policy, `notify`, dead letter). */
export type QueueOptions = Omit<Queue, 'name'>;

/**
 * A pg-boss queue and the payload its jobs carry, so that `send` and `work` check payloads at
 * compile time. Payloads carry ids and idempotency keys, never whole documents (docs/design.md §8).
 */
export interface QueueDefinition<TPayload extends object> {
  readonly name: string;
  readonly options: QueueOptions;
  /** Type-level only, never set: ties the payload type to the queue. */
  readonly [payloadType]?: TPayload;
}

/**
 * Declares a queue. Its name is also its pg-boss name: letters, digits, `_`, `-`, `.` and `/`.
 *
 * @example
 * export const STEP_QUEUE = defineQueue<{ executionId: string }>('execution.step', { retryLimit: 5 });
 */
export function defineQueue<TPayload extends object>(
  name: string,
  options: QueueOptions = {},
): QueueDefinition<TPayload> {
  return { name, options };
}
