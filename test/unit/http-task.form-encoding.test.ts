import { encodeFormBody, type ArrayFormat } from '../../src/engine/tasks/http/http-task.form-encoding.js';

describe('encodeFormBody', () => {
  const body = { q: 'a b&c', tags: ['x', 'y'] };

  it.each<[ArrayFormat, string]>([
    ['INDICES', 'q=a+b%26c&tags%5B0%5D=x&tags%5B1%5D=y'],
    ['BRACKETS', 'q=a+b%26c&tags%5B%5D=x&tags%5B%5D=y'],
    ['REPEAT', 'q=a+b%26c&tags=x&tags=y'],
    ['COMMAS', 'q=a+b%26c&tags=x%2Cy'],
  ])('spells arrays as %s', (format, expected) => {
    expect(encodeFormBody(body, format)).toBe(expected);
  });

  it('spells nested objects with brackets, null as an empty value, and skips undefined', () => {
    const encoded = encodeFormBody({ user: { name: 'ann', age: 7 }, note: null, gone: undefined }, 'INDICES');
    expect(decodeURIComponent(encoded)).toBe('user[name]=ann&user[age]=7&note=');
  });

  it('falls back to indices for an array of objects under COMMAS', () => {
    expect(decodeURIComponent(encodeFormBody({ items: [{ id: 1 }, { id: 2 }] }, 'COMMAS'))).toBe(
      'items[0][id]=1&items[1][id]=2',
    );
  });
});
