/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query PageAdminTokens($identityId: ID, $includeRevoked: Boolean, $includeExpired: Boolean) {\n  admin {\n    identities(first: 100) {\n      edges {\n        node {\n          id\n          displayName\n          jiraName\n          jiraAccountId\n        }\n      }\n    }\n    accessTokens(\n      first: 100\n      identityId: $identityId\n      includeRevoked: $includeRevoked\n      includeExpired: $includeExpired\n    ) {\n      edges {\n        node {\n          ...PageTokenFields\n        }\n      }\n    }\n  }\n}": typeof types.PageAdminTokensDocument,
    "query PageAuditLog($first: Int, $after: String, $action: String, $actorId: ID) {\n  admin {\n    auditLog(first: $first, after: $after, action: $action, actorId: $actorId) {\n      edges {\n        node {\n          id\n          at\n          actorId\n          action\n          targetType\n          targetId\n          ip\n          details\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.PageAuditLogDocument,
    "mutation PageCreateToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n    }\n  }\n}": typeof types.PageCreateTokenDocument,
    "query PageMe {\n  viewer {\n    user {\n      displayName\n    }\n    token {\n      id\n      scopes\n      expiresAt\n    }\n  }\n}": typeof types.PageMeDocument,
    "query PageMyTokens($includeRevoked: Boolean) {\n  viewer {\n    accessTokens(first: 100, includeRevoked: $includeRevoked) {\n      edges {\n        node {\n          ...PageTokenFields\n        }\n      }\n    }\n  }\n}\n\nfragment PageTokenFields on AccessToken {\n  id\n  identityId\n  kind\n  name\n  scopes\n  projects\n  allowedIps\n  createdAt\n  expiresAt\n  expiresSoon\n  lastUsedAt\n  lastUsedIp\n  revokedAt\n  usage {\n    requests\n    points\n    errors\n  }\n}": typeof types.PageMyTokensDocument,
    "mutation PageRevokeToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}": typeof types.PageRevokeTokenDocument,
    "mutation PageRotateToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n    }\n  }\n}": typeof types.PageRotateTokenDocument,
    "mutation PageSignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      expiresAt\n    }\n  }\n}": typeof types.PageSignInDocument,
    "query PageTokenForm {\n  tokenPolicy {\n    mayCreateTokens\n    refusal\n    allowedScopes\n    maxLifetimeDays\n    requireProjects\n    projects(first: 100) {\n      edges {\n        node {\n          key\n          name\n        }\n      }\n    }\n  }\n}": typeof types.PageTokenFormDocument,
};
const documents: Documents = {
    "query PageAdminTokens($identityId: ID, $includeRevoked: Boolean, $includeExpired: Boolean) {\n  admin {\n    identities(first: 100) {\n      edges {\n        node {\n          id\n          displayName\n          jiraName\n          jiraAccountId\n        }\n      }\n    }\n    accessTokens(\n      first: 100\n      identityId: $identityId\n      includeRevoked: $includeRevoked\n      includeExpired: $includeExpired\n    ) {\n      edges {\n        node {\n          ...PageTokenFields\n        }\n      }\n    }\n  }\n}": types.PageAdminTokensDocument,
    "query PageAuditLog($first: Int, $after: String, $action: String, $actorId: ID) {\n  admin {\n    auditLog(first: $first, after: $after, action: $action, actorId: $actorId) {\n      edges {\n        node {\n          id\n          at\n          actorId\n          action\n          targetType\n          targetId\n          ip\n          details\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.PageAuditLogDocument,
    "mutation PageCreateToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n    }\n  }\n}": types.PageCreateTokenDocument,
    "query PageMe {\n  viewer {\n    user {\n      displayName\n    }\n    token {\n      id\n      scopes\n      expiresAt\n    }\n  }\n}": types.PageMeDocument,
    "query PageMyTokens($includeRevoked: Boolean) {\n  viewer {\n    accessTokens(first: 100, includeRevoked: $includeRevoked) {\n      edges {\n        node {\n          ...PageTokenFields\n        }\n      }\n    }\n  }\n}\n\nfragment PageTokenFields on AccessToken {\n  id\n  identityId\n  kind\n  name\n  scopes\n  projects\n  allowedIps\n  createdAt\n  expiresAt\n  expiresSoon\n  lastUsedAt\n  lastUsedIp\n  revokedAt\n  usage {\n    requests\n    points\n    errors\n  }\n}": types.PageMyTokensDocument,
    "mutation PageRevokeToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}": types.PageRevokeTokenDocument,
    "mutation PageRotateToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n    }\n  }\n}": types.PageRotateTokenDocument,
    "mutation PageSignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      expiresAt\n    }\n  }\n}": types.PageSignInDocument,
    "query PageTokenForm {\n  tokenPolicy {\n    mayCreateTokens\n    refusal\n    allowedScopes\n    maxLifetimeDays\n    requireProjects\n    projects(first: 100) {\n      edges {\n        node {\n          key\n          name\n        }\n      }\n    }\n  }\n}": types.PageTokenFormDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageAdminTokens($identityId: ID, $includeRevoked: Boolean, $includeExpired: Boolean) {\n  admin {\n    identities(first: 100) {\n      edges {\n        node {\n          id\n          displayName\n          jiraName\n          jiraAccountId\n        }\n      }\n    }\n    accessTokens(\n      first: 100\n      identityId: $identityId\n      includeRevoked: $includeRevoked\n      includeExpired: $includeExpired\n    ) {\n      edges {\n        node {\n          ...PageTokenFields\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql.ts').PageAdminTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageAuditLog($first: Int, $after: String, $action: String, $actorId: ID) {\n  admin {\n    auditLog(first: $first, after: $after, action: $action, actorId: $actorId) {\n      edges {\n        node {\n          id\n          at\n          actorId\n          action\n          targetType\n          targetId\n          ip\n          details\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): typeof import('./graphql.ts').PageAuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PageCreateToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n    }\n  }\n}"): typeof import('./graphql.ts').PageCreateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageMe {\n  viewer {\n    user {\n      displayName\n    }\n    token {\n      id\n      scopes\n      expiresAt\n    }\n  }\n}"): typeof import('./graphql.ts').PageMeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageMyTokens($includeRevoked: Boolean) {\n  viewer {\n    accessTokens(first: 100, includeRevoked: $includeRevoked) {\n      edges {\n        node {\n          ...PageTokenFields\n        }\n      }\n    }\n  }\n}\n\nfragment PageTokenFields on AccessToken {\n  id\n  identityId\n  kind\n  name\n  scopes\n  projects\n  allowedIps\n  createdAt\n  expiresAt\n  expiresSoon\n  lastUsedAt\n  lastUsedIp\n  revokedAt\n  usage {\n    requests\n    points\n    errors\n  }\n}"): typeof import('./graphql.ts').PageMyTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PageRevokeToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}"): typeof import('./graphql.ts').PageRevokeTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PageRotateToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n    }\n  }\n}"): typeof import('./graphql.ts').PageRotateTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PageSignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      expiresAt\n    }\n  }\n}"): typeof import('./graphql.ts').PageSignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PageTokenForm {\n  tokenPolicy {\n    mayCreateTokens\n    refusal\n    allowedScopes\n    maxLifetimeDays\n    requireProjects\n    projects(first: 100) {\n      edges {\n        node {\n          key\n          name\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql.ts').PageTokenFormDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
