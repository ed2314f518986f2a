/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AddCommentInput = {
  body: RichTextInput;
  /** An idempotency key: a retry within 24 h with the same key and input returns the first comment. */
  clientMutationId?: string | null | undefined;
  /** The issue's key. */
  key: string;
  /** Left out or null: everyone who sees the issue sees the comment. */
  visibility?: CommentVisibilityInput | null | undefined;
};

export type AddWorklogEstimateInput = {
  mode: EstimateAdjustment;
  /** The new remaining estimate (NEW). A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults). */
  newEstimate?: string | null | undefined;
  /** How much to take off the estimate (MANUAL). A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults). */
  reduceBy?: string | null | undefined;
};

export type AddWorklogInput = {
  /** Left out: AUTO. */
  adjustEstimate?: AddWorklogEstimateInput | null | undefined;
  /** An idempotency key: a retry within 24 h with the same key and input returns the first worklog. */
  clientMutationId?: string | null | undefined;
  /** What was done. */
  comment?: RichTextInput | null | undefined;
  /** The issue's key. */
  key: string;
  /** When the work started; now when left out. */
  started?: string | null | undefined;
  /** Give this or timeSpentSeconds. A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults). */
  timeSpent?: string | null | undefined;
  /** Give this or timeSpent. */
  timeSpentSeconds?: number | null | undefined;
};

export type AssignIssueInput = {
  /** accountId on Cloud; username or user key on Data Center. null (or left out) unassigns. */
  assignee?: string | null | undefined;
  clientMutationId?: string | null | undefined;
  key: string;
};

/** Restricts a comment to the members of a project role of the issue (e.g. Developers) or of a group (e.g. jira-software-users). Jira refuses a role or group the caller is not in. */
export type CommentVisibilityInput = {
  type: CommentVisibilityType;
  /** The role's or the group's name. */
  value: string;
};

/** What a comment is restricted to: a project role of the issue, or a group. */
export type CommentVisibilityType =
  | 'GROUP'
  | 'ROLE';

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

export type CreateIssueInput = {
  /** accountId on Cloud; username or user key on Data Center. null leaves it unassigned. */
  assignee?: string | null | undefined;
  /** An idempotency key: a retry within 24 h with the same key and input returns the first result. */
  clientMutationId?: string | null | undefined;
  /** Component names; replaces the components. */
  components?: Array<string> | null | undefined;
  customFields?: Array<CustomFieldValueInput> | null | undefined;
  description?: RichTextInput | null | undefined;
  dueDate?: string | null | undefined;
  /** Version names; replaces the fix versions. */
  fixVersions?: Array<string> | null | undefined;
  /** An issue type name (Task, Bug, Sub-task...) or id. */
  issueType: string;
  /** Replaces the labels (no spaces in a label). */
  labels?: Array<string> | null | undefined;
  /** The parent issue's key (a sub-task's parent). */
  parent?: string | null | undefined;
  /** A priority name (or id). */
  priority?: string | null | undefined;
  projectKey: string;
  summary: string;
};

/** A custom field's new value, naming the field by id (customfield_10010) or by name. Values take the field's simplest form: a number, a string, an option value ("High") or a list of them, a user (accountId on Cloud, username or user key on Data Center), an issue key (Epic Link), a sprint id, a date (yyyy-mm-dd), or Jira's own JSON for other types (refused for a token restricted to projects, as the gateway cannot check where it points). null clears the field. */
export type CustomFieldValueInput = {
  id?: string | null | undefined;
  name?: string | null | undefined;
  value?: unknown;
};

export type DeleteCommentInput = {
  clientMutationId?: string | null | undefined;
  /** The comment's id. */
  id: string | number;
  /** The issue's key. */
  key: string;
};

export type DeleteWorklogEstimateInput = {
  /** How much to add to the estimate (MANUAL). A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults). */
  increaseBy?: string | null | undefined;
  mode: EstimateAdjustment;
  /** The new remaining estimate (NEW). A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults). */
  newEstimate?: string | null | undefined;
};

export type DeleteWorklogInput = {
  /** Left out: AUTO (the time logged goes back to the estimate). */
  adjustEstimate?: DeleteWorklogEstimateInput | null | undefined;
  clientMutationId?: string | null | undefined;
  /** The worklog's id. */
  id: string | number;
  /** The issue's key. */
  key: string;
};

