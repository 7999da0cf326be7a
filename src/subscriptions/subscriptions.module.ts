import { Module } from '@nestjs/common';
import { ExecutionsModule } from '../executions/executions.module.js';
import { ExecutionReads } from './execution.reads.js';
import { LiveExecutionsService } from './live-executions.service.js';
import { SubscriptionMetrics } from './subscription.metrics.js';
import { SubscriptionsResolver } from './subscriptions.resolver.js';
import { TopicWatches } from './topic.watches.js';

/**
 * Live run status over GraphQL subscriptions: `executionEvents`, `executionUpdated`,
 * `executionsChanged`. Needs the global PUB_SUB; reads through the executions module.
 */
@Module({
  imports: [ExecutionsModule],
  providers: [
    TopicWatches,
    ExecutionReads,
    LiveExecutionsService,
    SubscriptionMetrics,
    SubscriptionsResolver,
  ],
})
export class SubscriptionsModule {}
