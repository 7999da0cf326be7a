/**
 * Host names as the outbound guard compares them. The WHATWG URL host parser is the single source
 * of spelling: it lower-cases names, applies IDNA, and rewrites every IPv4 spelling `inet_aton`
 * accepts (`0x7f000001`, `2130706433`, `0177.0.0.1`, `127.1`) to dotted decimal, so a check and the
 * connection never disagree about which host is meant.
 */

/** The host part of a URL without IPv6 brackets: what a socket connects to. */
export function connectHostname(url: URL): string {
  const { hostname } = url;
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/** The host part of a URL for comparisons: no brackets, no trailing dot (`localhost.` is `localhost`). */
export function comparableHostname(url: URL): string {
  return connectHostname(url).replace(/\.$/, '');
}

/** Normalizes a bare host (`0x7f000001`, `::1`, `[::1]`, `Example.COM.`); throws when it is not one. */
export function normalizeHostname(host: string): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = new URL(`http://${bracketed}/`);
  if (url.port !== '' || url.href !== `http://${url.host}/`) {
    throw new TypeError(`not a bare host: ${host}`);
  }
  return comparableHostname(url);
}
