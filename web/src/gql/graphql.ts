/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type CreateAccessTokenInput = {
  /** Restrict the token to these IPv4/IPv6 CIDRs. */
  allowedIps?: Array<string> | null | undefined;
  /** Defaults to the policy's longest lifetime (JGG_TOKEN_MAX_DAYS, 365 days by default). */
  expiresAt?: string | null | undefined;
  name: string;
  /** Restrict the token to these project keys. */
  projects?: Array<string> | null | undefined;
  /** Points per hour, from 1 to the operator's default (JGG_RATE_LIMIT_PER_HOUR): a token's budget can only be narrowed. Defaults to the calling token's own limit if it has one, else the operator's default. A token made by a budget-limited token spends its maker's budget. */
  rateLimitPerHour?: number | null | undefined;
  scopes: Array<string>;
};

export type SignInInput = {
  /** Cloud only: the email address of the Atlassian account. */
  email?: string | null | undefined;
  /** Data Center: a Jira personal access token. Cloud: an Atlassian API token (with email). */
  jiraToken: string;
};

export type PageAdminTokensQueryVariables = Exact<{
  identityId?: string | number | null | undefined;
  includeRevoked?: boolean | null | undefined;
  includeExpired?: boolean | null | undefined;
}>;


export type PageAdminTokensQuery = { admin: { identities: { edges: Array<{ node: { id: string, displayName: string, jiraName: string | null, jiraAccountId: string } }> }, accessTokens: { edges: Array<{ node: { id: string, identityId: string, kind: string, name: string, scopes: Array<string>, projects: Array<string> | null, allowedIps: Array<string> | null, createdAt: string, expiresAt: string | null, expiresSoon: boolean, lastUsedAt: string | null, lastUsedIp: string | null, revokedAt: string | null, usage: { requests: number, points: number, errors: number } | null } }> } } };

export type PageAuditLogQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  action?: string | null | undefined;
  actorId?: string | number | null | undefined;
}>;


