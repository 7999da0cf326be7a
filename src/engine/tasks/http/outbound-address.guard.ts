import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { OutboundAllowList } from './outbound-address.allow-list.js';
import { classifyAddress, isMetadataHostname } from './outbound-address.classifier.js';
import { comparableHostname, connectHostname } from './outbound-address.hostname.js';

/** One address a host name resolved to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has (the DNS seam; tests pass their own). */
export type HostResolver = (hostname: string) => Promise<Array<{ address: string; family: 4 | 6 }>>;

/**
 * Where a request may go after the guard said yes: the host name it was checked for and the exact
 * addresses that were checked. The connection must use these and never ask DNS again.
 */
export interface CheckedDestination {
  readonly hostname: string;
  readonly addresses: readonly ResolvedAddress[];
}

/** The guard refused a destination; `reason` says why, in words fit for a task's Cause. */
export class OutboundAddressRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OutboundAddressRefusedError';
  }
}

/** A host name resolved to no address at all. */
export class HostNotFoundError extends Error {
  constructor(readonly hostname: string) {
    super(`host ${hostname} resolved to no address`);
    this.name = 'HostNotFoundError';
  }
}

/** The operating system's resolver (`getaddrinfo`, so /etc/hosts counts), every answer in its order. */
export const resolveWithSystemDns: HostResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * The SSRF guard of the HTTP Task. It decides on resolved addresses, not on names: a name is only a
 * pointer that an attacker may aim anywhere, including at an address that changes between two
 * lookups. So it resolves once, checks every answer, and hands the checked answers to the
 * connection (see `http-task.transport.ts`), which must not resolve again.
 *
 * Refused unless allow-listed: every address that is not public unicast (loopback, private,
 * link-local, carrier-grade NAT, multicast, broadcast, unspecified, reserved, IPv6 forms with an
 * embedded IPv4 address), cloud metadata addresses and names, and schemes other than http(s).
 */
export class OutboundAddressGuard {
  constructor(
    private readonly allowList: OutboundAllowList,
    private readonly resolve: HostResolver,
  ) {}

  /** Checks where `url` leads; throws {@link OutboundAddressRefusedError} when it may not go there. */
  async check(url: URL): Promise<CheckedDestination> {
    if (!ALLOWED_PROTOCOLS.has(url.protocol)) {
      throw new OutboundAddressRefusedError(
        `scheme ${url.protocol} is not allowed: only http: and https: are`,
      );
    }
    const hostname = connectHostname(url);
    if (isIP(hostname) !== 0) {
      return { hostname, addresses: [this.admit(hostname, `address ${hostname}`, false)] };
    }
    const name = comparableHostname(url);
    const allowedByName = this.allowList.allowsHostname(name);
    if (isMetadataHostname(name) && !allowedByName) {
      throw new OutboundAddressRefusedError(`host ${name} is a cloud metadata endpoint and not allow-listed`);
    }
    const answers = await this.resolve(hostname);
    if (answers.length === 0) throw new HostNotFoundError(name);
    const addresses = answers.map(({ address }) =>
      this.admit(address, `host ${name} resolves to ${address}, which`, allowedByName),
    );
    return { hostname, addresses };
  }

  /**
   * Admits one address or refuses it. A name on the allow-list admits what it resolves to, except
   * metadata addresses, which need their own exact entry.
   */
  private admit(address: string, subject: string, allowedByName: boolean): ResolvedAddress {
    const family = isIP(address);
    // A resolver answer must be a plain IP literal: anything else could be re-read by the socket
    // layer differently from how it was checked.
    if (family === 0) throw new OutboundAddressRefusedError(`${subject} is not an IP address`);
    const classification = classifyAddress(address);
    const admitted =
      (classification.category === 'public' && !classification.metadata) ||
      (allowedByName && !classification.metadata) ||
      this.allowList.allowsAddress(classification);
    if (!admitted) {
      throw new OutboundAddressRefusedError(
        `${subject} is ${classification.description} and not allow-listed`,
      );
    }
    return { address, family: family === 6 ? 6 : 4 };
  }
}
