import { Global, Module } from '@nestjs/common';
import { QueueModule } from '../engine/queue/queue.module.js';
import { TRANSITION_COUNTER } from '../engine/transition/transition.notices.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';

/**
 * `/metrics` for Prometheus, served by every role. Global: the engine counts its transitions into
 * the same registry through {@link TRANSITION_COUNTER}.
 */
@Global()
@Module({
  imports: [QueueModule],
  controllers: [MetricsController],
  providers: [MetricsRegistry, { provide: TRANSITION_COUNTER, useExisting: MetricsRegistry }],
  exports: [MetricsRegistry, TRANSITION_COUNTER],
})
export class MetricsModule {}
