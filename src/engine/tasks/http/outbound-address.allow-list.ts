import ipaddr from 'ipaddr.js';
import { isAddressLiteral, type AddressClassification } from './outbound-address.classifier.js';
import { normalizeHostname } from './outbound-address.hostname.js';

/** One parsed allow-list entry: a network (an exact address is a full-length prefix) or a host name. */
type AllowEntry =
  | { readonly kind: 'network'; readonly network: ipaddr.IPv4 | ipaddr.IPv6; readonly prefixLength: number }
  | { readonly kind: 'host'; readonly hostname: string };

/** An allow-list entry that is neither an IP address, a CIDR nor a host name. */
export class InvalidAllowListEntryError extends Error {
  constructor(readonly entry: string) {
    super(`outbound allow-list entry "${entry}" is neither an IP address, a CIDR nor a host name`);
    this.name = 'InvalidAllowListEntryError';
  }
}

/**
 * The operator's exceptions to the outbound guard: IP addresses (`127.0.0.1`, `::1`), CIDRs
 * (`10.0.0.0/8`) and host names (`internal.example.com`, exact match, no wildcards).
 *
 * Cloud metadata addresses are admitted only by an entry naming that exact address: allowing
 * `169.254.0.0/16`, `fc00::/7` or a host name must not hand out the instance's credentials too.
 */
export class OutboundAllowList {
  private constructor(private readonly entries: readonly AllowEntry[]) {}

  /** Parses the configured entries; throws {@link InvalidAllowListEntryError} on the first bad one. */
  static parse(entries: readonly string[]): OutboundAllowList {
    return new OutboundAllowList(entries.map(parseEntry));
  }

  /** Whether the host name (as {@link normalizeHostname} returns it) is allow-listed by name. */
  allowsHostname(hostname: string): boolean {
    return this.entries.some((entry) => entry.kind === 'host' && entry.hostname === hostname);
  }

  /** Whether an entry admits this address, applying the exact-match rule to metadata addresses. */
  allowsAddress(classification: AddressClassification): boolean {
    const address = ipaddr.parse(classification.address);
    const fullLength = address.kind() === 'ipv4' ? 32 : 128;
    return this.entries.some(
      (entry) =>
        entry.kind === 'network' &&
        entry.network.kind() === address.kind() &&
        (!classification.metadata || entry.prefixLength === fullLength) &&
        address.match(entry.network, entry.prefixLength),
    );
  }
}

function parseEntry(raw: string): AllowEntry {
  const entry = raw.trim();
  try {
    if (entry.includes('/')) {
      const [network, prefixLength] = ipaddr.parseCIDR(entry);
      return { kind: 'network', network, prefixLength };
    }
    // The URL host parser gives entries the spelling URLs get: `0x7f000001` → `127.0.0.1`, `[::1]` → `::1`.
    const hostname = normalizeHostname(entry);
    if (isAddressLiteral(hostname)) {
      const network = ipaddr.parse(hostname);
      return { kind: 'network', network, prefixLength: network.kind() === 'ipv4' ? 32 : 128 };
    }
    return { kind: 'host', hostname };
  } catch {
    throw new InvalidAllowListEntryError(raw);
  }
}
