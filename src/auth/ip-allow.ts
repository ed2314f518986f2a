// Address restrictions of a token: IPv4 and IPv6 CIDRs, matched with
// ipaddr.js, with IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) seen as IPv4.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type Cidr = [Address, number];

function normalise(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128); null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const value = text.trim();
  try {
    if (value.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(value);
      return [
        normalise(address),
        address.kind() === 'ipv6' && normalise(address).kind() === 'ipv4' ? bits - 96 : bits,
      ];
    }
    const address = normalise(ipaddr.parse(value));
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** Canonical text of a CIDR (what is stored and shown). */
export function formatCidr([address, bits]: Cidr): string {
  return `${address.toString()}/${bits}`;
}

export function parseAddress(text: string): Address | null {
  try {
    return normalise(ipaddr.parse(text.trim()));
  } catch {
    return null;
  }
}

/** True when the address falls in one of the CIDRs. */
export function addressAllowed(address: string, cidrs: readonly string[]): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  return cidrs.some((text) => {
    const cidr = parseCidr(text);
    return cidr !== null && cidr[0].kind() === parsed.kind() && parsed.match(cidr as [typeof parsed, number]);
  });
}
