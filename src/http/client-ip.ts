import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from. With `trustedHops` reverse proxies in front (TRUST_PROXY_HOPS),
 * it is the entry that many places from the right of X-Forwarded-For: the address the outermost
 * trusted proxy saw. Entries further left were written by the client and could be anything, so
 * with no trusted proxy the header is ignored and the socket's address is the answer.
 */
export function clientIpOf(req: IncomingMessage, trustedHops: number): string | undefined {
  const socketAddress = normalizeAddress(req.socket?.remoteAddress);
  if (trustedHops === 0) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return normalizeAddress(forwarded.at(-trustedHops) ?? forwarded[0]) ?? socketAddress;
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
function normalizeAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
