import { randomBytes } from 'node:crypto';
import { SecretCipher } from '../common/secret-cipher.js';

/** What a new secret looks like: `whsec_` and 32 random bytes in base64url. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
/** The HKDF label that sets this key apart from the others drawn from the same secret. */
const KEY_LABEL = 'stepgraph webhook secret encryption';

/** A new hook secret, shown once to whoever created or rotated the hook. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * Hook secrets at rest: the shared {@link SecretCipher} under the webhooks' own label, keyed by
 * WEBHOOK_SECRET_KEY or the JWT secret (see `webhook-secret.provider.ts`).
 */
export class WebhookSecretCipher extends SecretCipher {
  constructor(keyMaterial: string) {
    super(keyMaterial, KEY_LABEL);
  }
}
