import { Logger } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { passesPublishFilter } from './pub-sub.filter.js';

/**
 * A pub/sub channel with a fixed payload type, so that publishers and subscribers cannot disagree.
 * Payloads cross Redis as JSON: a `Date` arrives as an ISO string (the DateTime scalar accepts both).
 */
export interface Topic<TPayload> {
  readonly name: string;
  /** Never set: carries the payload type for the compiler. */
  readonly payloadType?: TPayload;
}

/** Declares a topic, e.g. `(id: string) => defineTopic<ExecutionUpdate>(\`execution.${id}\`)`. */
export function defineTopic<TPayload>(name: string): Topic<TPayload> {
  return { name };
}

const logger = new Logger('PubSub');

/**
 * Publishes a payload and reports whether the broker took it. It never throws: notifications are
 * sent after commit and are best-effort (docs/design.md §3 rule 7); subscribers catch up by `seq`.
 */
export async function publish<TPayload>(
  pubSub: PubSubEngine,
  topic: Topic<TPayload>,
  payload: TPayload,
): Promise<boolean> {
  try {
    if (!passesPublishFilter(topic.name, payload)) return true;
    await pubSub.publish(topic.name, payload);
    return true;
  } catch (error) {
    logger.warn(
      `Publishing to ${topic.name} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}

/** The payloads of a topic as they are published, for a subscription resolver to return. */
export function subscribeTo<TPayload>(
  pubSub: PubSubEngine,
  topic: Topic<TPayload>,
): AsyncIterableIterator<TPayload> {
  return pubSub.asyncIterableIterator<TPayload>(topic.name);
}
