import { AppError } from '../common/app-error.js';

/** The fields a keyset cursor carries and their JSON types, e.g. `{ createdAt: 'string', id: 'string' }`. */
export type KeysetShape = Readonly<Record<string, 'string' | 'number'>>;

/** The values of a {@link KeysetShape}: where the previous page ended. */
export type Keyset<S extends KeysetShape> = { [K in keyof S]: S[K] extends 'number' ? number : string };

/**
 * The usual keyset: newest or oldest first, the id breaking ties. Keep `createdAt` as the
 * database's own text when it has microseconds: a millisecond `Date` would skip or repeat rows.
 */
export const CREATED_AT_ID_KEYSET = { createdAt: 'string', id: 'string' } as const satisfies KeysetShape;

/** Longer input cannot be a cursor we issued; refusing it early bounds the work of decoding. */
const MAX_CURSOR_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** An opaque cursor: base64url of the keyset's JSON. Clients must not build or parse it. */
export function encodeCursor(keyset: Readonly<Record<string, string | number>>): string {
  return Buffer.from(JSON.stringify(keyset), 'utf8').toString('base64url');
}

function invalidCursor(): AppError {
  return AppError.badUserInput('Invalid cursor', {
    details: [{ path: 'after', message: 'pass a cursor or pageInfo.endCursor returned by a previous page' }],
  });
}

function parseJson(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
}

/**
 * Decodes a cursor made by {@link encodeCursor} into the keyset `shape` describes. Anything else
 * (garbage, a cursor of another list, a tampered value) is a BAD_USER_INPUT AppError.
 */
export function decodeCursor<S extends KeysetShape>(cursor: string, shape: S): Keyset<S> {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw invalidCursor();
  const value = parseJson(cursor);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursor();
  const keys = Object.keys(shape);
  const entries = Object.entries(value);
  const matches =
    entries.length === keys.length &&
    entries.every(([key, field]) => Object.hasOwn(shape, key) && typeof field === shape[key]);
  if (!matches) throw invalidCursor();
  return value as Keyset<S>;
}
