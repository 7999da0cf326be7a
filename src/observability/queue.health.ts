import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { QueueService } from '../engine/queue/queue.service.js';
import { HEALTH_CHECK_TIMEOUT_MS } from './health.constants.js';

/** Up when pg-boss is started and answers on its own connection pool. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly queue: QueueService,
  ) {}

  check<const Key extends string>(key: Key) {
    return this.indicator
      .check(key)
      .attempt(() => this.queue.ping())
      .withTimeout(HEALTH_CHECK_TIMEOUT_MS);
  }
}
