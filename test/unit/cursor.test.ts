import fc from 'fast-check';
import { CREATED_AT_ID_KEYSET, decodeCursor, encodeCursor } from '../../src/pagination/cursor.codec.js';
import { connectionFromRows } from '../../src/pagination/connection.page.js';
import { AppError } from '../../src/common/app-error.js';

const keyset = { createdAt: '2026-01-31 12:00:00.123456+00', id: '0b6a3c1e-7d59-4c8f-9a1e-3f2b4c5d6e7f' };

function expectBadCursor(cursor: string, shape = CREATED_AT_ID_KEYSET): void {
  let caught: unknown;
  try {
    decodeCursor(cursor, shape);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect(caught).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Invalid cursor' });
}

describe('cursor codec', () => {
  it('round-trips a keyset through an opaque base64url string', () => {
    const cursor = encodeCursor(keyset);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(keyset.id);
    expect(decodeCursor(cursor, CREATED_AT_ID_KEYSET)).toEqual(keyset);
  });

  it('round-trips any keyset of strings and numbers', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer(), (text, n) => {
        const shape = { text: 'string', n: 'number' } as const;
        expect(decodeCursor(encodeCursor({ text, n }), shape)).toEqual({ text, n });
      }),
    );
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{"createdAt":').toString('base64url')],
    ['an array', Buffer.from('["a","b"]').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    ['missing a field', encodeCursor({ createdAt: keyset.createdAt })],
    ['carrying an extra field', encodeCursor({ ...keyset, admin: 'yes' })],
    ['of the wrong type', encodeCursor({ createdAt: 5, id: keyset.id })],
    ['too long', 'a'.repeat(2000)],
  ])('refuses a cursor that is %s with BAD_USER_INPUT', (_, cursor) => {
    expectBadCursor(cursor);
  });

  it('refuses a cursor of another list (another keyset shape)', () => {
    expectBadCursor(encodeCursor({ seq: 4 }));
  });
});

describe('connectionFromRows', () => {
  const cursorOf = (n: number) => encodeCursor({ n });

  it('returns the first rows and says a next page exists when the extra row came back', () => {
    const page = connectionFromRows({ rows: [1, 2, 3], first: 2, totalCount: 9, cursorOf });
    expect(page).toEqual({
      edges: [
        { cursor: cursorOf(1), node: 1 },
        { cursor: cursorOf(2), node: 2 },
      ],
      pageInfo: { hasNextPage: true, endCursor: cursorOf(2) },
      totalCount: 9,
    });
  });

  it('says no next page exists on the last page', () => {
    const page = connectionFromRows({ rows: [1, 2], first: 2, totalCount: 2, cursorOf });
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: cursorOf(2) });
  });

  it('has a null endCursor on an empty page', () => {
    const page = connectionFromRows({ rows: [], first: 20, totalCount: 0, cursorOf });
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });
});
