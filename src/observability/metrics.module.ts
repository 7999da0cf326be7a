import { Global, Module } from '@nestjs/common';
import { PROMETHEUS_REGISTRY } from '../common/metrics-registry.token.js';
import { QueueModule } from '../engine/queue/queue.module.js';
import { HISTORY_RETENTION_METRICS } from '../engine/retention/history-retention.reports.js';
import { SCHEDULE_FIRE_METRICS } from '../engine/schedules/schedule.metrics.js';
import { STUCK_EXECUTION_METRICS } from '../engine/sweeper/stuck-execution.reports.js';
import { TRANSITION_COUNTER } from '../engine/transition/transition.notices.js';
import { UNHANDLED_ERROR_METRICS } from '../common/unhandled-errors.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';

/**
 * `/metrics` for Prometheus, served by every role. Global: the engine counts its transitions, its
 * schedules' fires, its stuck executions and its history retention into the same registry through
 * {@link TRANSITION_COUNTER}, {@link SCHEDULE_FIRE_METRICS}, {@link STUCK_EXECUTION_METRICS} and
 * {@link HISTORY_RETENTION_METRICS}; unhandled errors are counted through {@link UNHANDLED_ERROR_METRICS};
 * transports below this folder reach the registry through {@link PROMETHEUS_REGISTRY}.
 */
@Global()
@Module({
  imports: [QueueModule],
  controllers: [MetricsController],
  providers: [
    MetricsRegistry,
    { provide: TRANSITION_COUNTER, useExisting: MetricsRegistry },
    { provide: SCHEDULE_FIRE_METRICS, useExisting: MetricsRegistry },
    { provide: STUCK_EXECUTION_METRICS, useExisting: MetricsRegistry },
    { provide: HISTORY_RETENTION_METRICS, useExisting: MetricsRegistry },
    {
      provide: PROMETHEUS_REGISTRY,
      useFactory: (metrics: MetricsRegistry) => metrics.registry,
      inject: [MetricsRegistry],
    },
    { provide: UNHANDLED_ERROR_METRICS, useExisting: MetricsRegistry },
  ],
  exports: [
    MetricsRegistry,
    TRANSITION_COUNTER,
    SCHEDULE_FIRE_METRICS,
    STUCK_EXECUTION_METRICS,
    HISTORY_RETENTION_METRICS,
    PROMETHEUS_REGISTRY,
    UNHANDLED_ERROR_METRICS,
  ],
})
export class MetricsModule {}
