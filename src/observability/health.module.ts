import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueModule } from '../engine/queue/queue.module.js';
import { DependencyChecks } from './dependency.checks.js';
import { DependencyMetrics } from './dependency.metrics.js';
import { HealthController } from './health.controller.js';
import { QueueHealthIndicator } from './queue.health.js';
import { RedisHealthIndicator } from './redis.health.js';

/**
 * `/health` for load balancers and orchestrators, served by every role, and the same checks as
 * `stepgraph_dependency_up` on `/metrics` (the global metrics module's registry).
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), QueueModule],
  controllers: [HealthController],
  providers: [QueueHealthIndicator, RedisHealthIndicator, DependencyChecks, DependencyMetrics],
})
export class HealthModule {}
