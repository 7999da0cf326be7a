import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { NotificationPublisher } from './notification.publisher.js';
import { closePubSub, createPubSub } from './pub-sub.factory.js';
import { PUB_SUB } from './pub-sub.token.js';

/**
 * Provides {@link PUB_SUB} and the {@link NotificationPublisher} everywhere: the engine publishes
 * after commit, GraphQL subscriptions and activity polls listen. Independent of the GraphQL module
 * because a `worker` process publishes without serving.
 */
@Global()
@Module({
  providers: [
    {
      provide: PUB_SUB,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createPubSub(config.redisUrl),
    },
    NotificationPublisher,
  ],
  exports: [PUB_SUB, NotificationPublisher],
})
export class PubSubModule implements OnApplicationShutdown {
  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  async onApplicationShutdown(): Promise<void> {
    await closePubSub(this.pubSub);
  }
}
