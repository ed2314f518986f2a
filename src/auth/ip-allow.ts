// Address restrictions of a token: IPv4 and IPv6 CIDRs, matched with
// ipaddr.js, with IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) seen as IPv4.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type Cidr = [Address, number];

/** The bits of an IPv4-mapped IPv6 address (::ffff:0:0/96) in front of the IPv4 part. */
const MAPPED_PREFIX = 96;
// A prefix is plain decimal: no sign, no leading zero, no fraction, no spaces.
const PREFIX = /^(0|[1-9][0-9]{0,2})$/;

function normalise(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/**
 * One address as written in a restriction: IPv4 only as four decimal parts
 * (ipaddr.js would also read `010.0.0.1` as octal 8.0.0.1, or `127.1`, which
 * nobody means in an allow list), IPv6 without a zone (`%eth0` names an
 * interface of some host, not a place a request comes from).
 */
function parseStrictAddress(text: string): Address | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128); null when invalid.
 * An IPv4-mapped IPv6 CIDR `::ffff:a.b.c.d/n` becomes the IPv4 CIDR `a.b.c.d/(n-96)`:
 * client addresses are matched as IPv4 when mapped (see parseAddress), so only
 * the IPv4 form can ever match. With n < 96 the range reaches beyond the mapped
 * block into plain IPv6 space, which no IPv4 CIDR can say: refused.
 */
export function parseCidr(text: string): Cidr | null {
  const value = text.trim();
  const slash = value.indexOf('/');
  const address = parseStrictAddress(slash === -1 ? value : value.slice(0, slash));
  if (!address) return null;
  const full = address.kind() === 'ipv4' ? 32 : 128;
  let bits = full;
  if (slash !== -1) {
    const prefix = value.slice(slash + 1);
    if (!PREFIX.test(prefix)) return null;
    bits = Number(prefix);
    if (bits > full) return null;
  }
  const plain = normalise(address);
  if (plain.kind() === address.kind()) return [address, bits];
  if (bits < MAPPED_PREFIX) return null;
  return [plain, bits - MAPPED_PREFIX];
}

/** Canonical text of a CIDR (what is stored and shown). */
export function formatCidr([address, bits]: Cidr): string {
  return `${address.toString()}/${bits}`;
}

/** True when every address of `inner` is also in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  const [outerAddress, outerBits] = outer;
  const [innerAddress, innerBits] = inner;
  if (outerAddress.kind() !== innerAddress.kind() || outerBits > innerBits) return false;
  return innerAddress.match(outer as [typeof innerAddress, number]);
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
