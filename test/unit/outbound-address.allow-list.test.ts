import {
  InvalidAllowListEntryError,
  OutboundAllowList,
} from '../../src/engine/tasks/http/outbound-address.allow-list.js';
import { classifyAddress } from '../../src/engine/tasks/http/outbound-address.classifier.js';
import {
  OutboundAddressGuard,
  OutboundAddressRefusedError,
  type HostResolver,
} from '../../src/engine/tasks/http/outbound-address.guard.js';

const allows = (entries: string[], address: string) =>
  OutboundAllowList.parse(entries).allowsAddress(classifyAddress(address));

describe('OutboundAllowList', () => {
  it('admits an exact address, in any spelling of the entry', () => {
    expect(allows(['127.0.0.1'], '127.0.0.1')).toBe(true);
    expect(allows(['0x7f000001'], '127.0.0.1')).toBe(true);
    expect(allows(['[::1]'], '::1')).toBe(true);
    expect(allows(['127.0.0.1'], '127.0.0.2')).toBe(false);
  });

  it('admits the addresses of a CIDR and nothing else', () => {
    expect(allows(['10.0.0.0/8'], '10.20.30.40')).toBe(true);
    expect(allows(['10.0.0.0/8'], '11.0.0.1')).toBe(false);
    expect(allows(['fd00::/8'], 'fd12::1')).toBe(true);
  });

  it('does not let an IPv4 entry admit its IPv4-mapped IPv6 form', () => {
    expect(allows(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(false);
  });

  it('admits a metadata address only through an entry naming exactly that address', () => {
    expect(allows(['169.254.0.0/16'], '169.254.169.254')).toBe(false);
    expect(allows(['fc00::/7'], 'fd00:ec2::254')).toBe(false);
    expect(allows(['100.64.0.0/10'], '100.100.100.200')).toBe(false);
    expect(allows(['169.254.169.254'], '169.254.169.254')).toBe(true);
    expect(allows(['169.254.169.254/32'], '169.254.169.254')).toBe(true);
  });

  it('matches host names exactly, whatever their case or trailing dot in the entry', () => {
    const list = OutboundAllowList.parse(['Internal.Example.', 'localhost']);
    expect(list.allowsHostname('internal.example')).toBe(true);
    expect(list.allowsHostname('localhost')).toBe(true);
    expect(list.allowsHostname('other.internal.example')).toBe(false);
  });

  it.each(['10.0.0.0/99', '300.1.1.1/8', 'http://host', 'a b', ''])('refuses the entry %j', (entry) => {
    expect(() => OutboundAllowList.parse([entry])).toThrow(InvalidAllowListEntryError);
  });
});

describe('OutboundAddressGuard', () => {
  const answersFor = (zone: Record<string, string[]>, asked: string[] = []): HostResolver => {
    return async (hostname) => {
      asked.push(hostname);
      return (zone[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  };
  const guard = (allowList: string[], resolve: HostResolver) =>
    new OutboundAddressGuard(OutboundAllowList.parse(allowList), resolve);

  it('resolves a name once and returns every answer it checked', async () => {
    const asked: string[] = [];
    const checked = await guard(
      [],
      answersFor({ 'api.test': ['93.184.216.34', '2606:2800::1'] }, asked),
    ).check(new URL('https://api.test/v1'));
    expect(checked).toEqual({
      hostname: 'api.test',
      addresses: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800::1', family: 6 },
      ],
    });
    expect(asked).toEqual(['api.test']);
  });

  it('passes an IP literal without resolving it, brackets removed', async () => {
    const asked: string[] = [];
    const checked = await guard(['::1'], answersFor({}, asked)).check(new URL('http://[::1]:8080/'));
    expect(checked).toEqual({ hostname: '::1', addresses: [{ address: '::1', family: 6 }] });
    expect(asked).toEqual([]);
  });

  it('refuses a name when any one of its answers is refused', async () => {
    const check = guard([], answersFor({ 'mixed.test': ['93.184.216.34', '10.0.0.1'] })).check(
      new URL('http://mixed.test/'),
    );
    await expect(check).rejects.toThrow(
      new OutboundAddressRefusedError(
        'host mixed.test resolves to 10.0.0.1, which is private and not allow-listed',
      ),
    );
  });

  it('treats a name with a trailing dot like the name', async () => {
    const check = guard([], answersFor({})).check(new URL('http://metadata.google.internal./'));
    await expect(check).rejects.toThrow('host metadata.google.internal is a cloud metadata endpoint');
  });
});
