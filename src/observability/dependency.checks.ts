import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';
import { HEALTH_CHECK_TIMEOUT_MS } from './health.constants.js';
import { QueueHealthIndicator } from './queue.health.js';
import { RedisHealthIndicator } from './redis.health.js';

/** A dependency a process checks: the database, the queue (pg-boss's own pool), Redis. */
export type DependencyName = 'database' | 'queue' | 'redis';

/** One check of a dependency, answering under the dependency's name. */
export interface DependencyCheck {
  readonly name: DependencyName;
  readonly check: () => PromiseLike<HealthIndicatorResult>;
}

/**
 * The dependencies `/health` answers for and `/metrics` reports as `stepgraph_dependency_up`, each
 * bounded by {@link HEALTH_CHECK_TIMEOUT_MS}; Redis only when REDIS_URL is set.
 */
@Injectable()
export class DependencyChecks {
  constructor(
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  list(): DependencyCheck[] {
    return [
      {
        name: 'database',
        check: () => this.database.pingCheck('database').withTimeout(HEALTH_CHECK_TIMEOUT_MS),
      },
      { name: 'queue', check: () => this.queue.check('queue') },
      ...(this.redis.configured ? [{ name: 'redis' as const, check: () => this.redis.check('redis') }] : []),
    ];
  }
}
