import type { IncomingMessage } from 'node:http';
import { clientIpOf } from '../../src/http/client-ip.js';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  }) as IncomingMessage;

describe('clientIpOf', () => {
  it('ignores X-Forwarded-For without a trusted proxy: a client could write anything there', () => {
    expect(clientIpOf(request('203.0.113.9', '1.2.3.4'), 0)).toBe('203.0.113.9');
  });

  it('takes the address the outermost trusted proxy saw', () => {
    expect(clientIpOf(request('10.0.0.2', 'forged, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientIpOf(request('10.0.0.2', 'forged, 198.51.100.7, 10.0.0.1'), 2)).toBe('198.51.100.7');
  });

  it('reads an IPv4 client of a dual-stack socket as IPv4', () => {
    expect(clientIpOf(request('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
  });
});
