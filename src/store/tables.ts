// The tables as Kysely sees them. Dates are epoch milliseconds and arrays /
// audit details are JSON text in both SQLite and PostgreSQL, so the store has
// one code path (see rows.ts for the conversion to the records of store.ts).
import type { JiraFlavor } from '../jira/types.ts';
import type { AuditTargetType, IdempotencyState, TokenKind } from './store.ts';

export interface IdentitiesTable {
  id: string;
  flavor: JiraFlavor;
  jira_account_id: string;
  jira_name: string | null;
  display_name: string;
  email: string | null;
  sealed_credential: string;
  credential_invalid_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface TokensTable {
  id: string;
  identity_id: string;
  kind: TokenKind;
  name: string;
  secret_hash: string;
  hash_key_id: string;
  /** JSON array of scope names. */
  scopes: string;
  /** JSON array of project keys, or null (unrestricted). */
  projects: string | null;
  /** JSON array of CIDRs, or null (anywhere). */
  allowed_ips: string | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  last_used_ip: string | null;
  revoked_at: number | null;
  rotated_from_id: string | null;
  created_by_id: string | null;
  /** Points per hour; null: the operator's default. */
  rate_limit_per_hour: number | null;
  /** The budget it spends; null for tokens made before 0007 (their own id). */
  budget_id: string | null;
}

export interface AuditEventsTable {
  id: string;
  at: number;
  actor_id: string | null;
  action: string;
  target_type: AuditTargetType;
  target_id: string;
  ip: string | null;
  /** JSON object. */
  details: string;
}

/** One row (id 1): a counter bumped with every change token caches must see. */
export interface RevisionTable {
  id: number;
  revision: number;
}

/** One creating mutation sent with an idempotency key; primary key (scope, key). */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  operation: string;
  request_hash: string;
  state: IdempotencyState;
  /** JSON text of the first result; null until 'done'. */
  result: string | null;
  created_at: number;
  expires_at: number;
}

/** A token's usage counters (usage-recorder.ts adds to them in batches); one row per used token. */
export interface TokenUsageTable {
  token_id: string;
  requests: number;
  points: number;
  errors: number;
}

/** The addresses a token was used from, primary key (token_id, ip); pruned to the newest few. */
export interface TokenRecentIpsTable {
  token_id: string;
  ip: string;
  last_seen_at: number;
}

export interface Database {
  identities: IdentitiesTable;
  tokens: TokensTable;
  audit_events: AuditEventsTable;
  jgg_revision: RevisionTable;
  idempotency_keys: IdempotencyKeysTable;
  token_usage: TokenUsageTable;
  token_recent_ips: TokenRecentIpsTable;
}