/** How Jira moves the remaining estimate when a worklog is edited (Jira's edit has no manual mode). */
export type EditEstimateAdjustment =
  | 'AUTO'
  | 'LEAVE'
  | 'NEW';

/** How Jira moves the issue's remaining estimate: AUTO by the time logged (the default), LEAVE it, set a NEW one (newEstimate), or MANUAL by an amount (reduceBy when logging, increaseBy when deleting). */
export type EstimateAdjustment =
  | 'AUTO'
  | 'LEAVE'
  | 'MANUAL'
  | 'NEW';

/** Fields to set. A field left out is unchanged; null clears it (summary cannot be cleared). */
export type IssueFieldsInput = {
  /** accountId on Cloud; username or user key on Data Center. null leaves it unassigned. */
  assignee?: string | null | undefined;
  /** Component names; replaces the components. */
  components?: Array<string> | null | undefined;
  customFields?: Array<CustomFieldValueInput> | null | undefined;
  description?: RichTextInput | null | undefined;
  dueDate?: string | null | undefined;
  /** Version names; replaces the fix versions. */
  fixVersions?: Array<string> | null | undefined;
  /** Replaces the labels (no spaces in a label). */
  labels?: Array<string> | null | undefined;
  /** The parent issue's key (a sub-task's parent). */
  parent?: string | null | undefined;
  /** A priority name (or id). */
  priority?: string | null | undefined;
  summary?: string | null | undefined;
};

/** Rich text for a write: set exactly one field. text and markdown become wiki markup on Data Center and Atlassian Document Format on Cloud; wiki is sent as is (on Cloud through its /rest/api/2, which converts it); adf is a raw ADF document (Cloud only). */
export type RichTextInput = {
  /** An Atlassian Document Format document (Cloud). */
  adf?: unknown;
  /** CommonMark / GitHub-flavoured Markdown. */
  markdown?: string | null | undefined;
  /** Plain text: nothing in it is markup. */
  text?: string | null | undefined;
  /** Jira wiki markup, sent as is. */
  wiki?: string | null | undefined;
};

export type SignInInput = {
  /** Cloud only: the email address of the Atlassian account. */
  email?: string | null | undefined;
  /** Data Center: a Jira personal access token. Cloud: an Atlassian API token (with email). */
  jiraToken: string;
};

export type TransitionIssueInput = {
  clientMutationId?: string | null | undefined;
  comment?: RichTextInput | null | undefined;
  /** Fields the transition's screen sets. */
  fields?: IssueFieldsInput | null | undefined;
  key: string;
  /** A resolution name (or id), for a transition into Done. */
  resolution?: string | null | undefined;
  /** A transition's id, its name, or the name of the status it leads to (case does not matter). */
  to: string;
};

export type UpdateCommentInput = {
  /** The new body; left out, it is unchanged. */
  body?: RichTextInput | null | undefined;
  clientMutationId?: string | null | undefined;
  /** The comment's id. */
  id: string | number;
  /** The issue's key. */
  key: string;
  /** The new restriction; left out, it is unchanged; null removes it. */
  visibility?: CommentVisibilityInput | null | undefined;
};

export type UpdateIssueInput = {
  addLabels?: Array<string> | null | undefined;
  clientMutationId?: string | null | undefined;
  key: string;
  removeLabels?: Array<string> | null | undefined;
  set?: IssueFieldsInput | null | undefined;
};

export type UpdateWorklogEstimateInput = {
  mode: EditEstimateAdjustment;
  /** The new remaining estimate (NEW). A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults). */
  newEstimate?: string | null | undefined;
};

/** What to change; a field left out (or null) is unchanged. */
export type UpdateWorklogInput = {
  /** Left out: AUTO. */
  adjustEstimate?: UpdateWorklogEstimateInput | null | undefined;
  clientMutationId?: string | null | undefined;
  comment?: RichTextInput | null | undefined;
  /** The worklog's id. */
  id: string | number;
  /** The issue's key. */
  key: string;
  started?: string | null | undefined;
  /** At most one of this and timeSpentSeconds. A Jira duration, e.g. '1h 30m', '2d' or '1.5h' (1d = 8h and 1w = 5d by Jira's defaults). */
  timeSpent?: string | null | undefined;
  timeSpentSeconds?: number | null | undefined;
};

