// The token store: identities (Jira accounts known to jgg, with their sealed
// Jira credential), gateway tokens (only their keyed hash) and the audit log.
// One interface; SQLite and PostgreSQL implement it (see kysely-store.ts).
import type { Scope } from '../auth/scopes.ts';
import type { JiraFlavor } from '../jira/types.ts';

export interface IdentityRecord {
  id: string;
  flavor: JiraFlavor;
  /** Cloud accountId, or the Data Center user key. Unique. */
  jiraAccountId: string;
  /** Data Center username; null on Cloud. */
  jiraName: string | null;
  displayName: string;
  email: string | null;
  /** The Jira credential sealed by keyring.sealSecret (never in clear). */
  sealedCredential: string;
  /** When Jira stopped accepting the credential; null while it works. */
  credentialInvalidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewIdentity = Pick<
  IdentityRecord,
  'flavor' | 'jiraAccountId' | 'jiraName' | 'displayName' | 'email' | 'sealedCredential'
>;

export type TokenKind = 'personal' | 'session';

export interface TokenRecord {
  id: string;
  identityId: string;
  /** 'session' tokens come from signIn: short-lived, tokens:read/tokens:write. */
  kind: TokenKind;
  name: string;
  /** HMAC-SHA-256 of the secret under the key named by hashKeyId (hex). */
  secretHash: string;
  hashKeyId: string;
  scopes: Scope[];
  /** Project keys the token is restricted to; null means unrestricted. */
  projects: string[] | null;
  /** CIDRs the token may be used from; null means anywhere. */
  allowedIps: string[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  /** The token this one replaced by rotation. */
  rotatedFromId: string | null;
  /** Identity id of who made it; null when made by the CLI. */
  createdById: string | null;
  /** Points per hour it was given, narrower than the operator's default; null: the default (JGG_RATE_LIMIT_PER_HOUR). */
  rateLimitPerHour: number | null;
  /** The hourly budget it spends: its own id, kept by its replacements, so rotating does not refill it. */
  budgetId: string;
}

export type NewToken = Omit<
  TokenRecord,
  'id' | 'lastUsedAt' | 'lastUsedIp' | 'revokedAt' | 'rateLimitPerHour' | 'budgetId'
> & {
  /** Omitted: the operator's default. */
  rateLimitPerHour?: number | null;
  /** Omitted: a budget of its own (the new token's id). A rotation passes the old token's. */
  budgetId?: string | null;
};

/** An address a token was used from, and when it was last. */
export interface TokenIpSighting {
  ip: string;
  lastSeenAt: Date;
}

/** A token's use since it was made (counted since usage tracking began). */
export interface TokenUsage {
  requests: number;
  /** Rate-limit points charged. */
  points: number;
  /** Requests answered with HTTP >= 400 or with GraphQL errors. */
  errors: number;
  /** The most recently seen addresses, newest first. */
  recentIps: TokenIpSighting[];
}

/** Use of one token gathered since the last write, added to what is stored. */
export interface TokenUsageDelta extends Omit<TokenUsage, 'recentIps'> {
  tokenId: string;
  /** The latest request in the batch, and its address (tokens.last_used_at / last_used_ip). */
  lastUsedAt: Date;
  lastUsedIp: string | null;
  /** Each address of the batch once, with its latest time. */
  ips: TokenIpSighting[];
}

/** What an audit event is about; 'client' is a client address (failed sign-ins). */
export type AuditTargetType = 'token' | 'identity' | 'client';

export interface AuditEvent {
  id: string;
  at: Date;
  /** Who did it: an identity id, or null for the CLI / the gateway itself. */
  actorId: string | null;
  /** e.g. token.create, token.rotate, token.revoke, token.revoke_all, identity.link, identity.credential_invalid, signin.failure */
  action: string;
  targetType: AuditTargetType;
  targetId: string;
  /** Client address the request came from, when there was one. */
  ip: string | null;
  details: Record<string, unknown>;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

/** Keyset page: `after` is the endCursor of the previous page. */
export interface PageRequest {
  first: number;
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** The cursor of each item (same order); `after` takes any of them. */
  cursors: string[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface TokenFilter {
  identityId?: string;
  includeRevoked?: boolean;
  includeExpired?: boolean;
  kind?: TokenKind;
}

export interface AuditFilter {
  actorId?: string;
  targetId?: string;
  action?: string;
}

export type IdempotencyState = 'pending' | 'done' | 'unknown';

/**
 * What jgg remembers of a creating mutation sent with an idempotency key
 * (see writes/idempotency.ts): 'pending' while its Jira write runs, 'done'
 * with the first result, 'unknown' when Jira's outcome is unknown.
 */
export interface IdempotencyRecord {
  /** Whose key: the identity id (a key is the caller's own; two identities never see each other's). */
  scope: string;
  key: string;
  /** The mutation, e.g. "createIssue". */
  operation: string;
  /** SHA-256 (hex) of the operation and its canonical input. */
  requestHash: string;
  state: IdempotencyState;
  /** The first result as JSON text (state 'done' only). */
  result: string | null;
  createdAt: Date;
  /** The record is live while expiresAt is after now; then the key may be claimed afresh. */
  expiresAt: Date;
}

export type IdempotencyClaim = Omit<IdempotencyRecord, 'state' | 'result'>;

export type IdempotencyClaimResult = { claimed: true } | { claimed: false; record: IdempotencyRecord };

export interface TokenStore {
  /** Brings the schema up to date (versioned migrations); safe to run concurrently. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Answers whether the store is reachable (readiness). */
  ping(): Promise<boolean>;

  /** Creates the identity, or updates credential and profile of the same jiraAccountId. */
  upsertIdentity(identity: NewIdentity, at: Date): Promise<IdentityRecord>;
  getIdentity(id: string): Promise<IdentityRecord | null>;
  /** By Cloud accountId / DC user key, or by DC username. */
  findIdentity(jiraAccountIdOrName: string): Promise<IdentityRecord | null>;
  listIdentities(page: PageRequest): Promise<Page<IdentityRecord>>;
  /**
   * Marks the credential refused. With `sealedCredential`, only while the
   * identity still holds that credential: a relink in between wins.
   */
  markCredentialInvalid(identityId: string, at: Date, sealedCredential?: string): Promise<void>;

  insertToken(token: NewToken): Promise<TokenRecord>;
  findTokenByHash(secretHash: string): Promise<TokenRecord | null>;
  getToken(id: string): Promise<TokenRecord | null>;
  /** Newest first. Revoked and expired tokens only when the filter asks. */
  listTokens(filter: TokenFilter, page: PageRequest, now: Date): Promise<Page<TokenRecord>>;
  /** Revokes a live token; null when it was already revoked or does not exist. */
  revokeToken(id: string, at: Date): Promise<TokenRecord | null>;
  /** Revokes every live token of an identity; answers how many. */
  revokeAllTokens(identityId: string, at: Date): Promise<number>;
  /**
   * Atomically revokes the live token `id` and inserts its replacement; null
   * (and nothing written) when `id` is not live. Two concurrent rotations of
   * one token never both succeed.
   */
  rotateToken(id: string, replacement: NewToken, at: Date): Promise<TokenRecord | null>;
  /**
   * Adds batched use to each token (usage-recorder.ts): counters are added
   * (`requests = requests + n`), so processes sharing the store sum up;
   * last use and each address's last sighting only move forward; each
   * token keeps its `keepIps` most recently seen addresses. One transaction,
   * tokens taken in id order (no deadlock between two processes' batches);
   * a token that no longer exists is skipped.
   */
  addTokenUsage(batch: readonly TokenUsageDelta[], keepIps: number): Promise<void>;
  /** The stored usage of these tokens, by id; a token never used (or unknown) is absent. */
  getTokenUsage(tokenIds: readonly string[]): Promise<Map<string, TokenUsage>>;

  /**
   * A number that grows with every change a token cache must not outlive:
   * revoke, revoke all, rotate, identity upsert (relink), credential refused.
   * Bumped in the same transaction as the change, so every process (CLI,
   * other gateways) sees it; see revocation-feed.ts.
   */
  readRevision(): Promise<number>;

  appendAudit(event: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first. */
  listAudit(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>>;

  /**
   * Claims (scope, key) for a new request, as 'pending': true when this
   * caller now owns it (no row, or only one expired at claim.createdAt, which
   * is replaced); else the existing live record. One statement, so of two
   * processes racing exactly one wins.
   */
  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyClaimResult>;
  /** The record as stored, expired or not (the caller judges expiry by its clock). */
  getIdempotencyKey(scope: string, key: string): Promise<IdempotencyRecord | null>;
  /** pending -> done with the result (JSON text); a record no longer pending is left as it is. */
  completeIdempotencyKey(scope: string, key: string, result: string): Promise<void>;
  /** pending -> unknown (Jira's outcome is unknown; a retry must not write again). */
  markIdempotencyUnknown(scope: string, key: string): Promise<void>;
  /** Deletes a pending claim whose write certainly did not happen (Jira refused it), so a corrected retry may run. */
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;
  /** Deletes the records expired at `at` (expiresAt <= at); answers how many. */
  pruneIdempotencyKeys(at: Date): Promise<number>;
}
