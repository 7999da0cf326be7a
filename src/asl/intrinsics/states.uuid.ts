import type { IntrinsicFunction } from './intrinsic.function.js';

/** Bytes in a UUID. */
const UUID_BYTES = 16;

/**
 * `States.UUID()`: a version 4 UUID in lower case (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), its 122
 * random bits drawn from the injected `random` so that the interpreter stays pure.
 */
export const statesUuid: IntrinsicFunction = {
  name: 'States.UUID',
  minArgs: 0,
  maxArgs: 0,
  evaluate(_args, { random }) {
    const bytes = Array.from({ length: UUID_BYTES }, () => Math.floor(random() * 256) & 0xff);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
};
