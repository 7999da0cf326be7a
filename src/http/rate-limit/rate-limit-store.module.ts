import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { MemoryRateLimitStore } from './memory-rate-limit.store.js';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';

/** Provides {@link RATE_LIMIT_STORE}: Redis when REDIS_URL is set (shared by every instance), memory otherwise. */
@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): RateLimitStore =>
        config.redisUrl ? new RedisRateLimitStore(config.redisUrl) : new MemoryRateLimitStore(),
    },
  ],
  exports: [RATE_LIMIT_STORE],
})
export class RateLimitStoreModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RedisRateLimitStore | MemoryRateLimitStore) {}

  onApplicationShutdown(): void {
    this.store.close();
  }
}
