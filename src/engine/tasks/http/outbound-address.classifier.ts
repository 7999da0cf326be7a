import ipaddr from 'ipaddr.js';

/**
 * What kind of network an IP address belongs to, for the HTTP Task's outbound guard. Only `public`
 * is reachable without an allow-list entry; every other category is where SSRF does its damage
 * (the host itself, the private network, cloud metadata).
 */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade-nat'
  | 'multicast'
  | 'broadcast'
  | 'unspecified'
  | 'ipv4-embedded'
  | 'reserved';

/** The verdict on one IP address. */
export interface AddressClassification {
  /** The address in canonical form (`127.0.0.1`, `::ffff:7f00:1`). */
  readonly address: string;
  readonly category: AddressCategory;
  /** A cloud instance-metadata endpoint: only an allow-list entry naming this exact address admits it. */
  readonly metadata: boolean;
  /** Human wording for causes: `loopback`, `link-local/metadata`, `IPv4-mapped IPv6 (127.0.0.1)`. */
  readonly description: string;
}

/**
 * Instance-metadata services hand out cloud credentials, so they get the strictest rule. AWS, Azure,
 * GCP, DigitalOcean and Oracle answer on 169.254.169.254; ECS task metadata on 169.254.170.2; AWS
 * over IPv6 on fd00:ec2::254; Alibaba Cloud on 100.100.100.200.
 */
const METADATA_ADDRESSES = ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254'].map(
  (address) => ipaddr.parse(address),
);

/** Host names that reach a metadata service through the platform's own resolver. */
const METADATA_HOSTNAMES = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** ipaddr.js range names, in the words a cause uses. */
const IPV4_RANGES: Readonly<Record<string, [AddressCategory, string]>> = {
  unicast: ['public', 'public'],
  loopback: ['loopback', 'loopback'],
  private: ['private', 'private'],
  linkLocal: ['link-local', 'link-local'],
  carrierGradeNat: ['carrier-grade-nat', 'carrier-grade NAT'],
  multicast: ['multicast', 'multicast'],
  broadcast: ['broadcast', 'broadcast'],
  unspecified: ['unspecified', 'unspecified'],
};

const IPV6_RANGES: Readonly<Record<string, [AddressCategory, string]>> = {
  unicast: ['public', 'public'],
  loopback: ['loopback', 'loopback'],
  uniqueLocal: ['private', 'private (unique local)'],
  linkLocal: ['link-local', 'link-local'],
  multicast: ['multicast', 'multicast'],
  unspecified: ['unspecified', 'unspecified'],
};

/**
 * IPv6 forms that carry an IPv4 address inside: a connection to one of them can land on the
 * embedded IPv4 host (`::ffff:127.0.0.1` is the loopback on a dual-stack socket; NAT64 gateways
 * forward `64:ff9b::/96`), so they are refused whatever the embedded address is. The number is the
 * byte offset of the embedded IPv4 address, shown in causes (Teredo obfuscates it: none shown).
 */
const EMBEDDED_IPV4_RANGES: Readonly<Record<string, [string, number | undefined]>> = {
  ipv4Mapped: ['IPv4-mapped IPv6', 12],
  rfc6145: ['IPv4-translated IPv6', 12],
  rfc6052: ['NAT64 IPv6', 12],
  '6to4': ['6to4 IPv6', 2],
  teredo: ['Teredo IPv6', undefined],
};

/**
 * Classifies an IP address literal. ipaddr.js accepts every IPv4 spelling that `inet_aton` does
 * (`0x7f000001`, `2130706433`, `0177.0.0.1`, `127.1`), so odd spellings classify as what they
 * mean. Throws when `literal` is not an IP address.
 */
export function classifyAddress(literal: string): AddressClassification {
  const parsed = ipaddr.parse(stripBrackets(literal));
  const metadata = METADATA_ADDRESSES.some(
    (known) => known.kind() === parsed.kind() && parsed.match(known, 128),
  );
  const [category, wording] =
    parsed.kind() === 'ipv4' ? ipv4Category(parsed as ipaddr.IPv4) : ipv6Category(parsed as ipaddr.IPv6);
  return {
    address: parsed.toString(),
    category,
    metadata,
    description: metadata ? `${wording}/metadata` : wording,
  };
}

/** Whether `literal` is an IP address in any spelling {@link classifyAddress} understands. */
export function isAddressLiteral(literal: string): boolean {
  return ipaddr.isValid(stripBrackets(literal));
}

/** Whether a host name (lower case, no trailing dot) names a cloud metadata service. */
export function isMetadataHostname(hostname: string): boolean {
  return METADATA_HOSTNAMES.has(hostname);
}

function ipv4Category(address: ipaddr.IPv4): [AddressCategory, string] {
  return IPV4_RANGES[address.range()] ?? ['reserved', 'reserved'];
}

function ipv6Category(address: ipaddr.IPv6): [AddressCategory, string] {
  const range = address.range();
  const embedded = EMBEDDED_IPV4_RANGES[range];
  if (embedded) return ['ipv4-embedded', withEmbeddedIpv4(embedded[0], address, embedded[1])];
  // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291) is not a range of ipaddr.js: it calls it
  // unicast. `::` and `::1` share the prefix and keep their own ranges.
  if (range === 'unicast' && address.parts.slice(0, 6).every((part) => part === 0)) {
    return ['ipv4-embedded', withEmbeddedIpv4('IPv4-compatible IPv6', address, 12)];
  }
  return IPV6_RANGES[range] ?? ['reserved', 'reserved'];
}

/** `NAT64 IPv6 (127.0.0.1)`: the wording with the IPv4 address found at `offset`, if known. */
function withEmbeddedIpv4(wording: string, address: ipaddr.IPv6, offset: number | undefined): string {
  if (offset === undefined) return wording;
  const ipv4 = address.toByteArray().slice(offset, offset + 4);
  return `${wording} (${ipv4.join('.')})`;
}

function stripBrackets(literal: string): string {
  return literal.startsWith('[') && literal.endsWith(']') ? literal.slice(1, -1) : literal;
}
