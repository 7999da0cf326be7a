import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RateLimitStoreModule } from '../http/rate-limit/rate-limit-store.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessKeySecretCipher } from './access-key.js';
import { AccessTokenService } from './access-token.service.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { ApiKeysService } from './api-keys.service.js';
import { JWT_SECRET } from './auth.constants.js';
import { AuthController } from './auth.controller.js';
import { AuthLimiter } from './auth.limiter.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { Authenticator } from './authenticator.js';
import { BrowserSessionController } from './browser-session.controller.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';

/** Sign-in (passwords, refresh tokens), access tokens, API keys, and the {@link Authenticator}. */
@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshTokenEntity, ApiKeyEntity]),
    UsersModule,
    AuditModule,
    RateLimitStoreModule,
  ],
  providers: [
    {
      provide: JWT_SECRET,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => resolveJwtSecret(config),
    },
    {
      provide: AccessKeySecretCipher,
      inject: [JWT_SECRET],
      useFactory: (secret: string) => new AccessKeySecretCipher(secret),
    },
    AccessTokenService,
    RefreshTokensRepository,
    ApiKeysRepository,
    ApiKeysService,
    AuthLimiter,
    AuthService,
    Authenticator,
    AuthResolver,
    ApiKeysResolver,
  ],
  controllers: [AuthController, BrowserSessionController],
  exports: [Authenticator],
})
export class AuthModule {}
