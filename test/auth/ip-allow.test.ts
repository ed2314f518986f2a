// Allowed-address CIDRs: what parses, what is refused, and how IPv4-mapped
// IPv6 is stored (as IPv4, the form client addresses are matched in).
import { describe, expect, it } from 'vitest';
import { addressAllowed, cidrContains, formatCidr, parseCidr } from '../../src/auth/ip-allow.ts';

const canonical = (text: string) => {
  const cidr = parseCidr(text);
  return cidr && formatCidr(cidr);
};

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['127.0.0.1', '127.0.0.1/32'],
    [' 10.1.2.3/32 ', '10.1.2.3/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['::1', '::1/128'],
    ['::/0', '::/0'],
    // IPv4-mapped: stored as the IPv4 CIDR it means.
    ['::ffff:10.1.2.3', '10.1.2.3/32'],
    ['::ffff:10.1.2.3/128', '10.1.2.3/32'],
    ['::ffff:10.1.0.0/112', '10.1.0.0/16'],
    ['::ffff:0.0.0.0/96', '0.0.0.0/0'],
    ['::ffff:a01:200/120', '10.1.2.0/24'],
  ])('reads %j as %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    // Mapped with a prefix that reaches past ::ffff:0:0/96 (was stored as /-88).
    '::ffff:1.2.3.4/8',
    '::ffff:1.2.3.4/95',
    '::ffff:1.2.3.4/0',
    // Prefixes out of range or not plain decimal.
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/-1',
    '10.0.0.0/+8',
    '10.0.0.0/08',
    '10.0.0.0/8.0',
    '10.0.0.0/ 8',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/1e1',
    '10.0.0.0/0x8',
    '::1/0128',
    // Addresses in forms nobody means in an allow list.
    '010.0.0.1',
    '0x7f.0.0.1',
    '127.1',
    '2130706433',
    'fe80::1%eth0',
    'fe80::1%eth0/64',
    '10.0.0.300/8',
    '',
    '/8',
    'localhost',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeNull();
  });

  it('matches a mapped client address against a mapped CIDR', () => {
    const stored = canonical('::ffff:192.168.0.0/112');
    expect(stored).toBe('192.168.0.0/16');
    expect(addressAllowed('::ffff:192.168.4.5', [stored ?? ''])).toBe(true);
    expect(addressAllowed('192.168.4.5', [stored ?? ''])).toBe(true);
    expect(addressAllowed('192.169.0.1', [stored ?? ''])).toBe(false);
  });

  it('lets no address through a stored entry that no longer parses', () => {
    // A row stored before the check (the negative prefix) now fails closed.
    expect(addressAllowed('1.2.3.4', ['1.2.3.4/-88'])).toBe(false);
    expect(addressAllowed('9.9.9.9', ['1.2.3.4/-88'])).toBe(false);
  });
});

describe('cidrContains', () => {
  const contains = (outer: string, inner: string) => {
    const o = parseCidr(outer);
    const i = parseCidr(inner);
    if (!o || !i) throw new Error('bad fixture');
    return cidrContains(o, i);
  };
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.0.0.0/8', '10.255.0.0/16', true],
    ['10.0.0.0/8', '10.1.2.3', true],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['0.0.0.0/0', '::1', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8:1::/48', '2001:db8::/32', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(contains(outer, inner)).toBe(expected);
  });
});
