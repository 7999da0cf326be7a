import { Module } from '@nestjs/common';
import { QueueModule } from '../engine/queue/queue.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';

/** `/metrics` for Prometheus, served by every role; the engine counts into the same registry. */
@Module({
  imports: [QueueModule],
  controllers: [MetricsController],
  providers: [MetricsRegistry],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
