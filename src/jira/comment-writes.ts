// Comment writes over a caller's JiraWriter, on both flavours: add, read
// fresh, edit and delete one comment of an issue. Bodies are Jira's own
// shapes (a wiki string or an ADF document, built by the GraphQL layer);
// nothing here knows GraphQL. Jira answers POST and PUT with the comment as
// it now stands, which the caller maps like a read.
import { type JiraJson, obj } from './json.ts';
import type { JiraWriter, WriteRequest } from './writer.ts';

/** Jira's restriction of a comment to a project role or a group (Cloud adds `identifier`). */
export interface JiraCommentVisibility {
  type: 'role' | 'group';
  value?: string;
  identifier?: string;
}

/** What POST and PUT take: the body, and the visibility (left out: visible to all who see the issue). */
export interface CommentWrite {
  body: unknown;
  visibility?: JiraCommentVisibility;
}

export interface CommentWriteOptions {
  /** The REST prefix to use instead of the flavour's (Cloud's /rest/api/2 takes wiki markup). */
  apiPrefix?: WriteRequest['apiPrefix'];
  /** Ask Jira for the body's HTML (renderedBody) in its answer. */
  rendered?: boolean;
}

const commentsPath = (issueKey: string): string => `/issue/${encodeURIComponent(issueKey)}/comment`;
const commentPath = (issueKey: string, id: string): string =>
  `${commentsPath(issueKey)}/${encodeURIComponent(id)}`;

function request(write: CommentWrite | undefined, options: CommentWriteOptions): WriteRequest {
  return {
    ...(write ? { body: write } : {}),
    ...(options.rendered ? { query: { expand: 'renderedBody' } } : {}),
    ...(options.apiPrefix ? { apiPrefix: options.apiPrefix } : {}),
  };
}

/** POST .../comment: the comment Jira made. */
export async function addComment(
  jira: JiraWriter,
  issueKey: string,
  write: CommentWrite,
  options: CommentWriteOptions = {},
): Promise<JiraJson> {
  return obj(await jira.write<unknown>('POST', commentsPath(issueKey), request(write, options)));
}

/** GET .../comment/{id} past the cache, in the flavour's own dialect. */
export async function readComment(
  jira: JiraWriter,
  issueKey: string,
  id: string,
  options: Pick<CommentWriteOptions, 'rendered'> = {},
): Promise<JiraJson> {
  const query = options.rendered ? { expand: 'renderedBody' } : undefined;
  return obj(await jira.readFresh<unknown>(commentPath(issueKey, id), query));
}

/**
 * PUT .../comment/{id}: replaces the body and the visibility (Jira makes a
 * comment put without `visibility` visible to all), answers the comment.
 */
export async function updateComment(
  jira: JiraWriter,
  issueKey: string,
  id: string,
  write: CommentWrite,
  options: CommentWriteOptions = {},
): Promise<JiraJson> {
  return obj(await jira.write<unknown>('PUT', commentPath(issueKey, id), request(write, options)));
}

/** DELETE .../comment/{id} (204). */
export async function deleteComment(jira: JiraWriter, issueKey: string, id: string): Promise<void> {
  await jira.write<unknown>('DELETE', commentPath(issueKey, id));
}
