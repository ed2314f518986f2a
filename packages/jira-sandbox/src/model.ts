// The sandbox's own data model: flavour-neutral records that the generator
// fills, JQL evaluates and the routes serialise into Data Center or Cloud
// shapes. Times are epoch milliseconds; text bodies are wiki markup (the
// Cloud routes turn them into Atlassian Document Format on the way out).

export type Flavor = 'datacenter' | 'cloud';

export interface SandboxUser {
  /** Data Center user key (stable, e.g. JIRAUSER10100). */
  key: string;
  /** Data Center username (login name). */
  name: string;
  /** Cloud accountId (opaque, e.g. 5b10ac8d82e05b22cc7d4ef5). */
  accountId: string;
  displayName: string;
  emailAddress: string;
  /** The user's Jira personal access token (DC Bearer) and Cloud API token. */
  token: string;
  active: boolean;
  timeZone: string;
  /** Jira administrator: browses every project. */
  isAdmin: boolean;
  /** Groups the user is in (e.g. jira-software-users). */
  groups: string[];
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface SandboxStatusCategory {
  id: number;
  key: StatusCategoryKey;
  colorName: string;
  name: string;
}

export interface SandboxStatus {
  id: string;
  name: string;
  description: string;
  categoryKey: StatusCategoryKey;
}

export interface SandboxTransition {
  id: string;
  name: string;
  /** Status the transition leads to. */
  toStatusId: string;
  /** Statuses it is offered from; empty means from any status (global). */
  fromStatusIds: string[];
}

export interface SandboxIssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  hierarchyLevel: number;
}

export interface SandboxPriority {
  id: string;
  name: string;
  statusColor: string;
  description: string;
}

export interface SandboxResolution {
  id: string;
  name: string;
  description: string;
}

export interface SandboxComponent {
  id: string;
  name: string;
  description: string;
  leadKey: string | null;
  projectId: string;
}

export interface SandboxVersion {
  id: string;
  name: string;
  description: string;
  archived: boolean;
  released: boolean;
  /** yyyy-mm-dd or null */
  releaseDate: string | null;
  startDate: string | null;
  projectId: string;
}

export interface SandboxProject {
  id: string;
  key: string;
  name: string;
  description: string;
  leadKey: string;
  projectTypeKey: 'software' | 'business';
  /** Keys of users who hold a role in the project that grants Browse Projects. */
  browseUserKeys: string[];
  /** Role name -> user keys (Administrators, Developers, Users). */
  roles: Record<string, string[]>;
  issueTypeIds: string[];
  components: SandboxComponent[];
  versions: SandboxVersion[];
}

export interface SandboxSecurityLevel {
  id: string;
  name: string;
  description: string;
  /** User keys who may see issues at this level. */
  memberKeys: string[];
}

export interface SandboxFieldOption {
  id: string;
  value: string;
}

export type CustomFieldKind = 'storyPoints' | 'sprint' | 'epicLink' | 'select' | 'multiUser';

export interface SandboxCustomField {
  /** Numeric id n of customfield_n (JQL cf[n]). */
  numericId: number;
  /** customfield_n */
  id: string;
  name: string;
  kind: CustomFieldKind;
  /** Jira schema type and custom type key, as /field reports them. */
  schemaType: string;
  schemaItems?: string;
  schemaCustom: string;
  /** Options of a select list. */
  options?: SandboxFieldOption[];
}

/** A comment restricted to a project role or a group (Jira's comment visibility). */
export interface CommentVisibility {
  type: 'role' | 'group';
  /** The role's or the group's name. */
  value: string;
}

export interface SandboxComment {
  id: string;
  authorKey: string;
  updateAuthorKey: string;
  body: string;
  created: number;
  updated: number;
  /** Who may see it; absent or null: everyone who sees the issue. */
  visibility?: CommentVisibility | null;
}

export interface SandboxWorklog {
  id: string;
  authorKey: string;
  updateAuthorKey: string;
  comment: string;
  started: number;
  timeSpentSeconds: number;
  created: number;
  updated: number;
}

export interface SandboxChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface SandboxHistory {
  id: string;
  authorKey: string;
  created: number;
  items: SandboxChangeItem[];
}

export interface SandboxIssueLink {
  id: string;
  /** Link type name (Blocks, Relates, Duplicate). */
  typeName: string;
  /** This issue is the outward side when true (e.g. "blocks"). */
  outward: boolean;
  otherIssueId: string;
}

export interface SandboxIssue {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  summary: string;
  description: string | null;
  statusId: string;
  priorityId: string;
  resolutionId: string | null;
  resolutionDate: number | null;
  assigneeKey: string | null;
  reporterKey: string;
  creatorKey: string;
  created: number;
  updated: number;
  /** yyyy-mm-dd */
  dueDate: string | null;
  labels: string[];
  componentIds: string[];
  fixVersionIds: string[];
  securityLevelId: string | null;
  parentId: string | null;
  links: SandboxIssueLink[];
  /** Original estimate, remaining estimate and time spent, in seconds. */
  timeOriginalEstimate: number | null;
  timeEstimate: number | null;
  timeSpent: number | null;
  /** Custom field id (customfield_n) -> raw value: number, string (epic key),
   *  option id, sprint id list, user key list. */
  customFields: Record<string, number | string | string[] | number[] | null>;
  comments: SandboxComment[];
  worklogs: SandboxWorklog[];
  changelog: SandboxHistory[];
}

export interface SandboxBoard {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  projectId: string;
}

export type SprintState = 'closed' | 'active' | 'future';

export interface SandboxSprint {
  id: number;
  name: string;
  state: SprintState;
  originBoardId: number;
  goal: string;
  startDate: number | null;
  endDate: number | null;
  completeDate: number | null;
}

/** A Data Center personal access token record (/rest/pat/latest/tokens). */
export interface SandboxPat {
  id: number;
  name: string;
  userKey: string;
  rawToken: string;
  createdAt: number;
  expiringAt: number | null;
}

/** Everything the sandbox knows. The generator builds it; writes mutate it. */
export interface SandboxData {
  seed: number;
  /** "Now" for generated dates, fixed by the seed so data is reproducible. */
  now: number;
  users: SandboxUser[];
  statusCategories: SandboxStatusCategory[];
  statuses: SandboxStatus[];
  transitions: SandboxTransition[];
  issueTypes: SandboxIssueType[];
  priorities: SandboxPriority[];
  resolutions: SandboxResolution[];
  projects: SandboxProject[];
  securityLevels: SandboxSecurityLevel[];
  customFields: SandboxCustomField[];
  /** In creation order (ascending id). */
  issues: SandboxIssue[];
  boards: SandboxBoard[];
  sprints: SandboxSprint[];
  pats: SandboxPat[];
  /** Next ids for records created through writes. */
  counters: { issue: number; comment: number; worklog: number; history: number; pat: number };
  /** Next issue number per project key (PROJ-n). */
  projectCounters: Record<string, number>;
}
