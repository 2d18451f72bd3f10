import { AddressPolicy } from './address-policy.js';

describe('AddressPolicy', () => {
  const strict = new AddressPolicy([]);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.5', 'private (RFC 1918)'],
    ['172.16.3.4', 'private (RFC 1918)'],
    ['192.168.1.1', 'private (RFC 1918)'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'special-purpose (teredo)'],
    ['100::1', 'special-purpose (discard)'],
  ])('refuses %s as %s', (address, kind) => {
    expect(strict.refusal(address)).toBe(`${address} is a ${kind} address`);
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', '169.254.169.254', 'link-local'],
    ['::ffff:a00:5', '10.0.0.5', 'private (RFC 1918)'],
    ['64:ff9b::a9fe:a9fe', '169.254.169.254', 'link-local'],
  ])('refuses the IPv6 form %s of %s', (address, ipv4, kind) => {
    expect(strict.refusal(address)).toBe(`${address} is a ${kind} address (maps to ${ipv4})`);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82a::200e',
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(strict.refusal(address)).toBeUndefined();
  });

  it('allows what the allowlist names, IPv4-mapped forms included, and nothing else', () => {
    const policy = new AddressPolicy(['127.0.0.0/8', '10.1.0.0/16', 'fd00::/8', '192.168.5.5']);
    expect(policy.refusal('127.0.0.1')).toBeUndefined();
    expect(policy.refusal('::ffff:127.0.0.1')).toBeUndefined();
    expect(policy.refusal('10.1.2.3')).toBeUndefined();
    expect(policy.refusal('fd00::5')).toBeUndefined();
    expect(policy.refusal('192.168.5.5')).toBeUndefined();
    expect(policy.refusal('192.168.5.6')).toMatch(/private/);
    expect(policy.refusal('10.2.0.1')).toMatch(/private/);
    expect(policy.refusal('169.254.169.254')).toMatch(/link-local/);
    expect(policy.refusal('::1')).toMatch(/loopback/);
  });

  it('names the variable when an allowed network is not a CIDR range', () => {
    expect(() => new AddressPolicy(['10.0.0.0/33'])).toThrow(/WEBHOOK_ALLOWED_NETWORKS: "10.0.0.0\/33"/);
    expect(() => new AddressPolicy(['intranet'])).toThrow(/WEBHOOK_ALLOWED_NETWORKS/);
  });

  it('refuses what is not an IP address', () => {
    expect(strict.refusal('example.com')).toBe('example.com is not an IP address');
  });
});
