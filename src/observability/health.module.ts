import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueModule } from '../engine/queue/queue.module.js';
import { HealthController } from './health.controller.js';
import { QueueHealthIndicator } from './queue.health.js';
import { RedisHealthIndicator } from './redis.health.js';

/** `/health` for load balancers and orchestrators, served by every role. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), QueueModule],
  controllers: [HealthController],
  providers: [QueueHealthIndicator, RedisHealthIndicator],
})
export class HealthModule {}