export type PageAuditLogQuery = { admin: { auditLog: { edges: Array<{ node: { id: string, at: string, actorId: string | null, action: string, targetType: string, targetId: string, ip: string | null, details: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type PageCreateTokenMutationVariables = Exact<{
  input: CreateAccessTokenInput;
}>;


export type PageCreateTokenMutation = { createAccessToken: { secret: string, token: { id: string, name: string } } };

export type PageMeQueryVariables = Exact<{ [key: string]: never; }>;


export type PageMeQuery = { viewer: { user: { displayName: string }, token: { id: string, scopes: Array<string>, expiresAt: string | null } } };

export type PageMyTokensQueryVariables = Exact<{
  includeRevoked?: boolean | null | undefined;
}>;


export type PageMyTokensQuery = { viewer: { accessTokens: { edges: Array<{ node: { id: string, identityId: string, kind: string, name: string, scopes: Array<string>, projects: Array<string> | null, allowedIps: Array<string> | null, createdAt: string, expiresAt: string | null, expiresSoon: boolean, lastUsedAt: string | null, lastUsedIp: string | null, revokedAt: string | null, usage: { requests: number, points: number, errors: number } | null } }> } } };

export type PageTokenFieldsFragment = { id: string, identityId: string, kind: string, name: string, scopes: Array<string>, projects: Array<string> | null, allowedIps: Array<string> | null, createdAt: string, expiresAt: string | null, expiresSoon: boolean, lastUsedAt: string | null, lastUsedIp: string | null, revokedAt: string | null, usage: { requests: number, points: number, errors: number } | null };

export type PageRevokeTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type PageRevokeTokenMutation = { revokeAccessToken: { token: { id: string, revokedAt: string | null } } };

export type PageRotateTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type PageRotateTokenMutation = { rotateAccessToken: { secret: string, token: { id: string, name: string } } };

export type PageSignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type PageSignInMutation = { signIn: { secret: string, token: { id: string, expiresAt: string | null } } };

export type PageTokenFormQueryVariables = Exact<{ [key: string]: never; }>;


export type PageTokenFormQuery = { tokenPolicy: { mayCreateTokens: boolean, refusal: string | null, allowedScopes: Array<string>, maxLifetimeDays: number, requireProjects: boolean, projects: { edges: Array<{ node: { key: string, name: string } }> } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PageTokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageTokenFields on AccessToken {
  id
  identityId
  kind
  name
  scopes
  projects
  allowedIps
  createdAt
  expiresAt
  expiresSoon
  lastUsedAt
  lastUsedIp
  revokedAt
  usage {
    requests
    points
    errors
  }
}
    `, {"fragmentName":"PageTokenFields"}) as unknown as TypedDocumentString<PageTokenFieldsFragment, unknown>;
export const PageAdminTokensDocument = new TypedDocumentString(`
    query PageAdminTokens($identityId: ID, $includeRevoked: Boolean, $includeExpired: Boolean) {
  admin {
    identities(first: 100) {
      edges {
        node {
          id
          displayName
          jiraName
          jiraAccountId
        }
      }
    }
    accessTokens(
      first: 100
      identityId: $identityId
      includeRevoked: $includeRevoked
      includeExpired: $includeExpired
    ) {
      edges {
        node {
          ...PageTokenFields
        }
      }
    }
  }
}
    fragment PageTokenFields on AccessToken {
  id
  identityId
  kind
  name
  scopes
  projects
  allowedIps
  createdAt
  expiresAt
  expiresSoon
  lastUsedAt
  lastUsedIp
  revokedAt
  usage {
    requests
    points
    errors
  }
}`) as unknown as TypedDocumentString<PageAdminTokensQuery, PageAdminTokensQueryVariables>;
export const PageAuditLogDocument = new TypedDocumentString(`
    query PageAuditLog($first: Int, $after: String, $action: String, $actorId: ID) {
  admin {
    auditLog(first: $first, after: $after, action: $action, actorId: $actorId) {
      edges {
        node {
          id
          at
          actorId
          action
          targetType
          targetId
          ip
          details
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PageAuditLogQuery, PageAuditLogQueryVariables>;
export const PageCreateTokenDocument = new TypedDocumentString(`
    mutation PageCreateToken($input: CreateAccessTokenInput!) {
  createAccessToken(input: $input) {
    secret
    token {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<PageCreateTokenMutation, PageCreateTokenMutationVariables>;
export const PageMeDocument = new TypedDocumentString(`
    query PageMe {
  viewer {
    user {
      displayName
    }
    token {
      id
      scopes
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<PageMeQuery, PageMeQueryVariables>;
export const PageMyTokensDocument = new TypedDocumentString(`
    query PageMyTokens($includeRevoked: Boolean) {
  viewer {
    accessTokens(first: 100, includeRevoked: $includeRevoked) {
      edges {
        node {
          ...PageTokenFields
        }
      }
    }
  }
}
    fragment PageTokenFields on AccessToken {
  id
  identityId
  kind
  name
  scopes
  projects
  allowedIps
  createdAt
  expiresAt
  expiresSoon
  lastUsedAt
  lastUsedIp
  revokedAt
  usage {
    requests
    points
    errors
  }
}`) as unknown as TypedDocumentString<PageMyTokensQuery, PageMyTokensQueryVariables>;
export const PageRevokeTokenDocument = new TypedDocumentString(`
    mutation PageRevokeToken($id: ID!) {
  revokeAccessToken(id: $id) {
    token {
      id
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<PageRevokeTokenMutation, PageRevokeTokenMutationVariables>;
export const PageRotateTokenDocument = new TypedDocumentString(`
    mutation PageRotateToken($id: ID!) {
  rotateAccessToken(id: $id) {
    secret
    token {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<PageRotateTokenMutation, PageRotateTokenMutationVariables>;
export const PageSignInDocument = new TypedDocumentString(`
    mutation PageSignIn($input: SignInInput!) {
  signIn(input: $input) {
    secret
    token {
      id
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<PageSignInMutation, PageSignInMutationVariables>;
export const PageTokenFormDocument = new TypedDocumentString(`
    query PageTokenForm {
  tokenPolicy {
    mayCreateTokens
    refusal
    allowedScopes
    maxLifetimeDays
    requireProjects
    projects(first: 100) {
      edges {
        node {
          key
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PageTokenFormQuery, PageTokenFormQueryVariables>;