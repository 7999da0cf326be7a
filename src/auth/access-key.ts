import { randomBytes } from 'node:crypto';
import { SecretCipher } from '../common/secret-cipher.js';

/**
 * Every access key id starts with this, as AWS's start with `AKIA` (long-term) or `ASIA`
 * (temporary): it tells a Stepgraph key apart at a glance and in secret scanners.
 */
export const ACCESS_KEY_ID_PREFIX = 'SGAK';

/** RFC 4648 base32, the alphabet of AWS's own access key ids: uppercase letters and 2–7. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 10 random bytes are 16 base32 characters: with the prefix, 20 characters, as AWS's ids are. */
const ACCESS_KEY_ID_BYTES = 10;
/** 30 random bytes are 40 base64url characters, the length of an AWS secret access key. */
const SECRET_ACCESS_KEY_BYTES = 30;
/** The HKDF label that sets this key apart from the others drawn from the JWT secret. */
const KEY_LABEL = 'stepgraph api-key secret access key encryption';

/** The shape of an access key id, checked before any lookup. */
export const ACCESS_KEY_ID_PATTERN = /^SGAK[A-Z2-7]{16}$/;

/** A new access key id: `SGAK` and 80 random bits in base32. */
export function generateAccessKeyId(): string {
  const bytes = randomBytes(ACCESS_KEY_ID_BYTES);
  let bits = 0;
  let value = 0;
  let id = ACCESS_KEY_ID_PREFIX;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      id += BASE32[(value >>> bits) & 31];
    }
  }
  return id;
}

/** A new secret access key: 240 random bits in base64url. */
export function generateSecretAccessKey(): string {
  return randomBytes(SECRET_ACCESS_KEY_BYTES).toString('base64url');
}

/**
 * Secret access keys at rest. Signature Version 4 recomputes an HMAC keyed by the secret, so it
 * is kept encrypted (the shared {@link SecretCipher}) rather than hashed as the bearer form is, under
 * a key derived from the JWT secret like that hash: rotating JWT_SECRET retires both forms together.
 */
export class AccessKeySecretCipher extends SecretCipher {
  constructor(jwtSecret: string) {
    super(jwtSecret, KEY_LABEL);
  }
}
