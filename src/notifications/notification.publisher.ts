import { Inject, Injectable } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { PUB_SUB } from './pub-sub.token.js';
import { publish, type Topic } from './pub-sub.topic.js';

/**
 * Publishes on the process's pub/sub, for code that only sends (the engine): it names a topic and
 * a payload, not the pub/sub library behind them.
 */
@Injectable()
export class NotificationPublisher {
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  /** Publishes `payload` on `topic`; true when the broker took it. Never throws. */
  publish<TPayload>(topic: Topic<TPayload>, payload: TPayload): Promise<boolean> {
    return publish(this.pubSub, topic, payload);
  }
}
