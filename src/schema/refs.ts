// The object types several schema modules share, declared once here and
// implemented in their own modules (issue.ts, project.ts, agile.ts, ...). The
// parent of each is the raw Jira JSON it came from, so fields resolve lazily
// from what Jira sent and field pushdown decides what that is.
import type { JiraJson } from '../jira/json.ts';
import { builder } from './builder.ts';

/** Implemented in issue.ts (core fields); other modules add fields with builder.objectFields. */
export const IssueRef = builder.objectRef<JiraJson>('Issue');
/** Implemented in issue.ts. */
export const StatusRef = builder.objectRef<JiraJson>('Status');
export const IssueTypeRef = builder.objectRef<JiraJson>('IssueType');
export const PriorityRef = builder.objectRef<JiraJson>('Priority');
export const ResolutionRef = builder.objectRef<JiraJson>('Resolution');
/** Implemented in project.ts. */
export const ProjectRef = builder.objectRef<JiraJson>('Project');
export const ComponentRef = builder.objectRef<JiraJson>('Component');
export const VersionRef = builder.objectRef<JiraJson>('Version');
/** Implemented in agile.ts; the Sprint custom field's values are sprints too (issue/custom-fields.ts). */
export const SprintRef = builder.objectRef<JiraJson>('Sprint');
