// The beans that live under an issue: comments, worklogs, transitions and
// change histories, shared by the issue sub-resources and by the issue's
// comment and worklog fields and its transitions and changelog expands.
import { groupId, visibleComments } from '../comment-visibility.ts';
import type {
  CommentVisibility,
  SandboxComment,
  SandboxHistory,
  SandboxIssue,
  SandboxTransition,
  SandboxWorklog,
} from '../model.ts';
import { hasIssuePermission } from '../permission-scheme.ts';
import type { SandboxStore } from '../store.ts';
import { wikiToHtml } from './adf.ts';
import { statusJson } from './catalog.ts';
import { jiraDateTime } from './common.ts';
import { formatDuration } from './durations.ts';
import { apiUrl, type IssueView, type Json, richText, userRefJson } from './issue-view.ts';

export function commentJson(
  comment: SandboxComment,
  issue: SandboxIssue,
  view: IssueView,
  rendered = false,
): Json {
  const out: Json = {
    self: `${apiUrl(view)}/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: userRefJson(comment.authorKey, view),
    body: rendered ? wikiToHtml(comment.body) : richText(comment.body, view),
    updateAuthor: userRefJson(comment.updateAuthorKey, view),
    created: jiraDateTime(comment.created),
    updated: jiraDateTime(comment.updated),
  };
  if (comment.visibility) out.visibility = visibilityJson(comment.visibility, view);
  if (view.flavor === 'cloud') out.jsdPublic = true;
  return out;
}

/** Data Center names the role or group; Cloud adds an identifier: the role's
 *  name, or the group's id (group names can change there). */
export function visibilityJson(visibility: CommentVisibility, view: IssueView): Json {
  const out: Json = { type: visibility.type, value: visibility.value };
  if (view.flavor === 'cloud') {
    out.identifier = visibility.type === 'group' ? groupId(visibility.value) : visibility.value;
  }
  return out;
}

export function worklogJson(
  worklog: SandboxWorklog,
  issue: SandboxIssue,
  view: IssueView,
  rendered = false,
): Json {
  const out: Json = {
    self: `${apiUrl(view)}/issue/${issue.id}/worklog/${worklog.id}`,
    author: userRefJson(worklog.authorKey, view),
    updateAuthor: userRefJson(worklog.updateAuthorKey, view),
  };
  // v3 omits an empty worklog comment; v2 always carries the string.
  if (rendered) out.comment = wikiToHtml(worklog.comment);
  else if (view.apiVersion !== '3' || worklog.comment !== '') out.comment = richText(worklog.comment, view);
  Object.assign(out, {
    created: jiraDateTime(worklog.created),
    updated: jiraDateTime(worklog.updated),
    started: jiraDateTime(worklog.started),
    timeSpent: formatDuration(worklog.timeSpentSeconds),
    timeSpentSeconds: worklog.timeSpentSeconds,
    id: worklog.id,
    issueId: issue.id,
  });
  return out;
}

/** Transitions the workflow offers from the issue's current status (global ones from any). */
export function availableTransitions(issue: SandboxIssue, store: SandboxStore): SandboxTransition[] {
  return store.data.transitions.filter(
    (t) => t.fromStatusIds.length === 0 || t.fromStatusIds.includes(issue.statusId),
  );
}

/** The transitions the viewer may make: none without Transition Issues, as Jira lists them. */
export function offeredTransitions(issue: SandboxIssue, view: IssueView): SandboxTransition[] {
  return hasIssuePermission(view.store, view.user, issue, 'TRANSITION_ISSUES')
    ? availableTransitions(issue, view.store)
    : [];
}

export function transitionJson(transition: SandboxTransition, view: IssueView): Json {
  const to = view.store.statusesById.get(transition.toStatusId);
  return {
    id: transition.id,
    name: transition.name,
    to: to ? statusJson(to, view.store, view) : undefined,
    hasScreen: false,
    isGlobal: transition.fromStatusIds.length === 0,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  };
}

/** User-valued change items carry user keys; Cloud shows accountIds instead. */
const USER_CHANGE_FIELDS = new Set(['assignee', 'reporter', 'creator']);

export function historyJson(history: SandboxHistory, view: IssueView): Json {
  const userId = (key: string | null): string | null => {
    if (key === null || view.flavor !== 'cloud') return key;
    return view.store.usersByKey.get(key)?.accountId ?? key;
  };
  return {
    id: history.id,
    author: userRefJson(history.authorKey, view),
    created: jiraDateTime(history.created),
    items: history.items.map((item) => {
      const isUser = USER_CHANGE_FIELDS.has(item.fieldId ?? item.field);
      const out: Json = { field: item.field, fieldtype: item.fieldtype };
      // Data Center's ChangeItemBean has no fieldId; Cloud's ChangeDetails does.
      if (view.flavor === 'cloud') out.fieldId = item.fieldId ?? item.field;
      const values: Json = {
        from: isUser ? userId(item.from) : item.from,
        fromString: item.fromString,
        to: isUser ? userId(item.to) : item.to,
        toString: item.toString,
      };
      // Real Jira sends these as null when empty, but both documents type them
      // as non-nullable strings; absent satisfies the documents and clients alike.
      for (const [name, value] of Object.entries(values)) if (value !== null) out[name] = value;
      return out;
    }),
  };
}

export function changelogJson(issue: SandboxIssue, view: IssueView): Json {
  return {
    startAt: 0,
    maxResults: issue.changelog.length,
    total: issue.changelog.length,
    histories: issue.changelog.map((h) => historyJson(h, view)),
  };
}

// ---------------------------------------------------------------- as issue fields

export function commentsFieldJson(issue: SandboxIssue, view: IssueView, rendered: boolean): Json {
  const comments = visibleComments(view.store, view.user, issue);
  const out: Json = {
    comments: comments.map((c) => commentJson(c, issue, view, rendered)),
    maxResults: comments.length,
    total: comments.length,
    startAt: 0,
  };
  if (view.flavor === 'cloud') out.self = `${apiUrl(view)}/issue/${issue.id}/comment`;
  return out;
}

/** The worklog field carries the first 20 worklogs, as Jira's does. */
const ISSUE_WORKLOG_PAGE = 20;

export function worklogsFieldJson(issue: SandboxIssue, view: IssueView, rendered: boolean): Json {
  return {
    startAt: 0,
    maxResults: ISSUE_WORKLOG_PAGE,
    total: issue.worklogs.length,
    worklogs: issue.worklogs.slice(0, ISSUE_WORKLOG_PAGE).map((w) => worklogJson(w, issue, view, rendered)),
  };
}
