import type { IncomingMessage } from 'node:http';
import { requestIdOf, type IdentifiedRequest } from '../../src/common/request-id.js';

const request = (headers: Record<string, string> = {}, id?: unknown): IdentifiedRequest =>
  Object.assign({ headers } as unknown as IncomingMessage, id === undefined ? {} : { id });

describe('requestIdOf', () => {
  it('keeps an acceptable X-Request-Id from the caller and remembers it on the request', () => {
    const req = request({ 'x-request-id': 'lb-7f3a.01:2' });
    expect(requestIdOf(req)).toBe('lb-7f3a.01:2');
    expect(req.id).toBe('lb-7f3a.01:2');
  });

  it.each([['text with spaces'], ['<script>'], ['x'.repeat(129)], ['line\nbreak']])(
    'replaces the unacceptable id %p with a UUID',
    (header) => {
      expect(requestIdOf(request({ 'x-request-id': header }))).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('returns the same id on every call for one request', () => {
    const req = request();
    expect(requestIdOf(req)).toBe(requestIdOf(req));
  });

  it('reuses an id a logger already assigned', () => {
    expect(requestIdOf(request({}, 17))).toBe('17');
  });
});
