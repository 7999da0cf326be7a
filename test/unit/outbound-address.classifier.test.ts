import {
  classifyAddress,
  isMetadataHostname,
  type AddressCategory,
} from '../../src/engine/tasks/http/outbound-address.classifier.js';
import { normalizeHostname } from '../../src/engine/tasks/http/outbound-address.hostname.js';

describe('classifyAddress', () => {
  it.each<[string, AddressCategory, string]>([
    ['127.0.0.1', 'loopback', 'loopback'],
    ['127.255.255.254', 'loopback', 'loopback'],
    ['::1', 'loopback', 'loopback'],
    ['10.1.2.3', 'private', 'private'],
    ['172.16.0.1', 'private', 'private'],
    ['172.31.255.255', 'private', 'private'],
    ['192.168.1.1', 'private', 'private'],
    ['fc00::1', 'private', 'private (unique local)'],
    ['fd12:3456::1', 'private', 'private (unique local)'],
    ['169.254.1.1', 'link-local', 'link-local'],
    ['fe80::1', 'link-local', 'link-local'],
    ['100.64.0.1', 'carrier-grade-nat', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade-nat', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast', 'multicast'],
    ['ff02::1', 'multicast', 'multicast'],
    ['255.255.255.255', 'broadcast', 'broadcast'],
    ['0.0.0.0', 'unspecified', 'unspecified'],
    ['0.1.2.3', 'unspecified', 'unspecified'],
    ['::', 'unspecified', 'unspecified'],
    ['::ffff:127.0.0.1', 'ipv4-embedded', 'IPv4-mapped IPv6 (127.0.0.1)'],
    ['::ffff:7f00:1', 'ipv4-embedded', 'IPv4-mapped IPv6 (127.0.0.1)'],
    ['[::ffff:7f00:1]', 'ipv4-embedded', 'IPv4-mapped IPv6 (127.0.0.1)'],
    ['::ffff:8.8.8.8', 'ipv4-embedded', 'IPv4-mapped IPv6 (8.8.8.8)'],
    ['::7f00:1', 'ipv4-embedded', 'IPv4-compatible IPv6 (127.0.0.1)'],
    ['64:ff9b::7f00:1', 'ipv4-embedded', 'NAT64 IPv6 (127.0.0.1)'],
    ['64:ff9b::a9fe:a9fe', 'ipv4-embedded', 'NAT64 IPv6 (169.254.169.254)'],
    ['::ffff:0:7f00:1', 'ipv4-embedded', 'IPv4-translated IPv6 (127.0.0.1)'],
    ['2002:7f00:1::', 'ipv4-embedded', '6to4 IPv6 (127.0.0.1)'],
    ['2001::1', 'ipv4-embedded', 'Teredo IPv6'],
    ['240.0.0.1', 'reserved', 'reserved'],
    ['192.0.2.1', 'reserved', 'reserved'],
    ['198.18.0.1', 'reserved', 'reserved'],
    ['100::1', 'reserved', 'reserved'],
    ['8.8.8.8', 'public', 'public'],
    ['93.184.216.34', 'public', 'public'],
    ['2606:4700:4700::1111', 'public', 'public'],
  ])('classifies %s as %s', (address, category, description) => {
    expect(classifyAddress(address)).toMatchObject({ category, description, metadata: false });
  });

  it.each([
    ['169.254.169.254', 'link-local/metadata'],
    ['169.254.170.2', 'link-local/metadata'],
    ['fd00:ec2::254', 'private (unique local)/metadata'],
    ['100.100.100.200', 'carrier-grade NAT/metadata'],
  ])('marks %s as a cloud metadata address', (address, description) => {
    expect(classifyAddress(address)).toMatchObject({ metadata: true, description });
  });

  it.each(['0x7f000001', '2130706433', '0177.0.0.1', '127.1', '0x7f.1', '017700000001'])(
    'reads the odd IPv4 spelling %s as the loopback',
    (spelling) => {
      expect(classifyAddress(spelling)).toMatchObject({ address: '127.0.0.1', category: 'loopback' });
    },
  );

  it('throws on something that is not an IP address', () => {
    expect(() => classifyAddress('example.com')).toThrow();
  });
});

describe('normalizeHostname', () => {
  it.each([
    ['0x7f000001', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['①②⑦.0.0.1', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['LOCALHOST.', 'localhost'],
    ['Metadata.Google.Internal.', 'metadata.google.internal'],
  ])('spells %s as a URL does: %s', (host, expected) => {
    expect(normalizeHostname(host)).toBe(expected);
  });

  it.each(['a b', 'host:80', 'user@host', 'host/path', ''])(
    'refuses %j, which is not a bare host',
    (host) => {
      expect(() => normalizeHostname(host)).toThrow();
    },
  );
});

describe('isMetadataHostname', () => {
  it('knows the metadata names of the clouds', () => {
    expect(['metadata.google.internal', 'metadata.goog', 'instance-data'].every(isMetadataHostname)).toBe(
      true,
    );
    expect(isMetadataHostname('example.com')).toBe(false);
  });
});
