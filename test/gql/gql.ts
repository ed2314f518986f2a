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
    "mutation AddComment($input: AddCommentInput!) {\n  addComment(input: $input) {\n    clientMutationId\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n      created\n      visibility {\n        type\n        value\n      }\n    }\n    issue {\n      key\n    }\n  }\n}": typeof types.AddCommentDocument,
    "mutation AddWorklog($input: AddWorklogInput!) {\n  addWorklog(input: $input) {\n    clientMutationId\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}": typeof types.AddWorklogDocument,
    "mutation AssignIssue($input: AssignIssueInput!) {\n  assignIssue(input: $input) {\n    issue {\n      key\n      assignee {\n        accountId\n        displayName\n      }\n    }\n  }\n}": typeof types.AssignIssueDocument,
    "mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}": typeof types.CreateAccessTokenDocument,
    "mutation CreateIssue($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    clientMutationId\n    issue {\n      id\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      status {\n        name\n        category\n      }\n      issueType {\n        name\n      }\n      priority {\n        name\n      }\n      assignee {\n        accountId\n        displayName\n      }\n      parent {\n        key\n      }\n      labels\n      dueDate\n      created\n    }\n  }\n}": typeof types.CreateIssueDocument,
    "mutation DeleteComment($input: DeleteCommentInput!) {\n  deleteComment(input: $input) {\n    deletedCommentId\n    issue {\n      key\n      comments(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n}": typeof types.DeleteCommentDocument,
    "mutation DeleteWorklog($input: DeleteWorklogInput!) {\n  deleteWorklog(input: $input) {\n    deletedWorklogId\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}": typeof types.DeleteWorklogDocument,
    "query IssueByKey($key: String!) {\n  issue(key: $key) {\n    id\n    key\n    summary\n    descriptionRich {\n      format\n      text\n    }\n    status {\n      name\n      category\n    }\n    issueType {\n      name\n    }\n    priority {\n      name\n    }\n    assignee {\n      accountId\n      displayName\n    }\n    reporter {\n      displayName\n    }\n    project {\n      key\n      name\n    }\n    created\n    updated\n    labels\n  }\n}": typeof types.IssueByKeyDocument,
    "query IssuesPage($jql: String!, $first: Int, $after: String) {\n  issues(jql: $jql, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        key\n        summary\n        status {\n          name\n          category\n        }\n        assignee {\n          displayName\n        }\n        updated\n      }\n    }\n  }\n}": typeof types.IssuesPageDocument,
    "mutation RevokeAccessToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}": typeof types.RevokeAccessTokenDocument,
    "mutation RotateAccessToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n      rotatedFromId\n    }\n  }\n}": typeof types.RotateAccessTokenDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      kind\n      scopes\n      expiresAt\n    }\n    user {\n      accountId\n      displayName\n    }\n  }\n}": typeof types.SignInDocument,
    "mutation TransitionIssue($input: TransitionIssueInput!) {\n  transitionIssue(input: $input) {\n    transition {\n      id\n      name\n      toStatus\n    }\n    issue {\n      key\n      status {\n        name\n        category\n      }\n      resolution {\n        name\n      }\n    }\n  }\n}": typeof types.TransitionIssueDocument,
    "mutation UpdateComment($input: UpdateCommentInput!) {\n  updateComment(input: $input) {\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      updated\n      visibility {\n        type\n        value\n      }\n    }\n  }\n}": typeof types.UpdateCommentDocument,
    "mutation UpdateIssue($input: UpdateIssueInput!) {\n  updateIssue(input: $input) {\n    issue {\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      priority {\n        name\n      }\n      labels\n      dueDate\n      updated\n    }\n  }\n}": typeof types.UpdateIssueDocument,
    "mutation UpdateWorklog($input: UpdateWorklogInput!) {\n  updateWorklog(input: $input) {\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}": typeof types.UpdateWorklogDocument,
    "query Viewer {\n  viewer {\n    user {\n      accountId\n      displayName\n    }\n    token {\n      id\n      name\n      kind\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}": typeof types.ViewerDocument,
};
const documents: Documents = {
    "mutation AddComment($input: AddCommentInput!) {\n  addComment(input: $input) {\n    clientMutationId\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n      created\n      visibility {\n        type\n        value\n      }\n    }\n    issue {\n      key\n    }\n  }\n}": types.AddCommentDocument,
    "mutation AddWorklog($input: AddWorklogInput!) {\n  addWorklog(input: $input) {\n    clientMutationId\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}": types.AddWorklogDocument,
    "mutation AssignIssue($input: AssignIssueInput!) {\n  assignIssue(input: $input) {\n    issue {\n      key\n      assignee {\n        accountId\n        displayName\n      }\n    }\n  }\n}": types.AssignIssueDocument,
    "mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}": types.CreateAccessTokenDocument,
    "mutation CreateIssue($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    clientMutationId\n    issue {\n      id\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      status {\n        name\n        category\n      }\n      issueType {\n        name\n      }\n      priority {\n        name\n      }\n      assignee {\n        accountId\n        displayName\n      }\n      parent {\n        key\n      }\n      labels\n      dueDate\n      created\n    }\n  }\n}": types.CreateIssueDocument,
    "mutation DeleteComment($input: DeleteCommentInput!) {\n  deleteComment(input: $input) {\n    deletedCommentId\n    issue {\n      key\n      comments(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n}": types.DeleteCommentDocument,
    "mutation DeleteWorklog($input: DeleteWorklogInput!) {\n  deleteWorklog(input: $input) {\n    deletedWorklogId\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}": types.DeleteWorklogDocument,
    "query IssueByKey($key: String!) {\n  issue(key: $key) {\n    id\n    key\n    summary\n    descriptionRich {\n      format\n      text\n    }\n    status {\n      name\n      category\n    }\n    issueType {\n      name\n    }\n    priority {\n      name\n    }\n    assignee {\n      accountId\n      displayName\n    }\n    reporter {\n      displayName\n    }\n    project {\n      key\n      name\n    }\n    created\n    updated\n    labels\n  }\n}": types.IssueByKeyDocument,
    "query IssuesPage($jql: String!, $first: Int, $after: String) {\n  issues(jql: $jql, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        key\n        summary\n        status {\n          name\n          category\n        }\n        assignee {\n          displayName\n        }\n        updated\n      }\n    }\n  }\n}": types.IssuesPageDocument,
    "mutation RevokeAccessToken($id: ID!) {\n  revokeAccessToken(id: $id) {\n    token {\n      id\n      revokedAt\n    }\n  }\n}": types.RevokeAccessTokenDocument,
    "mutation RotateAccessToken($id: ID!) {\n  rotateAccessToken(id: $id) {\n    secret\n    token {\n      id\n      name\n      rotatedFromId\n    }\n  }\n}": types.RotateAccessTokenDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    secret\n    token {\n      id\n      kind\n      scopes\n      expiresAt\n    }\n    user {\n      accountId\n      displayName\n    }\n  }\n}": types.SignInDocument,
    "mutation TransitionIssue($input: TransitionIssueInput!) {\n  transitionIssue(input: $input) {\n    transition {\n      id\n      name\n      toStatus\n    }\n    issue {\n      key\n      status {\n        name\n        category\n      }\n      resolution {\n        name\n      }\n    }\n  }\n}": types.TransitionIssueDocument,
    "mutation UpdateComment($input: UpdateCommentInput!) {\n  updateComment(input: $input) {\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      updated\n      visibility {\n        type\n        value\n      }\n    }\n  }\n}": types.UpdateCommentDocument,
    "mutation UpdateIssue($input: UpdateIssueInput!) {\n  updateIssue(input: $input) {\n    issue {\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      priority {\n        name\n      }\n      labels\n      dueDate\n      updated\n    }\n  }\n}": types.UpdateIssueDocument,
    "mutation UpdateWorklog($input: UpdateWorklogInput!) {\n  updateWorklog(input: $input) {\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}": types.UpdateWorklogDocument,
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
export function graphql(source: "mutation AddComment($input: AddCommentInput!) {\n  addComment(input: $input) {\n    clientMutationId\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n      created\n      visibility {\n        type\n        value\n      }\n    }\n    issue {\n      key\n    }\n  }\n}"): (typeof documents)["mutation AddComment($input: AddCommentInput!) {\n  addComment(input: $input) {\n    clientMutationId\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n      created\n      visibility {\n        type\n        value\n      }\n    }\n    issue {\n      key\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddWorklog($input: AddWorklogInput!) {\n  addWorklog(input: $input) {\n    clientMutationId\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}"): (typeof documents)["mutation AddWorklog($input: AddWorklogInput!) {\n  addWorklog(input: $input) {\n    clientMutationId\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n      author {\n        accountId\n        displayName\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AssignIssue($input: AssignIssueInput!) {\n  assignIssue(input: $input) {\n    issue {\n      key\n      assignee {\n        accountId\n        displayName\n      }\n    }\n  }\n}"): (typeof documents)["mutation AssignIssue($input: AssignIssueInput!) {\n  assignIssue(input: $input) {\n    issue {\n      key\n      assignee {\n        accountId\n        displayName\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"): (typeof documents)["mutation CreateAccessToken($input: CreateAccessTokenInput!) {\n  createAccessToken(input: $input) {\n    secret\n    token {\n      id\n      name\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateIssue($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    clientMutationId\n    issue {\n      id\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      status {\n        name\n        category\n      }\n      issueType {\n        name\n      }\n      priority {\n        name\n      }\n      assignee {\n        accountId\n        displayName\n      }\n      parent {\n        key\n      }\n      labels\n      dueDate\n      created\n    }\n  }\n}"): (typeof documents)["mutation CreateIssue($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    clientMutationId\n    issue {\n      id\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      status {\n        name\n        category\n      }\n      issueType {\n        name\n      }\n      priority {\n        name\n      }\n      assignee {\n        accountId\n        displayName\n      }\n      parent {\n        key\n      }\n      labels\n      dueDate\n      created\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteComment($input: DeleteCommentInput!) {\n  deleteComment(input: $input) {\n    deletedCommentId\n    issue {\n      key\n      comments(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["mutation DeleteComment($input: DeleteCommentInput!) {\n  deleteComment(input: $input) {\n    deletedCommentId\n    issue {\n      key\n      comments(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteWorklog($input: DeleteWorklogInput!) {\n  deleteWorklog(input: $input) {\n    deletedWorklogId\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}"): (typeof documents)["mutation DeleteWorklog($input: DeleteWorklogInput!) {\n  deleteWorklog(input: $input) {\n    deletedWorklogId\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}"];
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
export function graphql(source: "mutation TransitionIssue($input: TransitionIssueInput!) {\n  transitionIssue(input: $input) {\n    transition {\n      id\n      name\n      toStatus\n    }\n    issue {\n      key\n      status {\n        name\n        category\n      }\n      resolution {\n        name\n      }\n    }\n  }\n}"): (typeof documents)["mutation TransitionIssue($input: TransitionIssueInput!) {\n  transitionIssue(input: $input) {\n    transition {\n      id\n      name\n      toStatus\n    }\n    issue {\n      key\n      status {\n        name\n        category\n      }\n      resolution {\n        name\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateComment($input: UpdateCommentInput!) {\n  updateComment(input: $input) {\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      updated\n      visibility {\n        type\n        value\n      }\n    }\n  }\n}"): (typeof documents)["mutation UpdateComment($input: UpdateCommentInput!) {\n  updateComment(input: $input) {\n    comment {\n      id\n      body {\n        format\n        text\n      }\n      updated\n      visibility {\n        type\n        value\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateIssue($input: UpdateIssueInput!) {\n  updateIssue(input: $input) {\n    issue {\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      priority {\n        name\n      }\n      labels\n      dueDate\n      updated\n    }\n  }\n}"): (typeof documents)["mutation UpdateIssue($input: UpdateIssueInput!) {\n  updateIssue(input: $input) {\n    issue {\n      key\n      summary\n      descriptionRich {\n        format\n        text\n      }\n      priority {\n        name\n      }\n      labels\n      dueDate\n      updated\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateWorklog($input: UpdateWorklogInput!) {\n  updateWorklog(input: $input) {\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}"): (typeof documents)["mutation UpdateWorklog($input: UpdateWorklogInput!) {\n  updateWorklog(input: $input) {\n    worklog {\n      id\n      timeSpent\n      timeSpentSeconds\n      started\n      comment {\n        text\n      }\n    }\n    issue {\n      key\n      timeTracking {\n        timeSpentSeconds\n        remainingEstimateSeconds\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    user {\n      accountId\n      displayName\n    }\n    token {\n      id\n      name\n      kind\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    user {\n      accountId\n      displayName\n    }\n    token {\n      id\n      name\n      kind\n      scopes\n      projects\n      allowedIps\n      createdAt\n      expiresAt\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;