import type { Provider } from '@nestjs/common';
import { resolveJwtSecret } from '../auth/jwt-secret.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WebhookSecretCipher } from './webhook-secret.cipher.js';

/**
 * The cipher of hook secrets, keyed by WEBHOOK_SECRET_KEY, or by the JWT secret as the API keys'
 * HMAC is (the HKDF label keeps the two keys apart).
 */
export const WEBHOOK_SECRET_CIPHER: Provider = {
  provide: WebhookSecretCipher,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig) =>
    new WebhookSecretCipher(config.webhooks.secretKey ?? (await resolveJwtSecret(config))),
};
