/* eslint-disable */
import * as types from './graphql.ts';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}": typeof types.CreateAccessTokenDocument,
    "query IssueByKey($key: String!) {\n  issue(key: $key) {\n    id\n    key\n    summary\n    descriptionRich {\n      format\n      text\n    }\n    status {\n      name\n      category\n    }\n    issueType {\n      name\n    }\n    priority {\n      name\n    }\n    assignee {\n      accountId\n      displayName\n    }\n    reporter {\n      displayName\n    }\n    project {\n      key\n      name\n    }\n    created\n    updated\n    labels\n  }\n}": typeof types.IssueByKeyDocument,
    "query IssuesPage($jql: String!, $first: Int, $after: String) {\n  issues(jql: $jql, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        key\n        summary\n        status {\n          name\n          category\n        }\n        assignee {\n          displayName\n        }\n        updated\n      }\n    }\n  }\n}": typeof types.IssuesPageDocument,
    "mutation RevokeAccessToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}": typeof types.RevokeAccessTokenDocument,
    "mutation RotateAccessToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n      rotatedFromId\n    }\n  }\n}": typeof types.RotateAccessTokenDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      kind\n      scopes\n      expiresAt\n    }\n    user {\n      accountId\n      displayName\n    }\n  }\n}": typeof types.SignInDocument,
    "query Viewer {\n  viewer {\n    user {\n      accountId\n      displayName\n    }\n    token {\n      id\n      name\n      kind\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}": typeof types.ViewerDocument,
};
const documents: Documents = {
    "mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}": types.CreateAccessTokenDocument,
    "query IssueByKey($key: String!) {\n  issue(key: $key) {\n    id\n    key\n    summary\n    descriptionRich {\n      format\n      text\n    }\n    status {\n      name\n      category\n    }\n    issueType {\n      name\n    }\n    priority {\n      name\n    }\n    assignee {\n      accountId\n      displayName\n    }\n    reporter {\n      displayName\n    }\n    project {\n      key\n      name\n    }\n    created\n    updated\n    labels\n  }\n}": types.IssueByKeyDocument,
    "query IssuesPage($jql: String!, $first: Int, $after: String) {\n  issues(jql: $jql, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        key\n        summary\n        status {\n          name\n          category\n        }\n        assignee {\n          displayName\n        }\n        updated\n      }\n    }\n  }\n}": types.IssuesPageDocument,
    "mutation RevokeAccessToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}": types.RevokeAccessTokenDocument,
    "mutation RotateAccessToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n      rotatedFromId\n    }\n  }\n}": types.RotateAccessTokenDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      kind\n      scopes\n      expiresAt\n    }\n    user {\n      accountId\n      displayName\n    }\n  }\n}": types.SignInDocument,
    "query Viewer {\n  viewer {\n    user {\n      accountId\n      displayName\n    }\n    token {\n      id\n      name\n      kind\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"): (typeof documents)["mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query IssueByKey($key: String!) {\n  issue(key: $key) {\n    id\n    key\n    summary\n    descriptionRich {\n      format\n      text\n    }\n    status {\n      name\n      category\n    }\n    issueType {\n      name\n    }\n    priority {\n      name\n    }\n    assignee {\n      accountId\n      displayName\n    }\n    reporter {\n      displayName\n    }\n    project {\n      key\n      name\n    }\n    created\n    updated\n    labels\n  }\n}"): (typeof documents)["query IssueByKey($key: String!) {\n  issue(key: $key) {\n    id\n    key\n    summary\n    descriptionRich {\n      format\n      text\n    }\n    status {\n      name\n      category\n    }\n    issueType {\n      name\n    }\n    priority {\n      name\n    }\n    assignee {\n      accountId\n      displayName\n    }\n    reporter {\n      displayName\n    }\n    project {\n      key\n      name\n    }\n    created\n    updated\n    labels\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query IssuesPage($jql: String!, $first: Int, $after: String) {\n  issues(jql: $jql, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        key\n        summary\n        status {\n          name\n          category\n        }\n        assignee {\n          displayName\n        }\n        updated\n      }\n    }\n  }\n}"): (typeof documents)["query IssuesPage($jql: String!, $first: Int, $after: String) {\n  issues(jql: $jql, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        key\n        summary\n        status {\n          name\n          category\n        }\n        assignee {\n          displayName\n        }\n        updated\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeAccessToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}"): (typeof documents)["mutation RevokeAccessToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RotateAccessToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n      rotatedFromId\n    }\n  }\n}"): (typeof documents)["mutation RotateAccessToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n      rotatedFromId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      kind\n      scopes\n      expiresAt\n    }\n    user {\n      accountId\n      displayName\n    }\n  }\n}"): (typeof documents)["mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      kind\n      scopes\n      expiresAt\n    }\n    user {\n      accountId\n      displayName\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    user {\n      accountId\n      displayName\n    }\n    token {\n      id\n      name\n      kind\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    user {\n      accountId\n      displayName\n    }\n    token {\n      id\n      name\n      kind\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;