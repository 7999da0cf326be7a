import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { HEALTH_CHECK_TIMEOUT_MS } from './health.constants.js';

/** Longest pause between reconnection attempts while Redis is down. */
const RECONNECT_MAX_DELAY_MS = 5000;

/**
 * Redis health on a small connection of its own. Redis carries live updates only (docs/design.md §3 rule
 * 7), so an outage makes the service degraded, not down: the probe still answers 200.
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisHealthIndicator.name);
  private readonly client: Redis | undefined;
  private reachable = true;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly indicator: HealthIndicatorService,
  ) {
    this.client = config.redisUrl ? this.connect(config.redisUrl) : undefined;
  }

  /** Whether REDIS_URL is set; without it there is no Redis to check. */
  get configured(): boolean {
    return this.client !== undefined;
  }

  async check<const Key extends string>(key: Key) {
    const session = this.indicator.check(key);
    try {
      await this.client?.ping();
      return session.up();
    } catch (error) {
      return session.degraded({
        connection: 'down',
        message: `Redis is unreachable (${(error as Error).message}); live updates wait until it returns`,
      });
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }

  private connect(url: string): Redis {
    const client = new Redis(url, {
      connectionName: 'stepgraph-health',
      // Fail a probe at once while disconnected instead of queueing it until Redis returns.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: HEALTH_CHECK_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 500, RECONNECT_MAX_DELAY_MS),
    });
    // Reconnection attempts fail repeatedly during an outage: log its start and its end only.
    client.on('error', (error: Error) => {
      if (this.reachable) this.logger.warn(`Redis is unreachable: ${error.message}`);
      this.reachable = false;
    });
    client.on('ready', () => {
      if (!this.reachable) this.logger.log('Redis is reachable again');
      this.reachable = true;
    });
    return client;
  }
}
