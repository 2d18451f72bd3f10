// Which network addresses a webhook may connect to: public unicast only, unless an operator
// allowed a range (WEBHOOK_ALLOWED_NETWORKS). Keeps webhooks from reaching loopback, private
// networks, link-local (cloud metadata at 169.254.169.254) and other special-purpose ranges.

import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** Names for refused ranges, as they appear in delivery logs. */
const REFUSED_IPV4: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private (RFC 1918)',
  reserved: 'reserved',
};

/** IPv6 ranges that reach the public internet; everything else is refused. */
const PUBLIC_IPV6 = new Set(['unicast', 'as112v6', 'amt']);
const IPV6_NAMES: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
  reserved: 'reserved',
};
/** Ranges whose last 32 bits are an IPv4 address the packet ends up at. */
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);
const GLOBAL_UNICAST_V6: Cidr = ipaddr.parseCIDR('2000::/3');

export class AddressPolicy {
  private readonly allowed: readonly Cidr[];

  /** @param allowedNetworks CIDR ranges (or single addresses) allowed although not public. */
  constructor(allowedNetworks: readonly string[]) {
    this.allowed = allowedNetworks.map(parseNetwork);
  }

  /** Why `address` (an IP literal) may not be connected to, or undefined when it may. */
  refusal(address: string): string | undefined {
    let parsed: Address;
    try {
      parsed = ipaddr.parse(address);
    } catch {
      return `${address} is not an IP address`;
    }
    const ipv4 = embeddedIpv4(parsed);
    if (this.isAllowed(parsed) || (ipv4 !== undefined && this.isAllowed(ipv4))) return undefined;
    const problem = ipv4
      ? ipv4Problem(ipv4)
      : parsed.kind() === 'ipv6'
        ? ipv6Problem(parsed as ipaddr.IPv6)
        : ipv4Problem(parsed as ipaddr.IPv4);
    if (problem === undefined) return undefined;
    const mapped = ipv4 && parsed.kind() === 'ipv6' ? ` (maps to ${ipv4.toString()})` : '';
    return `${address} is a ${problem} address${mapped}`;
  }

  private isAllowed(address: Address): boolean {
    return this.allowed.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
  }
}

function parseNetwork(entry: string): Cidr {
  try {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry);
    const single = ipaddr.parse(entry);
    return [single, single.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`WEBHOOK_ALLOWED_NETWORKS: "${entry}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
  }
}

function embeddedIpv4(address: Address): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined;
  const v6 = address as ipaddr.IPv6;
  if (!EMBEDS_IPV4.has(v6.range())) return undefined;
  const bytes = v6.toByteArray().slice(12);
  return new ipaddr.IPv4(bytes);
}

function ipv4Problem(address: ipaddr.IPv4): string | undefined {
  return REFUSED_IPV4[address.range()];
}

function ipv6Problem(address: ipaddr.IPv6): string | undefined {
  const range = address.range();
  if (PUBLIC_IPV6.has(range) && address.match(GLOBAL_UNICAST_V6)) return undefined;
  return IPV6_NAMES[range] ?? (range === 'unicast' ? 'reserved' : `special-purpose (${range})`);
}