export type AddCommentMutationVariables = Exact<{
  input: AddCommentInput;
}>;


export type AddCommentMutation = { addComment: { clientMutationId: string | null, comment: { id: string, created: string, body: { format: string, text: string }, author: { accountId: string, displayName: string } | null, visibility: { type: CommentVisibilityType, value: string } | null }, issue: { key: string } | null } };

export type AddWorklogMutationVariables = Exact<{
  input: AddWorklogInput;
}>;


export type AddWorklogMutation = { addWorklog: { clientMutationId: string | null, worklog: { id: string, timeSpent: string, timeSpentSeconds: number, started: string, comment: { text: string } | null, author: { accountId: string, displayName: string } | null }, issue: { key: string, timeTracking: { timeSpentSeconds: number | null, remainingEstimateSeconds: number | null } | null } | null } };

export type AssignIssueMutationVariables = Exact<{
  input: AssignIssueInput;
}>;


export type AssignIssueMutation = { assignIssue: { issue: { key: string, assignee: { accountId: string, displayName: string } | null } | null } };

export type CreateAccessTokenMutationVariables = Exact<{
  input: CreateAccessTokenInput;
}>;


export type CreateAccessTokenMutation = { createAccessToken: { secret: string, token: { id: string, name: string, scopes: Array<string>, projects: Array<string> | null, allowedIps: Array<string> | null, createdAt: string, expiresAt: string | null } } };

export type CreateIssueMutationVariables = Exact<{
  input: CreateIssueInput;
}>;


export type CreateIssueMutation = { createIssue: { clientMutationId: string | null, issue: { id: string, key: string, summary: string, labels: Array<string>, dueDate: string | null, created: string, descriptionRich: { format: string, text: string } | null, status: { name: string, category: string }, issueType: { name: string }, priority: { name: string } | null, assignee: { accountId: string, displayName: string } | null, parent: { key: string } | null } | null } };

export type DeleteCommentMutationVariables = Exact<{
  input: DeleteCommentInput;
}>;


export type DeleteCommentMutation = { deleteComment: { deletedCommentId: string, issue: { key: string, comments: { totalCount: number, edges: Array<{ node: { id: string } }> } | null } | null } };

export type DeleteWorklogMutationVariables = Exact<{
  input: DeleteWorklogInput;
}>;


export type DeleteWorklogMutation = { deleteWorklog: { deletedWorklogId: string, issue: { key: string, timeTracking: { timeSpentSeconds: number | null, remainingEstimateSeconds: number | null } | null } | null } };

export type IssueByKeyQueryVariables = Exact<{
  key: string;
}>;


export type IssueByKeyQuery = { issue: { id: string, key: string, summary: string, created: string, updated: string, labels: Array<string>, descriptionRich: { format: string, text: string } | null, status: { name: string, category: string }, issueType: { name: string }, priority: { name: string } | null, assignee: { accountId: string, displayName: string } | null, reporter: { displayName: string } | null, project: { key: string, name: string } } | null };

export type IssuesPageQueryVariables = Exact<{
  jql: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type IssuesPageQuery = { issues: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { key: string, summary: string, updated: string, status: { name: string, category: string }, assignee: { displayName: string } | null } }> } };

export type RevokeAccessTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeAccessTokenMutation = { revokeAccessToken: { token: { id: string, revokedAt: string | null } } };

export type RotateAccessTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateAccessTokenMutation = { rotateAccessToken: { secret: string, token: { id: string, name: string, rotatedFromId: string | null } } };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn: { secret: string, token: { id: string, kind: string, scopes: Array<string>, expiresAt: string | null }, user: { accountId: string, displayName: string } } };

export type TransitionIssueMutationVariables = Exact<{
  input: TransitionIssueInput;
}>;


export type TransitionIssueMutation = { transitionIssue: { transition: { id: string, name: string, toStatus: string }, issue: { key: string, status: { name: string, category: string }, resolution: { name: string } | null } | null } };

export type UpdateCommentMutationVariables = Exact<{
  input: UpdateCommentInput;
}>;


export type UpdateCommentMutation = { updateComment: { comment: { id: string, updated: string, body: { format: string, text: string }, visibility: { type: CommentVisibilityType, value: string } | null } } };

