// Data Center personal access tokens (/rest/pat/latest/tokens). Cloud has no
// such API (it uses account API tokens made in the Atlassian account UI), so
// the routes exist only on Data Center. Tokens are per user: each caller
// lists and revokes only its own, and the raw token is shown once, at creation.
import { randomBytes, randomInt } from 'node:crypto';
import {
  asObject,
  jiraError,
  mustAuthenticate,
  noContent,
  ok,
  type RouteContext,
  type RouteDefinition,
  type RouteResult,
} from '../http.ts';
import type { Flavor, SandboxPat, SandboxUser } from '../model.ts';
import { jiraDateTime } from '../representation/common.ts';

const TOKENS = '/rest/pat/latest/tokens';
const DAY_MS = 24 * 60 * 60 * 1000;

export function patRoutes(flavor: Flavor): RouteDefinition[] {
  if (flavor !== 'datacenter') return [];
  return [
    { method: 'GET', path: TOKENS, handler: authenticated(listTokens) },
    { method: 'POST', path: TOKENS, handler: authenticated(createToken) },
    { method: 'DELETE', path: `${TOKENS}/:tokenId`, handler: authenticated(deleteToken) },
  ];
}

/** The PAT resource is not anonymous-allowed, so Jira's REST layer refuses an anonymous caller. */
function authenticated(
  handler: (ctx: RouteContext, user: SandboxUser) => RouteResult,
): (ctx: RouteContext) => RouteResult {
  return (ctx) => (ctx.user ? handler(ctx, ctx.user) : mustAuthenticate());
}

/** The token as GET lists it; the raw token never appears again after creation. */
function tokenJson(pat: SandboxPat): Record<string, unknown> {
  const out: Record<string, unknown> = { id: pat.id, name: pat.name, createdAt: jiraDateTime(pat.createdAt) };
  // A token made without an expiry never expires and has no expiringAt.
  if (pat.expiringAt !== null) out.expiringAt = jiraDateTime(pat.expiringAt);
  return out;
}

/** 44 base64 characters like a real Data Center PAT: a 12-digit identifier, ':' and 20 random bytes. */
function newRawToken(): string {
  const prefix = String(randomInt(1e11, 1e12));
  return Buffer.concat([Buffer.from(`${prefix}:`), randomBytes(20)]).toString('base64');
}

function listTokens(ctx: RouteContext, user: SandboxUser): RouteResult {
  return ok(ctx.store.data.pats.filter((p) => p.userKey === user.key).map(tokenJson));
}

function createToken(ctx: RouteContext, user: SandboxUser): RouteResult {
  const body = asObject(ctx.body);
  if (!body) return jiraError(400, ['The request body must be a JSON object with a token name.']);
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '') return jiraError(400, [], { name: 'A token name is required.' });
  if (name.length > 255)
    return jiraError(400, [], { name: 'The token name must not be longer than 255 characters.' });
  const duration = body.expirationDuration;
  if (duration !== undefined && duration !== null && !(Number.isInteger(duration) && Number(duration) > 0)) {
    return jiraError(400, [], {
      expirationDuration: 'The expiration duration must be a whole number of days above 0.',
    });
  }
  const createdAt = Date.now();
  const pat: SandboxPat = {
    id: ctx.store.data.counters.pat++,
    name,
    userKey: user.key,
    rawToken: newRawToken(),
    createdAt,
    expiringAt: typeof duration === 'number' ? createdAt + duration * DAY_MS : null,
  };
  ctx.store.data.pats.push(pat);
  return ok({ ...tokenJson(pat), rawToken: pat.rawToken }, 201);
}

function deleteToken(ctx: RouteContext, user: SandboxUser): RouteResult {
  const id = Number(ctx.params.tokenId);
  const index = ctx.store.data.pats.findIndex((p) => p.id === id && p.userKey === user.key);
  // Another user's token answers like a missing one, so ids do not leak.
  if (index === -1) return jiraError(404, [`No token with id ${ctx.params.tokenId} was found.`]);
  ctx.store.data.pats.splice(index, 1);
  return noContent();
}
