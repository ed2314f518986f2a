// Converts between the records of store.ts and table rows: Date <-> epoch
// milliseconds, arrays and audit details <-> JSON text; idempotency records.
import { isScope, type Scope } from '../auth/scopes.ts';
import type {
  AuditEvent,
  IdempotencyRecord,
  IdentityRecord,
  NewAuditEvent,
  NewToken,
  TokenRecord,
} from './store.ts';
import type { AuditEventsTable, IdempotencyKeysTable, IdentitiesTable, TokensTable } from './tables.ts';

export function toMillis(date: Date): number {
  const ms = date.getTime();
  // An Invalid Date would be stored as NULL or NaN and silently break ordering.
  if (!Number.isFinite(ms)) throw new RangeError('token store: invalid Date');
  return ms;
}

function toMillisOrNull(date: Date | null): number | null {
  return date === null ? null : toMillis(date);
}

function fromMillisOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

function parseStringArray(json: string, column: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`token store: ${column} is not a JSON array of strings`);
  }
  return value;
}

function parseStringArrayOrNull(json: string | null, column: string): string[] | null {
  return json === null ? null : parseStringArray(json, column);
}

function stringifyOrNull(values: readonly string[] | null): string | null {
  return values === null ? null : JSON.stringify(values);
}

export function identityFromRow(row: IdentitiesTable): IdentityRecord {
  return {
    id: row.id,
    flavor: row.flavor,
    jiraAccountId: row.jira_account_id,
    jiraName: row.jira_name,
    displayName: row.display_name,
    email: row.email,
    sealedCredential: row.sealed_credential,
    credentialInvalidAt: fromMillisOrNull(row.credential_invalid_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function tokenToRow(id: string, token: NewToken): TokensTable {
  return {
    id,
    identity_id: token.identityId,
    kind: token.kind,
    name: token.name,
    secret_hash: token.secretHash,
    hash_key_id: token.hashKeyId,
    scopes: JSON.stringify(token.scopes),
    projects: stringifyOrNull(token.projects),
    allowed_ips: stringifyOrNull(token.allowedIps),
    created_at: toMillis(token.createdAt),
    expires_at: toMillisOrNull(token.expiresAt),
    last_used_at: null,
    last_used_ip: null,
    revoked_at: null,
    rotated_from_id: token.rotatedFromId,
    created_by_id: token.createdById,
    rate_limit_per_hour: token.rateLimitPerHour ?? null,
    budget_id: token.budgetId ?? id,
  };
}

export function tokenFromRow(row: TokensTable): TokenRecord {
  // A scope no longer in the catalogue grants nothing, so it is dropped
  // rather than failing every request made with the token.
  const scopes: Scope[] = parseStringArray(row.scopes, 'tokens.scopes').filter(isScope);
  return {
    id: row.id,
    identityId: row.identity_id,
    kind: row.kind,
    name: row.name,
    secretHash: row.secret_hash,
    hashKeyId: row.hash_key_id,
    scopes,
    projects: parseStringArrayOrNull(row.projects, 'tokens.projects'),
    allowedIps: parseStringArrayOrNull(row.allowed_ips, 'tokens.allowed_ips'),
    createdAt: new Date(row.created_at),
    expiresAt: fromMillisOrNull(row.expires_at),
    lastUsedAt: fromMillisOrNull(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    revokedAt: fromMillisOrNull(row.revoked_at),
    rotatedFromId: row.rotated_from_id,
    createdById: row.created_by_id,
    // bigint on PostgreSQL may come back as a string.
    rateLimitPerHour: row.rate_limit_per_hour === null ? null : Number(row.rate_limit_per_hour),
    budgetId: row.budget_id ?? row.id,
  };
}

export function auditToRow(id: string, event: NewAuditEvent): AuditEventsTable {
  return {
    id,
    at: toMillis(event.at),
    actor_id: event.actorId,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId,
    ip: event.ip,
    details: JSON.stringify(event.details),
  };
}

export function auditFromRow(row: AuditEventsTable): AuditEvent {
  const details: unknown = JSON.parse(row.details);
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    throw new Error('token store: audit_events.details is not a JSON object');
  }
  return {
    id: row.id,
    at: new Date(row.at),
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    details: details as Record<string, unknown>,
  };
}

export function idempotencyFromRow(row: IdempotencyKeysTable): IdempotencyRecord {
  return {
    scope: row.scope,
    key: row.key,
    operation: row.operation,
    requestHash: row.request_hash,
    state: row.state,
    result: row.result,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}
