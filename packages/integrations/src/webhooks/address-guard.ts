// Which addresses an outgoing webhook may reach (SSRF): never the machine itself, the private
// networks behind it, link-local (the cloud metadata service at 169.254.169.254), CGNAT, multicast
// or reserved ranges, in IPv4 or IPv6 (IPv4 embedded in IPv6 is checked as IPv4), unless the
// operator allows a network by configuration (WEBHOOKS_ALLOWED_NETWORKS; tests allow loopback).
import { BlockList, isIP } from 'node:net';

/** Ranges no webhook reaches (RFC 6890 special-purpose registries, plus cloud metadata). */
const BLOCKED_V4 = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8',
  '100.64.0.0/10', // CGNAT (Alibaba's metadata 100.100.100.200 too)
  '127.0.0.0/8',
  '169.254.0.0/16', // link-local: AWS/GCP/Azure metadata
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
];
const BLOCKED_V6 = [
  '::/128',
  '::1/128',
  '100::/64', // discard
  '2001::/23', // IETF protocol assignments (Teredo, ORCHID, …)
  '2001:db8::/32', // documentation
  'fc00::/7', // unique local (AWS's IPv6 metadata fd00:ec2::254)
  'fe80::/10', // link-local
  'fec0::/10', // old site-local
  'ff00::/8', // multicast
];

function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefixText] = cidr.trim().split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`Not a network: ${cidr}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`Not a network: ${cidr}`);
    }
    list.addSubnet(address, prefix, type);
  }
  return list;
}

const blocked = blockListOf([...BLOCKED_V4, ...BLOCKED_V6]);

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function hextets(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

const v4Of = (high: number, low: number) =>
  [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');

/**
 * The IPv4 address an IPv6 one carries where the network would route it to that IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
 * (2002:AABB:CCDD::/48).
 */
function embeddedV4(address: string): string | null {
  const g = hextets(address);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0)) {
    // ::1 and :: stay IPv6 (loopback, unspecified: blocked as such).
    if (g5 === 0 && g6 === 0) return null;
    return v4Of(g6, g7);
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return v4Of(g6, g7);
  }
  if (g0 === 0x2002) return v4Of(g1, g2);
  return null;
}

export interface AddressPolicy {
  /** Whether an outgoing webhook may connect to this IP address. */
  permits(address: string): boolean;
  /** Whether the address is in the operator's allow-list (where plain http is accepted too). */
  allowListed(address: string): boolean;
}

/**
 * The policy: `allowedNetworks` (CIDRs, e.g. `127.0.0.1/32`) are reachable whatever their range;
 * every other address must be public. An invalid CIDR throws (a configuration error).
 */
export function addressPolicy(allowedNetworks: readonly string[] = []): AddressPolicy {
  const allowed = blockListOf(allowedNetworks);
  const check = (list: BlockList, address: string) => {
    const family = isIP(address);
    if (family === 4) return list.check(address, 'ipv4');
    if (family !== 6) return false;
    const v4 = embeddedV4(address);
    return v4 ? list.check(v4, 'ipv4') : list.check(address, 'ipv6');
  };
  return {
    allowListed: (address) => check(allowed, address),
    permits(address) {
      if (isIP(address) === 0) return false;
      return check(allowed, address) || !check(blocked, address);
    },
  };
}