export type UpdateIssueMutationVariables = Exact<{
  input: UpdateIssueInput;
}>;


export type UpdateIssueMutation = { updateIssue: { issue: { key: string, summary: string, labels: Array<string>, dueDate: string | null, updated: string, descriptionRich: { format: string, text: string } | null, priority: { name: string } | null } | null } };

export type UpdateWorklogMutationVariables = Exact<{
  input: UpdateWorklogInput;
}>;


export type UpdateWorklogMutation = { updateWorklog: { worklog: { id: string, timeSpent: string, timeSpentSeconds: number, started: string, comment: { text: string } | null }, issue: { key: string, timeTracking: { timeSpentSeconds: number | null, remainingEstimateSeconds: number | null } | null } | null } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { user: { accountId: string, displayName: string }, token: { id: string, name: string, kind: string, scopes: Array<string>, projects: Array<string> | null, allowedIps: Array<string> | null, createdAt: string, expiresAt: string | null } } };


export const AddCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddCommentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientMutationId"}},{"kind":"Field","name":{"kind":"Name","value":"comment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]} as unknown as DocumentNode<AddCommentMutation, AddCommentMutationVariables>;
export const AddWorklogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddWorklog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddWorklogInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addWorklog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientMutationId"}},{"kind":"Field","name":{"kind":"Name","value":"worklog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpent"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"started"}},{"kind":"Field","name":{"kind":"Name","value":"comment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"timeTracking"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"remainingEstimateSeconds"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AddWorklogMutation, AddWorklogMutationVariables>;
export const AssignIssueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignIssue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignIssueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignIssue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AssignIssueMutation, AssignIssueMutationVariables>;
export const CreateAccessTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAccessToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAccessTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAccessToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"projects"}},{"kind":"Field","name":{"kind":"Name","value":"allowedIps"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<CreateAccessTokenMutation, CreateAccessTokenMutationVariables>;
export const CreateIssueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateIssue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateIssueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createIssue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientMutationId"}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"descriptionRich"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"issueType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"priority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"dueDate"}},{"kind":"Field","name":{"kind":"Name","value":"created"}}]}}]}}]}}]} as unknown as DocumentNode<CreateIssueMutation, CreateIssueMutationVariables>;
export const DeleteCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteCommentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedCommentId"}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"comments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeleteCommentMutation, DeleteCommentMutationVariables>;
export const DeleteWorklogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWorklog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteWorklogInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWorklog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedWorklogId"}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"timeTracking"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"remainingEstimateSeconds"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeleteWorklogMutation, DeleteWorklogMutationVariables>;
export const IssueByKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IssueByKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"descriptionRich"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"issueType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"priority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reporter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}}]}}]} as unknown as DocumentNode<IssueByKeyQuery, IssueByKeyQueryVariables>;
export const IssuesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IssuesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jql"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jql"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jql"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]}}]}}]}}]} as unknown as DocumentNode<IssuesPageQuery, IssuesPageQueryVariables>;
export const RevokeAccessTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeAccessToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeAccessToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]}}]} as unknown as DocumentNode<RevokeAccessTokenMutation, RevokeAccessTokenMutationVariables>;
export const RotateAccessTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateAccessToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateAccessToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rotatedFromId"}}]}}]}}]}}]} as unknown as DocumentNode<RotateAccessTokenMutation, RotateAccessTokenMutationVariables>;
export const SignInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<SignInMutation, SignInMutationVariables>;
export const TransitionIssueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TransitionIssue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TransitionIssueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transitionIssue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resolution"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TransitionIssueMutation, TransitionIssueMutationVariables>;
export const UpdateCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateCommentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"visibility"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateCommentMutation, UpdateCommentMutationVariables>;
export const UpdateIssueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateIssue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateIssueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateIssue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"descriptionRich"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"priority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"dueDate"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateIssueMutation, UpdateIssueMutationVariables>;
export const UpdateWorklogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateWorklog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateWorklogInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateWorklog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"worklog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpent"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"started"}},{"kind":"Field","name":{"kind":"Name","value":"comment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"issue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"timeTracking"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"remainingEstimateSeconds"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateWorklogMutation, UpdateWorklogMutationVariables>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"token"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"projects"}},{"kind":"Field","name":{"kind":"Name","value":"allowedIps"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;