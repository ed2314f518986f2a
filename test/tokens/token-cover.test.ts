// The cover rule as a table: which restrictions make a token wider than the
// token that acts on it, one dimension at a time, and the session exception.
import { describe, expect, it } from 'vitest';
import { type CallerShape, covers, type TokenShape } from '../../src/tokens/token-cover.ts';

const DAY = 86_400_000;
const T = Date.parse('2030-01-01T00:00:00.000Z');
const inDays = (days: number) => new Date(T + days * DAY);

const base: TokenShape = {
  identityId: 'alice',
  scopes: ['issues:read', 'tokens:write'],
  projects: null,
  allowedIps: null,
  expiresAt: inDays(30),
  rateLimitPerHour: null,
};
const caller = (over: Partial<CallerShape> = {}): CallerShape => ({ ...base, kind: 'personal', ...over });
const target = (over: Partial<TokenShape> = {}): TokenShape => ({ ...base, ...over });

describe('covers', () => {
  const cases: [string, CallerShape, TokenShape, boolean, RegExp?][] = [
    ['an identical token (itself)', caller(), target(), true],
    // hourly budget
    ['the default over 100/h', caller(), target({ rateLimitPerHour: 100 }), true],
    ['100/h over 100/h', caller({ rateLimitPerHour: 100 }), target({ rateLimitPerHour: 100 }), true],
    ['100/h over 50/h', caller({ rateLimitPerHour: 100 }), target({ rateLimitPerHour: 50 }), true],
    [
      '100/h over 101/h',
      caller({ rateLimitPerHour: 100 }),
      target({ rateLimitPerHour: 101 }),
      false,
      /100 points/,
    ],
    ['100/h over the default', caller({ rateLimitPerHour: 100 }), target(), false, /default/],
    [
      'a session over a limited token',
      caller({ kind: 'session', rateLimitPerHour: 5 }),
      target({ rateLimitPerHour: 100 }),
      true,
    ],
    ['another identity', caller(), target({ identityId: 'bob' }), false, /another identity/],
    // projects
    ['unrestricted over restricted', caller(), target({ projects: ['PROJ'] }), true],
    ['PROJ over PROJ', caller({ projects: ['PROJ'] }), target({ projects: ['PROJ'] }), true],
    ['PROJ,MOB over MOB', caller({ projects: ['PROJ', 'MOB'] }), target({ projects: ['MOB'] }), true],
    ['PROJ over every project', caller({ projects: ['PROJ'] }), target(), false, /every project/],
    [
      'PROJ over PROJ,OPS',
      caller({ projects: ['PROJ'] }),
      target({ projects: ['PROJ', 'OPS'] }),
      false,
      /OPS/,
    ],
    // addresses
    ['anywhere over a CIDR', caller(), target({ allowedIps: ['10.0.0.0/8'] }), true],
    ['a CIDR over anywhere', caller({ allowedIps: ['10.0.0.0/8'] }), target(), false, /from anywhere/],
    [
      '/8 over /16 inside it',
      caller({ allowedIps: ['10.0.0.0/8'] }),
      target({ allowedIps: ['10.1.0.0/16'] }),
      true,
    ],
    [
      '/16 over the /8 around it',
      caller({ allowedIps: ['10.1.0.0/16'] }),
      target({ allowedIps: ['10.0.0.0/8'] }),
      false,
      /not from 10\.0\.0\.0\/8/,
    ],
    [
      '/8 over an address outside',
      caller({ allowedIps: ['10.0.0.0/8'] }),
      target({ allowedIps: ['11.0.0.1/32'] }),
      false,
    ],
    [
      'each target CIDR in some caller CIDR',
      caller({ allowedIps: ['10.0.0.0/8', '::1/128'] }),
      target({ allowedIps: ['::1/128', '10.9.9.9/32'] }),
      true,
    ],
    [
      'one target CIDR outside',
      caller({ allowedIps: ['10.0.0.0/8'] }),
      target({ allowedIps: ['10.9.9.9/32', '::1/128'] }),
      false,
      /::1\/128/,
    ],
    ['IPv4 over IPv6', caller({ allowedIps: ['0.0.0.0/0'] }), target({ allowedIps: ['::/0'] }), false],
    [
      'an unparsable stored entry covers nothing',
      caller({ allowedIps: ['garbage'] }),
      target({ allowedIps: ['10.0.0.1/32'] }),
      false,
    ],
    [
      'an unparsable target entry is not covered',
      caller({ allowedIps: ['0.0.0.0/0'] }),
      target({ allowedIps: ['garbage'] }),
      false,
    ],
    // scopes
    [
      'more scopes over fewer',
      caller({ scopes: ['issues:read', 'comments:read', 'tokens:write'] }),
      target({ scopes: ['comments:read'] }),
      true,
    ],
    [
      'a write scope over its implied read',
      caller({ scopes: ['issues:write', 'tokens:write'] }),
      target({ scopes: ['issues:read'] }),
      true,
    ],
    [
      'a read scope over the write one',
      caller(),
      target({ scopes: ['issues:write'] }),
      false,
      /issues:write/,
    ],
    [
      'tokens:write only over issues:read',
      caller({ scopes: ['tokens:write'] }),
      target({ scopes: ['issues:read'] }),
      false,
      /issues:read/,
    ],
    ['tokens:write over admin', caller(), target({ scopes: ['admin'] }), false, /admin/],
    // expiry
    ['a later expiry over an earlier one', caller(), target({ expiresAt: inDays(10) }), true],
    ['the same expiry', caller(), target({ expiresAt: inDays(30) }), true],
    ['an earlier expiry over a later one', caller(), target({ expiresAt: inDays(31) }), false, /expires at/],
    ['an expiring token over a lasting one', caller(), target({ expiresAt: null }), false, /never does/],
    ['a lasting token over an expiring one', caller({ expiresAt: null }), target(), true],
    // signIn sessions: the person themselves, over their own tokens only
    [
      'a session over its own wider token',
      caller({ kind: 'session', scopes: ['tokens:write'], expiresAt: inDays(0.04) }),
      target({ scopes: ['issues:write', 'admin'], expiresAt: null }),
      true,
    ],
    [
      'a session over another identity',
      caller({ kind: 'session' }),
      target({ identityId: 'bob' }),
      false,
      /another identity/,
    ],
  ];

  it.each(cases)('%s', (_name, who, what, ok, why) => {
    const result = covers(who, what);
    expect(result.ok).toBe(ok);
    if (!result.ok && why) expect(result.why).toMatch(why);
  });
});
