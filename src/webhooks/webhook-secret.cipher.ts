import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a new secret looks like: `whsec_` and 32 random bytes in base64url. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** The HKDF label that sets this key apart from the others drawn from the same secret. */
const KEY_LABEL = 'stepgraph webhook secret encryption';

/** A new hook secret, shown once to whoever created or rotated the hook. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * Keeps hook secrets encrypted at rest. A signature scheme's HMAC needs the secret itself, so a
 * hash (as for API keys) cannot do: the secret is sealed with AES-256-GCM under a key derived
 * (HKDF-SHA-256) from WEBHOOK_SECRET_KEY, or from the JWT secret when that is unset. A leaked table
 * alone yields no secret, and a tampered row fails to open rather than verifying a forgery.
 */
export class WebhookSecretCipher {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    this.key = Buffer.from(hkdfSync('sha256', keyMaterial, Buffer.alloc(0), KEY_LABEL, KEY_BYTES));
  }

  /** `iv ‖ ciphertext ‖ tag`. */
  seal(secret: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  /** The secret sealed in `sealed`; throws when it was sealed under another key or altered. */
  open(sealed: Buffer): string {
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** The secret sealed in `sealed`, or undefined when it cannot be opened with this key. */
  tryOpen(sealed: Buffer): string | undefined {
    try {
      return this.open(sealed);
    } catch {
      return undefined;
    }
  }
}
