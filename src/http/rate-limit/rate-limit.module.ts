import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { RateLimitStoreModule } from './rate-limit-store.module.js';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store.js';
import { RateLimitGuard } from './rate-limit.guard.js';

/** The window of the per-IP limit. */
const PER_IP_WINDOW_MS = 60_000;

/**
 * @nestjs/throttler over the shared {@link RATE_LIMIT_STORE}. The app registers
 * {@link RateLimitGuard} as a global guard.
 */
@Module({
  imports: [
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStoreModule],
      inject: [APP_CONFIG, RATE_LIMIT_STORE],
      useFactory: (config: AppConfig, store: RateLimitStore) => ({
        throttlers: [{ name: 'default', ttl: PER_IP_WINDOW_MS, limit: config.rateLimits.perIpPerMinute }],
        storage: store,
      }),
    }),
  ],
  providers: [RateLimitGuard],
  exports: [RateLimitStoreModule, RateLimitGuard],
})
export class RateLimitModule {}
