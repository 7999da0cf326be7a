import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Keeps a secret the server must read back (a webhook's signing secret, an API key's secret access
 * key: an HMAC over a request needs the secret itself, so a hash cannot do) encrypted at rest. It
 * is sealed with AES-256-GCM under a key derived (HKDF-SHA-256) from `keyMaterial` and `label`: one
 * label per purpose, so keys drawn from the same material never coincide. A leaked table alone
 * yields no secret, and a tampered row fails to open rather than verifying a forgery.
 */
export class SecretCipher {
  private readonly key: Buffer;

  constructor(keyMaterial: string, label: string) {
    this.key = Buffer.from(hkdfSync('sha256', keyMaterial, Buffer.alloc(0), label, KEY_BYTES));
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
